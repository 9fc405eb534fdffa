# A complete AiGateway deployment: network, ALB + WAF, one ECS service of two-container tasks, IAM, secrets, Cognito,
# logs with the usage stream to S3, autoscaling and (optionally) the Redis ledger. docs/deployment.md walks through
# it; docs/architecture.md shows the request path through these pieces.

locals {
  redis_port = 6379

  # The embedded SQLite ledger is per task: without Redis the service must not scale out (adr/006-budget-ledger.md).
  min_tasks = var.enable_redis ? var.min_tasks : 1
  max_tasks = var.enable_redis ? var.max_tasks : 1
}

module "network" {
  source = "../../modules/network"

  name               = var.name
  cidr_block         = var.vpc_cidr_block
  availability_zones = var.availability_zones
  single_nat_gateway = var.single_nat_gateway
}

module "secrets" {
  source = "../../modules/secrets"

  name             = var.name
  provider_secrets = var.provider_secrets
}

module "cognito" {
  source = "../../modules/cognito"

  name          = var.name
  domain_prefix = var.cognito_domain_prefix
  teams         = var.teams
}

module "logging" {
  source = "../../modules/logging"

  name              = var.name
  usage_bucket_name = var.usage_bucket_name
}

module "iam" {
  source = "../../modules/iam"

  name                           = var.name
  bedrock_model_arns             = var.bedrock_model_arns
  bedrock_inference_profile_arns = var.bedrock_inference_profile_arns
  bedrock_guardrail_arns         = var.bedrock_guardrail_arns
  processor_secret_arns          = values(module.secrets.provider_secret_arns)
  container_secret_arns = [
    module.secrets.envoy_tls_certificate_secret_arn,
    module.secrets.envoy_tls_private_key_secret_arn,
  ]
  ecr_repository_arns = var.ecr_repository_arns
  log_group_arns = [
    module.logging.envoy_log_group_arn,
    module.logging.processor_log_group_arn,
  ]
}

module "alb" {
  source = "../../modules/alb"

  name                = var.name
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.public_subnet_ids
  certificate_arn     = var.certificate_arn
  ingress_cidr_blocks = var.ingress_cidr_blocks
}

module "ecs" {
  source = "../../modules/ecs"

  name                             = var.name
  vpc_id                           = module.network.vpc_id
  subnet_ids                       = module.network.private_subnet_ids
  alb_security_group_id            = module.alb.security_group_id
  target_group_arn                 = module.alb.target_group_arn
  envoy_image                      = var.envoy_image
  processor_image                  = var.processor_image
  cpu_architecture                 = var.cpu_architecture
  desired_count                    = local.min_tasks
  execution_role_arn               = module.iam.execution_role_arn
  task_role_arn                    = module.iam.task_role_arn
  envoy_log_group_name             = module.logging.envoy_log_group_name
  processor_log_group_name         = module.logging.processor_log_group_name
  envoy_tls_certificate_secret_arn = module.secrets.envoy_tls_certificate_secret_arn
  envoy_tls_private_key_secret_arn = module.secrets.envoy_tls_private_key_secret_arn
  vpc_egress_ports                 = var.enable_redis ? [local.redis_port] : []
}

module "redis" {
  source = "../../modules/redis"
  count  = var.enable_redis ? 1 : 0

  name                      = var.name
  vpc_id                    = module.network.vpc_id
  subnet_ids                = module.network.private_subnet_ids
  client_security_group_ids = [module.ecs.task_security_group_id]
  port                      = local.redis_port
}

module "autoscaling" {
  source = "../../modules/autoscaling"

  cluster_name            = module.ecs.cluster_name
  service_name            = module.ecs.service_name
  min_tasks               = local.min_tasks
  max_tasks               = local.max_tasks
  alb_arn_suffix          = module.alb.arn_suffix
  target_group_arn_suffix = module.alb.target_group_arn_suffix
}
