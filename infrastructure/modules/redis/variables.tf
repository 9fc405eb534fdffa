variable "name" {
  description = "Replication group ID prefix, e.g. \"aigw-prod\" (letters, digits, hyphens; at most 40 characters)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the cache."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the cache nodes."
  type        = list(string)
}

variable "client_security_group_ids" {
  description = "Security groups allowed to connect (the ECS tasks)."
  type        = list(string)
}

variable "node_type" {
  description = "Cache node type. The ledger holds small counters; the smallest Graviton type is plenty."
  type        = string
  default     = "cache.t4g.small"
}

variable "replicas" {
  description = "Read replicas besides the primary; one or more enables automatic failover across zones."
  type        = number
  default     = 1
}

variable "engine_version" {
  description = "Redis OSS engine version."
  type        = string
  default     = "7.1"
}

variable "port" {
  description = "Port of the cache."
  type        = number
  default     = 6379
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
