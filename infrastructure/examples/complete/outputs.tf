output "alb_dns_name" {
  description = "Point the gateway's host name (the certificate's) at this name."
  value       = module.alb.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone of the ALB, for a Route 53 alias record."
  value       = module.alb.zone_id
}

output "jwt_issuer" {
  description = "Put into envoy/envoy.yaml: jwt_authn providers.cognito.issuer."
  value       = module.cognito.issuer
}

output "jwks_uri" {
  description = "Put into envoy/envoy.yaml: jwt_authn providers.cognito.remote_jwks.http_uri.uri."
  value       = module.cognito.jwks_uri
}

output "token_endpoint" {
  description = "Where agents get access tokens (client-credentials grant)."
  value       = module.cognito.token_endpoint
}

output "token_scope" {
  description = "The scope agents request."
  value       = module.cognito.scope
}

output "team_client_ids" {
  description = "Cognito app client per team: put each into the processor config as the team's client id."
  value       = module.cognito.team_client_ids
}

output "team_client_secrets" {
  description = "Cognito app client secrets per team."
  value       = module.cognito.team_client_secrets
  sensitive   = true
}

output "provider_secret_arns" {
  description = "Use as aws_secret: references in the processor config; set the values with put-secret-value."
  value       = module.secrets.provider_secret_arns
}

output "envoy_tls_secret_arns" {
  description = "Secrets for Envoy's listener certificate and key; set the values with put-secret-value."
  value = {
    certificate = module.secrets.envoy_tls_certificate_secret_arn
    private_key = module.secrets.envoy_tls_private_key_secret_arn
  }
}

output "redis_connection_string" {
  description = "budgets.redis for the processor config, or null without the Redis ledger."
  value       = var.enable_redis ? module.redis[0].connection_string : null
}

output "usage_bucket_name" {
  description = "Where the usage/audit records land (usage/yyyy/MM/dd/)."
  value       = module.logging.usage_bucket_name
}

output "ecs_cluster_name" {
  description = "ECS cluster of the gateway."
  value       = module.ecs.cluster_name
}

output "ecs_service_name" {
  description = "ECS service of the gateway."
  value       = module.ecs.service_name
}
