output "envoy_log_group_name" {
  description = "Log group of the envoy container (access log)."
  value       = aws_cloudwatch_log_group.envoy.name
}

output "envoy_log_group_arn" {
  description = "ARN of the envoy log group."
  value       = aws_cloudwatch_log_group.envoy.arn
}

output "processor_log_group_name" {
  description = "Log group of the processor container (logs, EMF metrics, usage records)."
  value       = aws_cloudwatch_log_group.processor.name
}

output "processor_log_group_arn" {
  description = "ARN of the processor log group."
  value       = aws_cloudwatch_log_group.processor.arn
}

output "usage_bucket_name" {
  description = "Bucket with the usage/audit records (usage/yyyy/MM/dd/)."
  value       = aws_s3_bucket.usage.bucket
}

output "usage_delivery_stream_arn" {
  description = "Firehose delivery stream of the usage records."
  value       = aws_kinesis_firehose_delivery_stream.usage.arn
}
