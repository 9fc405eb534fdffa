# Logs of both containers go to CloudWatch (awslogs driver). The usage/audit stream rides the processor's log group:
# the processor writes one JSON usage record per request to stdout, a subscription filter selects those lines and
# sends them to Firehose, which unpacks the CloudWatch envelope and writes plain JSON lines to S3, partitioned by
# day. Chosen over FireLens because FireLens adds a third (log router) container to the task and a second log path
# to operate; see adr/012-two-container-task.md.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_cloudwatch_log_group" "envoy" {
  name              = "/aigw/${var.name}/envoy"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "processor" {
  name              = "/aigw/${var.name}/processor"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

# Firehose reports delivery errors here; it does not create the stream itself.
resource "aws_cloudwatch_log_group" "usage_delivery" {
  name              = "/aigw/${var.name}/usage-delivery"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_cloudwatch_log_stream" "usage_delivery_errors" {
  name           = "s3-delivery"
  log_group_name = aws_cloudwatch_log_group.usage_delivery.name
}

resource "aws_s3_bucket" "usage" {
  bucket = var.usage_bucket_name

  tags = var.tags
}

resource "aws_s3_bucket_public_access_block" "usage" {
  bucket = aws_s3_bucket.usage.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "usage" {
  bucket = aws_s3_bucket.usage.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "usage" {
  bucket = aws_s3_bucket.usage.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "usage" {
  bucket = aws_s3_bucket.usage.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "usage" {
  bucket = aws_s3_bucket.usage.id

  rule {
    id     = "expire-usage-records"
    status = "Enabled"

    filter {}

    expiration {
      days = var.usage_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
}

data "aws_iam_policy_document" "usage_bucket_tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.usage.arn,
      "${aws_s3_bucket.usage.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "usage" {
  bucket = aws_s3_bucket.usage.id
  policy = data.aws_iam_policy_document.usage_bucket_tls_only.json
}

# Firehose writes to the bucket.
data "aws_iam_policy_document" "firehose_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["firehose.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "firehose" {
  name               = "${var.name}-usage-firehose"
  assume_role_policy = data.aws_iam_policy_document.firehose_assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "firehose" {
  statement {
    sid = "WriteUsageRecords"
    actions = [
      "s3:AbortMultipartUpload",
      "s3:GetBucketLocation",
      "s3:GetObject",
      "s3:ListBucket",
      "s3:ListBucketMultipartUploads",
      "s3:PutObject",
    ]
    resources = [
      aws_s3_bucket.usage.arn,
      "${aws_s3_bucket.usage.arn}/*",
    ]
  }

  statement {
    sid       = "DeliveryErrors"
    actions   = ["logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.usage_delivery.arn}:log-stream:${aws_cloudwatch_log_stream.usage_delivery_errors.name}"]
  }
}

resource "aws_iam_role_policy" "firehose" {
  name   = "write-usage-bucket"
  role   = aws_iam_role.firehose.id
  policy = data.aws_iam_policy_document.firehose.json
}

resource "aws_kinesis_firehose_delivery_stream" "usage" {
  name        = "${var.name}-usage"
  destination = "extended_s3"

  server_side_encryption {
    enabled = true
  }

  extended_s3_configuration {
    role_arn   = aws_iam_role.firehose.arn
    bucket_arn = aws_s3_bucket.usage.arn
    # One folder per day; Athena can project the partition from the path.
    prefix              = "usage/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/"
    error_output_prefix = "errors/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/"
    buffering_size      = 64
    buffering_interval  = 300
    compression_format  = "GZIP"

    # CloudWatch Logs delivers gzip'd envelopes with many log events; unpack them and keep only the message, one
    # record per line, so the objects are plain JSON lines.
    processing_configuration {
      enabled = true

      processors {
        type = "Decompression"

        parameters {
          parameter_name  = "CompressionFormat"
          parameter_value = "GZIP"
        }
      }

      processors {
        type = "CloudWatchLogProcessing"

        parameters {
          parameter_name  = "DataMessageExtraction"
          parameter_value = "true"
        }
      }

      processors {
        type = "AppendDelimiterToRecord"
      }
    }

    cloudwatch_logging_options {
      enabled         = true
      log_group_name  = aws_cloudwatch_log_group.usage_delivery.name
      log_stream_name = aws_cloudwatch_log_stream.usage_delivery_errors.name
    }
  }

  tags = var.tags
}

# CloudWatch Logs puts the selected records into Firehose.
data "aws_iam_policy_document" "logs_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.name}.amazonaws.com"]
    }

    condition {
      test     = "StringLike"
      variable = "aws:SourceArn"
      values   = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*"]
    }
  }
}

resource "aws_iam_role" "logs_to_firehose" {
  name               = "${var.name}-usage-subscription"
  assume_role_policy = data.aws_iam_policy_document.logs_assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "logs_to_firehose" {
  statement {
    sid       = "PutUsageRecords"
    actions   = ["firehose:PutRecord", "firehose:PutRecordBatch"]
    resources = [aws_kinesis_firehose_delivery_stream.usage.arn]
  }
}

resource "aws_iam_role_policy" "logs_to_firehose" {
  name   = "put-usage-records"
  role   = aws_iam_role.logs_to_firehose.id
  policy = data.aws_iam_policy_document.logs_to_firehose.json
}

resource "aws_cloudwatch_log_subscription_filter" "usage" {
  name            = "${var.name}-usage"
  log_group_name  = aws_cloudwatch_log_group.processor.name
  filter_pattern  = var.usage_filter_pattern
  destination_arn = aws_kinesis_firehose_delivery_stream.usage.arn
  role_arn        = aws_iam_role.logs_to_firehose.arn
  distribution    = "ByLogStream"
}
