output "dns_name" {
  description = "DNS name of the ALB; point the public host name (the certificate's) at it with an alias record."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Hosted zone of the ALB, for a Route 53 alias record."
  value       = aws_lb.this.zone_id
}

output "arn_suffix" {
  description = "ARN suffix of the ALB (CloudWatch dimensions, request-count scaling)."
  value       = aws_lb.this.arn_suffix
}

output "security_group_id" {
  description = "Security group of the ALB; the tasks accept Envoy traffic only from it."
  value       = aws_security_group.alb.id
}

output "target_group_arn" {
  description = "Target group of the Envoy containers, available once the HTTPS listener forwards to it (an ECS service cannot register with a target group that no listener uses)."
  value       = aws_lb_target_group.envoy.arn

  depends_on = [aws_lb_listener.https]
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (request-count scaling)."
  value       = aws_lb_target_group.envoy.arn_suffix
}

output "https_listener_arn" {
  description = "The HTTPS listener."
  value       = aws_lb_listener.https.arn
}

output "web_acl_arn" {
  description = "The WAF web ACL associated with the ALB."
  value       = aws_wafv2_web_acl.this.arn
}
