variable "name" {
  description = "Prefix for every resource name and Name tag, e.g. \"aigw-prod\"."
  type        = string
}

variable "cidr_block" {
  description = "IPv4 CIDR of the VPC. Subnets are carved from it: /20s for the private, /24s at the top of the range for the public ones."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.cidr_block))
    error_message = "cidr_block must be an IPv4 CIDR such as 10.40.0.0/16."
  }
}

variable "availability_zones" {
  description = "Availability zones to spread over (two or three). One private and one public subnet per zone."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2 && length(var.availability_zones) <= 3
    error_message = "Give two or three availability zones: the ALB needs two, more add cost without need."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper) instead of one per zone (survives a zone outage). Provider traffic to OpenAI and Anthropic leaves through NAT."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
