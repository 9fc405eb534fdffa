# Secret containers only: values are put with `aws secretsmanager put-secret-value` (docs/deployment.md), so no key
# or private key is ever written into the Terraform state.
# - Provider keys are read at run time by the processor (task role), as `aws_secret:` references in its config.
# - Envoy's listener certificate and key are injected by ECS into the envoy container at start (execution role) and
#   written to the files envoy/envoy.yaml names.

resource "aws_secretsmanager_secret" "provider" {
  for_each = var.provider_secrets

  name                    = "${var.name}/providers/${each.key}"
  description             = each.value.description
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = var.tags
}

resource "aws_secretsmanager_secret" "envoy_tls_certificate" {
  name                    = "${var.name}/envoy/tls-certificate"
  description             = "PEM certificate chain of Envoy's listener (the ALB-to-Envoy hop)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = var.tags
}

resource "aws_secretsmanager_secret" "envoy_tls_private_key" {
  name                    = "${var.name}/envoy/tls-private-key"
  description             = "PEM private key of Envoy's listener"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = var.tags
}
