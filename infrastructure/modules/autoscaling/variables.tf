variable "cluster_name" {
  description = "ECS cluster of the service."
  type        = string
}

variable "service_name" {
  description = "ECS service to scale."
  type        = string
}

variable "min_tasks" {
  description = "Fewest tasks; two keeps the gateway up when one zone or task fails."
  type        = number
  default     = 2
}

variable "max_tasks" {
  description = "Most tasks. With the SQLite ledger it must be 1 (adr/006-budget-ledger.md); use the Redis ledger beyond."
  type        = number
  default     = 10

  validation {
    condition     = var.max_tasks >= 1
    error_message = "max_tasks must be at least 1."
  }
}

variable "cpu_target_percent" {
  description = "Average task CPU the service is scaled to keep."
  type        = number
  default     = 60
}

variable "requests_per_task_target" {
  description = "ALB requests per task per minute the service is scaled to keep; null scales on CPU only. LLM requests are long, so this is low."
  type        = number
  default     = 600
}

variable "alb_arn_suffix" {
  description = "ARN suffix of the ALB (for request-count scaling)."
  type        = string
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the Envoy target group (for request-count scaling)."
  type        = string
}

variable "scale_in_cooldown_seconds" {
  description = "Wait after a scale-in before the next: stopping tasks drain their streams first."
  type        = number
  default     = 300
}

variable "scale_out_cooldown_seconds" {
  description = "Wait after a scale-out before the next."
  type        = number
  default     = 60
}
