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

# The same user read the way every read goes after the Users API's end of life on 2026-12-31: as the
# context of kind "user" with the same key, through the Contexts API.
provider "launchdarkly" {
  alias       = "contexts"
  user_source = "contexts_api"
}

data "launchdarkly_user" "from_contexts" {
  provider        = launchdarkly.contexts
  count           = var.user_key == null ? 0 : 1
  project_key     = var.project_key
  environment_key = var.environment_key
  user_key        = var.user_key
}

# One entry per read: `source` says which API answered.
output "user" {
  value = [for u in concat(data.launchdarkly_user.customer, data.launchdarkly_user.from_contexts) : {
    key       = u.user.key
    name      = u.user.name
    source    = u.source
    last_ping = u.last_ping
    plan      = try(u.user.custom.plan, null)
    seats     = try(u.user.custom.seats, null)
  }]
}

variable "context_kind" {
  description = "Kind of a context to read; leave context_key unset to skip."
  type        = string
  default     = "organization"
}

variable "context_key" {
  description = "Key of the context to read."
  type        = string
  default     = null
}

data "launchdarkly_context" "customer" {
  count           = var.context_key == null ? 0 : 1
  project_key     = var.project_key
  environment_key = var.environment_key
  kind            = var.context_kind
  key             = var.context_key
}

output "context" {
  value = [for c in data.launchdarkly_context.customer : {
    kind     = c.kind
    key      = c.key
    name     = c.name
    plan     = try(c.attributes.plan, null)
    city     = try(c.attributes.address.city, null)
    versions = length(c.versions)
  }]
}
