# A user's custom attribute feeding another resource: custom attributes keep their JSON types, so a number
# stays a number and a list stays a list.
terraform {
  required_providers {
    launchdarkly = {
      source = "tf-launchdarkly/launchdarkly"
    }
  }
}

provider "launchdarkly" {}

variable "project_key" {
  type    = string
  default = "web-app"
}

variable "environment_key" {
  type    = string
  default = "production"
}

variable "user_key" {
  type    = string
  default = "user-key-123abc"
}

data "launchdarkly_user" "customer" {
  project_key     = var.project_key
  environment_key = var.environment_key
  user_key        = var.user_key
}

locals {
  custom = data.launchdarkly_user.customer.user.custom
}

# terraform_data stands in for any resource whose arguments depend on the customer's plan and seats.
resource "terraform_data" "customer_workspace" {
  input = {
    plan       = try(local.custom.plan, "free")
    seat_limit = try(local.custom.seats, 1) + 5 # arithmetic on a number from LaunchDarkly
    groups     = try(local.custom.groups, [])
  }
}

output "customer_workspace" {
  value = terraform_data.customer_workspace.output
}
