output "user_pool_id" {
  description = "ID of the user pool."
  value       = aws_cognito_user_pool.this.id
}

output "issuer" {
  description = "JWT issuer; envoy/envoy.yaml jwt_authn providers.cognito.issuer must equal it."
  value       = "https://${aws_cognito_user_pool.this.endpoint}"
}

output "jwks_uri" {
  description = "JWKS URL; envoy/envoy.yaml jwt_authn remote_jwks.http_uri.uri must equal it."
  value       = "https://${aws_cognito_user_pool.this.endpoint}/.well-known/jwks.json"
}

output "token_endpoint" {
  description = "OAuth2 token endpoint for the client-credentials grant."
  value       = "https://${aws_cognito_user_pool_domain.this.domain}.auth.${data.aws_region.current.name}.amazoncognito.com/oauth2/token"
}

output "scope" {
  description = "The scope agents request."
  value       = "${aws_cognito_resource_server.gateway.identifier}/invoke"
}

output "team_client_ids" {
  description = "App client ID per team: the value of the token's client_id claim, which the processor maps to the team."
  value       = { for team, client in aws_cognito_user_pool_client.team : team => client.id }
}

output "team_client_secrets" {
  description = "App client secret per team; hand each to its team through a secret channel."
  value       = { for team, client in aws_cognito_user_pool_client.team : team => client.client_secret }
  sensitive   = true
}
