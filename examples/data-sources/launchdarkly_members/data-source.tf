# A team's email addresses turned into member IDs, for a team or role assignment. An address that
# matches no member fails the plan, and the error names every such address.
locals {
  platform_team = ["ariel.flores@acme.example", "Sam.Lee@acme.example", "dev+ci@acme.example"]
}

data "launchdarkly_members" "platform_team" {
  emails = local.platform_team
}

output "platform_team_member_ids" {
  # ids_by_email is keyed by the lower-cased address.
  value = [for email in local.platform_team : data.launchdarkly_members.platform_team.ids_by_email[lower(email)]]
}

# Audit: admins (the account owner counts as one) without multi-factor authentication.
data "launchdarkly_members" "admins" {
  roles = ["admin"]
  sort  = "displayName"
}

output "admins_without_mfa" {
  value = [for member in data.launchdarkly_members.admins.members : member.email if member.mfa != "enabled"]
}

# Audit: members who have not signed in since the start of the year, or never have.
data "launchdarkly_members" "inactive" {
  last_seen_before = "2026-01-01T00:00:00Z"
  sort             = "lastSeen"
}

data "launchdarkly_members" "never_signed_in" {
  last_seen_never = true
}

output "inactive_members" {
  value = concat(
    data.launchdarkly_members.never_signed_in.members[*].email,
    data.launchdarkly_members.inactive.members[*].email,
  )
}
