# The shared budget ledger for more than one task (adr/006-budget-ledger.md): reservations are one Lua script per
# request across key and team, so every task must see the same Redis. TLS in transit; the processor connects with
# `budgets.redis: <primary_endpoint>:6379,ssl=true` (output connection_string). Access is limited by the security
# group to the gateway tasks; no AUTH token is set, so none has to be distributed. If your policy requires one, add
# auth_token here and `password=` to the connection string (kept in Secrets Manager, like the provider keys).

resource "aws_elasticache_subnet_group" "this" {
  name       = "${var.name}-ledger"
  subnet_ids = var.subnet_ids

  tags = var.tags
}

resource "aws_security_group" "redis" {
  name        = "${var.name}-ledger"
  description = "Budget ledger (Redis) from the gateway tasks"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-ledger" })
}

resource "aws_vpc_security_group_ingress_rule" "from_tasks" {
  for_each = toset(var.client_security_group_ids)

  security_group_id            = aws_security_group.redis.id
  description                  = "Redis from the gateway tasks"
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = "${var.name}-ledger"
  description          = "AiGateway budget and rate-limit ledger"

  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  port                 = var.port
  num_cache_clusters   = 1 + var.replicas
  parameter_group_name = "default.redis7"

  automatic_failover_enabled = var.replicas > 0
  multi_az_enabled           = var.replicas > 0

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [aws_security_group.redis.id]

  at_rest_encryption_enabled = true
  transit_encryption_enabled = true

  # The ledger's reservations must survive a node restart: keep a daily snapshot as a floor.
  snapshot_retention_limit = 7
  apply_immediately        = false

  tags = var.tags
}
