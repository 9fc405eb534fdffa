variable "name" {
  description = "Name of the user pool, e.g. \"aigw-prod\"."
  type        = string
}

variable "domain_prefix" {
  description = "Prefix of the Cognito hosted domain (https://<prefix>.auth.<region>.amazoncognito.com) that serves the token endpoint. Globally unique; Cognito refuses prefixes containing \"aws\", \"amazon\" or \"cognito\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.domain_prefix)) && !can(regex("aws|amazon|cognito", var.domain_prefix))
    error_message = "domain_prefix must be lowercase letters, digits and hyphens, and must not contain aws, amazon or cognito."
  }
}

variable "resource_server_identifier" {
  description = "Identifier of the gateway's resource server; scopes are <identifier>/<scope>."
  type        = string
  default     = "aigw"
}

variable "teams" {
  description = "One app client (client credentials) per team; the key is the team name of the processor config. The processor maps the token's client_id claim to the team."
  type = map(object({
    access_token_validity_minutes = optional(number, 60)
  }))
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
