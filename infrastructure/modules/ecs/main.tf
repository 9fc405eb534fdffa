# One Fargate task, two containers sharing the task's network namespace (adr/012-two-container-task.md):
#   envoy      :8787 TLS, the ALB's target; reaches the processor on 127.0.0.1:50051 (gRPC h2c).
#   processor  :50051 gRPC and :8081 admin, loopback only (server.listen_address 127.0.0.1 in its config).
# Envoy starts only once the processor is HEALTHY (`aigw --health-check` asks its /readyz), because Envoy's
# ext_proc filters fail closed (failure_mode_allow: false): an Envoy without its processor answers every request 500.

data "aws_region" "current" {}

data "aws_vpc" "this" {
  id = var.vpc_id
}

locals {
  region = data.aws_region.current.name

  # Envoy's listener certificate and key arrive as environment variables (ECS secrets) and are written to the files
  # envoy/envoy.yaml names, on a task volume, because the root file system is read-only. The shell runs as root only
  # for that; the image's /docker-entrypoint.sh then drops to the `envoy` user with su-exec. No hot restart
  # in a container (ECS replaces tasks), so Envoy needs no shared memory region.
  envoy_start = join(" && ", [
    "umask 077",
    "printf '%s\\n' \"$ENVOY_TLS_CERTIFICATE\" > /etc/envoy/tls/tls.crt",
    "printf '%s\\n' \"$ENVOY_TLS_PRIVATE_KEY\" > /etc/envoy/tls/tls.key",
    "chown -R envoy:envoy /etc/envoy/tls",
    "unset ENVOY_TLS_CERTIFICATE ENVOY_TLS_PRIVATE_KEY",
    "exec /docker-entrypoint.sh envoy -c /etc/envoy/envoy.yaml --log-level info --drain-time-s 60 --disable-hot-restart",
  ])

  envoy_container = {
    name                   = "envoy"
    image                  = var.envoy_image
    essential              = true
    user                   = "0"
    readonlyRootFilesystem = true
    memoryReservation      = var.envoy_memory_reservation
    stopTimeout            = var.stop_timeout_seconds
    entryPoint             = ["/bin/sh", "-c"]
    command                = [local.envoy_start]
    portMappings = [{
      name          = "https"
      containerPort = var.envoy_port
      protocol      = "tcp"
    }]
    secrets = [
      { name = "ENVOY_TLS_CERTIFICATE", valueFrom = var.envoy_tls_certificate_secret_arn },
      { name = "ENVOY_TLS_PRIVATE_KEY", valueFrom = var.envoy_tls_private_key_secret_arn },
    ]
    mountPoints = [
      { sourceVolume = "envoy-tls", containerPath = "/etc/envoy/tls", readOnly = false },
      { sourceVolume = "envoy-tmp", containerPath = "/tmp", readOnly = false },
    ]
    dependsOn = [{ containerName = "processor", condition = "HEALTHY" }]
    # Envoy's admin interface listens on 127.0.0.1:9901 (envoy/envoy.yaml); /ready answers LIVE once the listeners
    # are up. The image has bash but no curl.
    healthCheck = {
      command     = ["CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9901 && printf 'GET /ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && grep -q LIVE <&3"]
      interval    = 10
      timeout     = 5
      retries     = 3
      startPeriod = 10
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = var.envoy_log_group_name
        awslogs-region        = local.region
        awslogs-stream-prefix = "envoy"
      }
    }
    linuxParameters = { initProcessEnabled = true }
  }

  processor_container = {
    name                   = "processor"
    image                  = var.processor_image
    essential              = true
    readonlyRootFilesystem = true
    stopTimeout            = var.stop_timeout_seconds
    command                = ["serve"]
    environment = [
      for key, value in merge({ AIGW_CONFIG = "/etc/aigw/aigw.yaml", AWS_REGION = local.region, TMPDIR = "/tmp" }, var.processor_environment) :
      { name = key, value = value }
    ]
    mountPoints = [
      { sourceVolume = "processor-tmp", containerPath = "/tmp", readOnly = false },
      # Writable state for a single-replica setup (budgets.sqlite_path, identity.keys_file under /var/lib/aigw);
      # task storage is ephemeral, so production with more than one task uses the Redis ledger.
      { sourceVolume = "processor-state", containerPath = "/var/lib/aigw", readOnly = false },
    ]
    healthCheck = {
      command     = ["CMD", "dotnet", "aigw.dll", "--health-check"]
      interval    = 10
      timeout     = 5
      retries     = 3
      startPeriod = 20
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = var.processor_log_group_name
        awslogs-region        = local.region
        awslogs-stream-prefix = "processor"
      }
    }
    linuxParameters = { initProcessEnabled = true }
  }
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = var.tags
}

resource "aws_security_group" "task" {
  name        = "${var.name}-task"
  description = "AiGateway tasks: Envoy from the ALB; out to providers, AWS endpoints and the ledger"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-task" })
}

resource "aws_vpc_security_group_ingress_rule" "envoy_from_alb" {
  security_group_id            = aws_security_group.task.id
  description                  = "Envoy listener from the ALB"
  referenced_security_group_id = var.alb_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.envoy_port
  to_port                      = var.envoy_port
}

resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.task.id
  description       = "HTTPS to providers (NAT) and to the VPC endpoints"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_egress_rule" "vpc" {
  for_each = toset([for port in var.vpc_egress_ports : tostring(port)])

  security_group_id = aws_security_group.task.id
  description       = "TCP ${each.value} inside the VPC"
  cidr_ipv4         = data.aws_vpc.this.cidr_block
  ip_protocol       = "tcp"
  from_port         = tonumber(each.value)
  to_port           = tonumber(each.value)
}

# DNS for provider host names (STRICT_DNS clusters) goes to the VPC resolver, which security groups do not filter.

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = var.task_role_arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "envoy-tls"
  }

  volume {
    name = "envoy-tmp"
  }

  volume {
    name = "processor-tmp"
  }

  volume {
    name = "processor-state"
  }

  container_definitions = jsonencode([local.processor_container, local.envoy_container])

  tags = var.tags
}

resource "aws_ecs_service" "this" {
  name                               = var.name
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this.arn
  desired_count                      = var.desired_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  health_check_grace_period_seconds  = var.health_check_grace_period_seconds
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  enable_execute_command             = var.enable_execute_command
  propagate_tags                     = "SERVICE"
  enable_ecs_managed_tags            = true

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.task.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = "envoy"
    container_port   = var.envoy_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    # Autoscaling owns the task count after the first apply.
    ignore_changes = [desired_count]
  }

  tags = var.tags
}
