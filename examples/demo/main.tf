# The configuration `make demo` applies. Against the mock API it reads seeded data; against LaunchDarkly,
# set the TF_VAR_* variables below to read your own members and users.
terraform {
  required_providers {
    launchdarkly = {
      source = "tf-launchdarkly/launchdarkly"
    }
  }
}

# Reads LAUNCHDARKLY_ACCESS_TOKEN and LAUNCHDARKLY_API_HOST from the environment.
provider "launchdarkly" {}

variable "member_email" {
  description = "Email address of a member to look up; leave unset to skip."
  type        = string
  default     = null
}

data "launchdarkly_member" "me" {
  id = "me"
}

data "launchdarkly_member" "by_email" {
  count = var.member_email == null ? 0 : 1
  email = var.member_email
}

output "me" {
  value = {
    id    = data.launchdarkly_member.me.id
    email = data.launchdarkly_member.me.email
    name  = join(" ", compact([data.launchdarkly_member.me.first_name, data.launchdarkly_member.me.last_name]))
    role  = data.launchdarkly_member.me.role
    teams = [for team in coalesce(data.launchdarkly_member.me.teams, []) : team.name]
  }
}

output "member_by_email" {
  value = [for m in data.launchdarkly_member.by_email : { id = m.id, email = m.email, role = m.role }]
}

variable "project_key" {
  description = "Project of a user to read; leave the user variables unset to skip."
  type        = string
  default     = null
}

variable "environment_key" {
  description = "Environment of the user to read."
  type        = string
  default     = null
}

variable "user_key" {
  description = "Key of the user to read."
  type        = string
  default     = null
}

data "launchdarkly_user" "customer" {
  count           = var.user_key == null ? 0 : 1
  project_key     = var.project_key
  environment_key = var.environment_key
  user_key        = var.user_key
}

output "user" {
  value = [for u in data.launchdarkly_user.customer : {
    key       = u.user.key
    name      = u.user.name
    last_ping = u.last_ping
    plan      = try(u.user.custom.plan, null)
    seats     = try(u.user.custom.seats, null)
  }]
}
