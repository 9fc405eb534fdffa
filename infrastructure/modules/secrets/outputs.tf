output "provider_secret_arns" {
  description = "Provider secret ARNs by name; use them as aws_secret: references in the processor config."
  value       = { for name, secret in aws_secretsmanager_secret.provider : name => secret.arn }
}

output "envoy_tls_certificate_secret_arn" {
  description = "Secret holding Envoy's listener certificate chain (PEM)."
  value       = aws_secretsmanager_secret.envoy_tls_certificate.arn
}

output "envoy_tls_private_key_secret_arn" {
  description = "Secret holding Envoy's listener private key (PEM)."
  value       = aws_secretsmanager_secret.envoy_tls_private_key.arn
}
