variable "name" {
  description = "Prefix of the role names, e.g. \"aigw-prod\"."
  type        = string
}

variable "bedrock_model_arns" {
  description = "Foundation-model ARNs the processor may invoke (every region a cross-region inference profile routes to), e.g. arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0. Empty when no backend uses Bedrock."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.bedrock_model_arns : can(regex("^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]*:(foundation-model|custom-model|provisioned-model|imported-model)/[^*]+$", arn))])
    error_message = "Each bedrock_model_arns entry must be a Bedrock model ARN without wildcards."
  }
}

variable "bedrock_inference_profile_arns" {
  description = "Inference-profile ARNs the processor may invoke (e.g. the us.anthropic.* cross-region profiles). Bedrock authorizes a profile call on the profile and on the foundation models it routes to, so list those models in bedrock_model_arns too."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.bedrock_inference_profile_arns : can(regex("^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]+:(inference-profile|application-inference-profile)/[^*]+$", arn))])
    error_message = "Each bedrock_inference_profile_arns entry must be an inference-profile ARN without wildcards."
  }
}

variable "bedrock_guardrail_arns" {
  description = "Guardrail ARNs the processor may apply (guardrails.bedrock in the processor config)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.bedrock_guardrail_arns : can(regex("^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]+:guardrail/[^*]+$", arn))])
    error_message = "Each bedrock_guardrail_arns entry must be a guardrail ARN without wildcards."
  }
}

variable "processor_secret_arns" {
  description = "Secrets the processor reads at run time (provider keys named as aws_secret: in its config)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.processor_secret_arns : can(regex("^arn:aws[a-z-]*:", arn)) && !strcontains(arn, "*")])
    error_message = "Each processor_secret_arns entry must be a secret ARN without wildcards: the policy names exactly these resources."
  }
}

variable "container_secret_arns" {
  description = "Secrets ECS injects into the containers at start (Envoy's TLS certificate and key): read by the execution role, not the task."
  type        = list(string)

  validation {
    condition     = alltrue([for arn in var.container_secret_arns : can(regex("^arn:aws[a-z-]*:", arn)) && !strcontains(arn, "*")])
    error_message = "Each container_secret_arns entry must be a secret ARN without wildcards: the policy names exactly these resources."
  }
}

variable "secrets_kms_key_arn" {
  description = "Customer-managed KMS key of those secrets, or null when they use the aws/secretsmanager key (no grant needed)."
  type        = string
  default     = null
}

variable "ecr_repository_arns" {
  description = "ECR repositories of the envoy and processor images. Empty when the images come from a public registry."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.ecr_repository_arns : can(regex("^arn:aws[a-z-]*:", arn)) && !strcontains(arn, "*")])
    error_message = "Each ecr_repository_arns entry must be a repository ARN without wildcards: the policy names exactly these resources."
  }
}

variable "log_group_arns" {
  description = "Log groups the containers write to (awslogs driver, execution role)."
  type        = list(string)

  validation {
    condition     = alltrue([for arn in var.log_group_arns : can(regex("^arn:aws[a-z-]*:", arn)) && !strcontains(arn, "*")])
    error_message = "Each log_group_arns entry must be a log group ARN without wildcards: the policy names exactly these resources."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
