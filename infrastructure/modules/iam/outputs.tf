output "execution_role_arn" {
  description = "Role ECS uses to start the task."
  value       = aws_iam_role.execution.arn
}

output "task_role_arn" {
  description = "Role of the running task (the processor's AWS calls)."
  value       = aws_iam_role.task.arn
}

output "task_role_name" {
  description = "Name of the task role, to attach further policies (e.g. a KMS grant) outside this module."
  value       = aws_iam_role.task.name
}
