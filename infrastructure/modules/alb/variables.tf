variable "name" {
  description = "Prefix for resource names, e.g. \"aigw-prod\" (the ALB name is limited to 32 characters)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the ALB and its target group."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets of the ALB: public ones for an internet-facing ALB, private ones when internal = true."
  type        = list(string)
}

variable "internal" {
  description = "Internal ALB (reached only from inside the VPC or over peering/Transit Gateway) instead of internet-facing."
  type        = bool
  default     = false
}

variable "certificate_arn" {
  description = "ACM certificate of the public host name, served by the HTTPS listener."
  type        = string
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener (TLS 1.2 and 1.3 only)."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "ingress_cidr_blocks" {
  description = "IPv4 ranges allowed to reach the listeners. Narrow it to the agents' networks when you can."
  type        = list(string)
}

variable "target_port" {
  description = "Envoy's listener port in the task (envoy/envoy.yaml, aigw_listener)."
  type        = number
  default     = 8787
}

variable "health_check_path" {
  description = "Path of Envoy's health route (envoy/envoy.yaml answers it without authentication)."
  type        = string
  default     = "/healthz"
}

variable "idle_timeout_seconds" {
  description = "ALB idle timeout. A streamed completion may pause between chunks (long thinking); 600 s leaves room, the default 60 s cuts such streams."
  type        = number
  default     = 600

  validation {
    condition     = var.idle_timeout_seconds >= 60 && var.idle_timeout_seconds <= 4000
    error_message = "idle_timeout_seconds must be between 60 and 4000 (the ALB maximum)."
  }
}

variable "deregistration_delay_seconds" {
  description = "How long a stopping task keeps its in-flight requests (streams) before the ALB drops them."
  type        = number
  default     = 120
}

variable "waf_rate_limit_per_ip" {
  description = "Requests per source IP per 5 minutes before the WAF blocks; budgets and rate limits per team are the processor's job, this only stops floods."
  type        = number
  default     = 6000
}

variable "waf_body_inspection_rules_to_count" {
  description = "Rules of AWSManagedRulesCommonRuleSet switched to count only: the body rules. Prompts exceed 8 KB (SizeRestrictions_BODY) and coding agents send code, URLs and paths that the XSS, LFI, RFI and SSRF body rules would block; the body is the model's input, never executed by the gateway."
  type        = list(string)
  default = [
    "SizeRestrictions_BODY",
    "CrossSiteScripting_BODY",
    "GenericLFI_BODY",
    "GenericRFI_BODY",
    "EC2MetaDataSSRF_BODY",
  ]
}

variable "deletion_protection" {
  description = "Protect the ALB from terraform destroy."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
