# Two roles with separate jobs (adr/012-two-container-task.md):
# - execution role: what ECS itself does to start the task (pull images, create log streams, inject the secrets of
#   the container definitions);
# - task role: what the processor does while serving (call Bedrock, read provider keys). Envoy needs no AWS
#   permission: it signs nothing, the processor does (DESIGN.md §2, upstream ext_proc).
# Every statement names its resources (the variables reject ARNs with wildcards, which the static check cannot see);
# the one wildcard (ecr:GetAuthorizationToken) is allow-listed with its reason in
# tests/static-checks/iam-wildcard-allowlist.json.

data "aws_caller_identity" "current" {}

locals {
  bedrock_invoke_arns  = concat(var.bedrock_model_arns, var.bedrock_inference_profile_arns)
  task_has_permissions = length(local.bedrock_invoke_arns) + length(var.bedrock_guardrail_arns) + length(var.processor_secret_arns) > 0
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    # Confused-deputy guard: only tasks of this account may assume the roles.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-execution"
  description        = "ECS starts the AiGateway task: image pull, log streams, container secrets"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "execution" {
  dynamic "statement" {
    for_each = length(var.ecr_repository_arns) > 0 ? [1] : []

    content {
      sid       = "EcrAuthorizationToken"
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = length(var.ecr_repository_arns) > 0 ? [1] : []

    content {
      sid = "PullImages"
      actions = [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
      ]
      resources = var.ecr_repository_arns
    }
  }

  statement {
    sid       = "WriteContainerLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [for arn in var.log_group_arns : "${arn}:log-stream:*"]
  }

  statement {
    sid       = "InjectContainerSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = var.container_secret_arns
  }

  dynamic "statement" {
    for_each = var.secrets_kms_key_arn == null ? [] : [var.secrets_kms_key_arn]

    content {
      sid       = "DecryptContainerSecrets"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "start-task"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  description        = "The AiGateway processor: Bedrock calls and provider keys"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "task" {
  # Converse and ConverseStream have no IAM actions of their own: Bedrock authorizes them as InvokeModel and
  # InvokeModelWithResponseStream. CountTokens is its own action.
  dynamic "statement" {
    for_each = length(local.bedrock_invoke_arns) > 0 ? [1] : []

    content {
      sid = "InvokeConfiguredModels"
      actions = [
        "bedrock:CountTokens",
        "bedrock:InvokeModel",
        "bedrock:InvokeModelWithResponseStream",
      ]
      resources = local.bedrock_invoke_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.bedrock_guardrail_arns) > 0 ? [1] : []

    content {
      sid       = "ApplyConfiguredGuardrails"
      actions   = ["bedrock:ApplyGuardrail"]
      resources = var.bedrock_guardrail_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.processor_secret_arns) > 0 ? [1] : []

    content {
      sid       = "ReadProviderKeys"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = var.processor_secret_arns
    }
  }

  dynamic "statement" {
    for_each = var.secrets_kms_key_arn != null && length(var.processor_secret_arns) > 0 ? [var.secrets_kms_key_arn] : []

    content {
      sid       = "DecryptProviderKeys"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

# A policy document needs at least one statement: without Bedrock and provider secrets the task role has no policy.
resource "aws_iam_role_policy" "task" {
  count = local.task_has_permissions ? 1 : 0

  name   = "serve-requests"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}
