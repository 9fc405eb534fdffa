variable "name" {
  description = "Prefix of the secret names, e.g. \"aigw-prod\" gives aigw-prod/providers/openai."
  type        = string
}

variable "provider_secrets" {
  description = "Provider credentials to create, by name (the processor config refers to them as aws_secret: <ARN>). Values are set outside Terraform so they never enter the state."
  type = map(object({
    description = string
  }))
  default = {
    openai    = { description = "OpenAI API key" }
    anthropic = { description = "Anthropic API key" }
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the secrets; null uses the account's aws/secretsmanager key."
  type        = string
  default     = null
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret can be restored."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
