variable "name" {
  description = "Prefix of the cluster, service, task family and security group, e.g. \"aigw-prod\"."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the tasks."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the tasks."
  type        = list(string)
}

variable "alb_security_group_id" {
  description = "Security group of the ALB; only it may reach Envoy's listener."
  type        = string
}

variable "target_group_arn" {
  description = "ALB target group that forwards to the envoy container."
  type        = string
}

variable "envoy_image" {
  description = "Envoy image with envoy/envoy.yaml at /etc/envoy/envoy.yaml (docs/deployment.md), pinned by digest. Its base is the official envoyproxy/envoy image of the version docker-compose.yml pins."
  type        = string
}

variable "processor_image" {
  description = "Processor image (processor/Dockerfile) with the deployment's aigw.yaml at /etc/aigw/aigw.yaml, pinned by digest."
  type        = string
}

variable "cpu_architecture" {
  description = "CPU architecture of the task: ARM64 (Graviton, cheaper) or X86_64. The images must be built for it."
  type        = string
  default     = "ARM64"

  validation {
    condition     = contains(["ARM64", "X86_64"], var.cpu_architecture)
    error_message = "cpu_architecture must be ARM64 or X86_64."
  }
}

variable "task_cpu" {
  description = "Task CPU units (both containers). The processor does the JSON work; Envoy mostly moves bytes."
  type        = number
  default     = 1024
}

variable "task_memory" {
  description = "Task memory in MiB (both containers). Buffered prompts of up to 50 MiB live in both containers at once."
  type        = number
  default     = 2048
}

variable "envoy_memory_reservation" {
  description = "Soft memory reservation of the envoy container in MiB; the processor gets the rest of the task."
  type        = number
  default     = 512
}

variable "desired_count" {
  description = "Initial number of tasks; autoscaling changes it afterwards (Terraform ignores later drift)."
  type        = number
  default     = 2
}

variable "execution_role_arn" {
  description = "Role ECS uses to start the task (image pull, logs, container secrets)."
  type        = string
}

variable "task_role_arn" {
  description = "Role of the running task (the processor's Bedrock and Secrets Manager calls)."
  type        = string
}

variable "envoy_log_group_name" {
  description = "CloudWatch log group of the envoy container."
  type        = string
}

variable "processor_log_group_name" {
  description = "CloudWatch log group of the processor container (its usage records are forwarded to S3 from there)."
  type        = string
}

variable "envoy_tls_certificate_secret_arn" {
  description = "Secret with the PEM certificate chain of Envoy's listener."
  type        = string
}

variable "envoy_tls_private_key_secret_arn" {
  description = "Secret with the PEM private key of Envoy's listener."
  type        = string
}

variable "envoy_port" {
  description = "Envoy's listener port (envoy/envoy.yaml aigw_listener)."
  type        = number
  default     = 8787
}

variable "processor_environment" {
  description = "Extra environment of the processor container (e.g. AWS_REGION overrides). No secrets here: secrets are aws_secret: references in its config."
  type        = map(string)
  default     = {}
}

variable "vpc_egress_ports" {
  description = "TCP ports the tasks may open inside the VPC besides 443 (e.g. 6379 for the Redis ledger)."
  type        = list(number)
  default     = []
}

variable "health_check_grace_period_seconds" {
  description = "Time after a task starts before failing ALB health checks count: Envoy starts only after the processor is healthy."
  type        = number
  default     = 60
}

variable "stop_timeout_seconds" {
  description = "Seconds between SIGTERM and SIGKILL for each container (Fargate maximum 120): time for in-flight streams to finish."
  type        = number
  default     = 120
}

variable "enable_execute_command" {
  description = "Allow ECS Exec into the containers (needs SSM permissions on the task role, not granted by the iam module)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
