# The member behind the provider's token.
data "launchdarkly_member" "me" {
  id = "me"
}

# A member by email address, matched without regard to case.
data "launchdarkly_member" "reviewer" {
  email = "ariel.flores@acme.example"
}

output "reviewer" {
  value = {
    id       = data.launchdarkly_member.reviewer.id
    role     = data.launchdarkly_member.reviewer.role
    teams    = [for team in coalesce(data.launchdarkly_member.reviewer.teams, []) : team.key]
    verified = data.launchdarkly_member.reviewer.verified
  }
}
