output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "CIDR of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "private_subnet_ids" {
  description = "Private subnets (one per zone): ECS tasks, VPC endpoints, Redis."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Public subnets (one per zone): the ALB and the NAT gateways."
  value       = aws_subnet.public[*].id
}

output "endpoint_security_group_id" {
  description = "Security group of the interface endpoints."
  value       = aws_security_group.endpoints.id
}

output "interface_endpoint_ids" {
  description = "Interface endpoint IDs by service (bedrock-runtime, secretsmanager, logs, ecr.api, ecr.dkr)."
  value       = { for service, endpoint in aws_vpc_endpoint.interface : service => endpoint.id }
}
