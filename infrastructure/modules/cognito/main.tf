# Machine identity for agents: each team gets an app client with the client-credentials grant; agents fetch an
# access token from the token endpoint and send it as a bearer token. Envoy's jwt_authn checks it against this
# pool's issuer and JWKS (envoy/envoy.yaml) and forwards the payload to the processor, which maps client_id to the
# team (adr/014-identity-jwt-authn.md).

data "aws_region" "current" {}

resource "aws_cognito_user_pool" "this" {
  name                = var.name
  deletion_protection = "ACTIVE"

  # Only machine clients: no self sign-up.
  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  tags = var.tags
}

resource "aws_cognito_user_pool_domain" "this" {
  domain       = var.domain_prefix
  user_pool_id = aws_cognito_user_pool.this.id
}

resource "aws_cognito_resource_server" "gateway" {
  user_pool_id = aws_cognito_user_pool.this.id
  identifier   = var.resource_server_identifier
  name         = "AiGateway"

  scope {
    scope_name        = "invoke"
    scope_description = "Call models through the gateway"
  }
}

resource "aws_cognito_user_pool_client" "team" {
  for_each = var.teams

  name         = "${var.name}-${each.key}"
  user_pool_id = aws_cognito_user_pool.this.id

  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["client_credentials"]
  allowed_oauth_scopes                 = ["${aws_cognito_resource_server.gateway.identifier}/invoke"]
  supported_identity_providers         = ["COGNITO"]
  prevent_user_existence_errors        = "ENABLED"
  enable_token_revocation              = true

  access_token_validity = each.value.access_token_validity_minutes
  token_validity_units {
    access_token = "minutes"
  }
}
