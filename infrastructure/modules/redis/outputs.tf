output "primary_endpoint" {
  description = "Primary endpoint address of the ledger."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "connection_string" {
  description = "Value for budgets.redis in the processor config (StackExchange.Redis syntax, TLS on)."
  value       = "${aws_elasticache_replication_group.this.primary_endpoint_address}:${var.port},ssl=true"
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.redis.id
}
