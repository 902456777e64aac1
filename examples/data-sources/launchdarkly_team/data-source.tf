variable "team_key" {
  description = "The key of the team to read."
  type        = string
  default     = "platform"
}

data "launchdarkly_team" "this" {
  key = var.team_key
}

# The team's members' email addresses, for a notification list or a review.
output "member_emails" {
  value = sort(values(data.launchdarkly_team.this.member_emails_by_id))
}

output "custom_roles" {
  value = data.launchdarkly_team.this.custom_role_keys
}
