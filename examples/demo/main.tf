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
