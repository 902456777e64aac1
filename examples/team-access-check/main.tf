# A module to copy: turns a team's email addresses into LaunchDarkly member IDs (for approvals, team
# memberships or another provider's resources), checks on every plan that the team's admins use
# multi-factor authentication, and reads the customer the team serves (an organization context) and the
# customer's contact (a user record). Its tests are in tests/: one runs anywhere with a mocked
# provider, one against the provider's bundled mock API (see the "Testing configurations" guide).
terraform {
  required_version = ">= 1.5.0" # check blocks; `terraform test` with mock_provider needs 1.7

  required_providers {
    launchdarkly = {
      source = "tf-launchdarkly/launchdarkly"
    }
  }
}

variable "team_emails" {
  description = "Email addresses of the team's members, in any letter case."
  type        = list(string)
}

variable "project_key" {
  description = "Key of the project the customer's contexts live in."
  type        = string
}

variable "environment_key" {
  description = "Key of the environment the customer's contexts live in."
  type        = string
}

variable "customer_key" {
  description = "Key of the customer's context of kind organization."
  type        = string
}

variable "contact_key" {
  description = "Key of the user record of the customer's contact."
  type        = string
}

# One read for each address. An address two members share is an error that names both.
data "launchdarkly_member" "team" {
  for_each = toset([for email in var.team_emails : lower(email)])

  email = each.key
}

data "launchdarkly_context" "customer" {
  project_key     = var.project_key
  environment_key = var.environment_key
  kind            = "organization"
  key             = var.customer_key
}

data "launchdarkly_user" "contact" {
  project_key     = var.project_key
  environment_key = var.environment_key
  user_key        = var.contact_key
}

output "member_ids" {
  description = "The team's member IDs, in the order of team_emails."
  value       = [for email in var.team_emails : data.launchdarkly_member.team[lower(email)].id]
}

output "customer_plan" {
  description = "The customer's plan, from its context's attributes; null when it has none."
  value       = try(data.launchdarkly_context.customer.attributes.plan, null)
}

output "contact_email" {
  description = "The customer's contact's email address."
  value       = data.launchdarkly_user.contact.user.email
}

locals {
  # The account owner has every admin permission. `!= "enabled"` is true for a null mfa too, so a member
  # the API sent without it counts as one without MFA.
  admins_without_mfa = [
    for member in data.launchdarkly_member.team : member.email
    if contains(["admin", "owner"], member.role) && member.mfa != "enabled"
  ]
}

output "admins_without_mfa" {
  description = "Email addresses of the team's admins who have no multi-factor authentication."
  value       = local.admins_without_mfa
}

# A check warns on plan and apply, it does not stop them; `terraform test` can expect it to fail.
check "team_admins_use_mfa" {
  assert {
    condition     = length(local.admins_without_mfa) == 0
    error_message = "Team admins without multi-factor authentication: ${join(", ", local.admins_without_mfa)}."
  }
}
