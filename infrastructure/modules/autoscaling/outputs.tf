output "min_tasks" {
  description = "Fewest tasks."
  value       = aws_appautoscaling_target.service.min_capacity
}

output "max_tasks" {
  description = "Most tasks."
  value       = aws_appautoscaling_target.service.max_capacity
}
