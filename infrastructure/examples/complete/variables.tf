variable "region" {
  description = "AWS region of the gateway (and of its Bedrock calls unless the processor config says otherwise)."
  type        = string
}

variable "name" {
  description = "Name of this deployment, the prefix of every resource, e.g. \"aigw-prod\". Lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name must be 2 to 21 lowercase letters, digits or hyphens, starting with a letter (the ALB target group name adds 6 characters and is limited to 32)."
  }
}

variable "availability_zones" {
  description = "Two or three availability zones of the region."
  type        = list(string)
}

variable "vpc_cidr_block" {
  description = "CIDR of the gateway's VPC."
  type        = string
  default     = "10.40.0.0/16"
}

variable "single_nat_gateway" {
  description = "One NAT gateway instead of one per zone (cheaper, not zone-redundant)."
  type        = bool
  default     = false
}

variable "certificate_arn" {
  description = "ACM certificate of the gateway's public host name."
  type        = string
}

variable "ingress_cidr_blocks" {
  description = "Client networks allowed to reach the ALB."
  type        = list(string)
}

variable "envoy_image" {
  description = "Envoy image with the deployment's envoy.yaml (docs/deployment.md), pinned by digest."
  type        = string
}

variable "processor_image" {
  description = "Processor image with the deployment's aigw.yaml (docs/deployment.md), pinned by digest."
  type        = string
}

variable "cpu_architecture" {
  description = "ARM64 or X86_64; the images must be built for it."
  type        = string
  default     = "ARM64"
}

variable "ecr_repository_arns" {
  description = "ECR repositories holding the two images."
  type        = list(string)
}

variable "bedrock_model_arns" {
  description = "Foundation models the processor may invoke (see the iam module)."
  type        = list(string)
  default     = []
}

variable "bedrock_inference_profile_arns" {
  description = "Inference profiles the processor may invoke (see the iam module)."
  type        = list(string)
  default     = []
}

variable "bedrock_guardrail_arns" {
  description = "Bedrock guardrails the processor may apply."
  type        = list(string)
  default     = []
}

variable "provider_secrets" {
  description = "Provider credentials to create in Secrets Manager, by name."
  type = map(object({
    description = string
  }))
  default = {
    openai    = { description = "OpenAI API key" }
    anthropic = { description = "Anthropic API key" }
  }
}

variable "cognito_domain_prefix" {
  description = "Globally unique prefix of the Cognito domain serving the token endpoint."
  type        = string
}

variable "teams" {
  description = "Teams that get a Cognito app client (client credentials), by team name as in the processor config."
  type = map(object({
    access_token_validity_minutes = optional(number, 60)
  }))
}

variable "usage_bucket_name" {
  description = "Globally unique name of the S3 bucket for usage/audit records."
  type        = string
}

variable "enable_redis" {
  description = "Create the ElastiCache Redis ledger and allow more than one task. Without it the processor uses its embedded SQLite ledger and the service runs exactly one task."
  type        = bool
  default     = true
}

variable "min_tasks" {
  description = "Fewest tasks when enable_redis is true."
  type        = number
  default     = 2
}

variable "max_tasks" {
  description = "Most tasks when enable_redis is true."
  type        = number
  default     = 10
}

variable "tags" {
  description = "Tags on every resource (provider default_tags)."
  type        = map(string)
  default     = {}
}
