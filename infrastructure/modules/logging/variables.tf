variable "name" {
  description = "Prefix of the log groups, delivery stream, bucket and roles, e.g. \"aigw-prod\"."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the envoy and processor log groups (access log, processor logs, EMF metrics)."
  type        = number
  default     = 30
}

variable "usage_bucket_name" {
  description = "S3 bucket for the usage/audit records (one JSON line per request). Globally unique."
  type        = string
}

variable "usage_retention_days" {
  description = "Days the usage records are kept in S3 (cost reports and audits)."
  type        = number
  default     = 400
}

variable "usage_filter_pattern" {
  description = "CloudWatch Logs filter pattern that selects the processor's usage records (telemetry.usage_records: stdout) among its log lines."
  type        = string
  # Every usage record has a numeric usage.input_tokens and cost_usd (processor/Telemetry/UsageRecordWriter.cs);
  # log lines and EMF lines have neither.
  default = "{ $.usage.input_tokens >= 0 && $.cost_usd >= 0 }"
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the log groups and the bucket; null uses AWS-owned keys (logs) and SSE-S3 (bucket)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
