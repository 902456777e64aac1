data "launchdarkly_teams" "all" {}

# An audit: teams synced from the identity provider (SCIM) that nobody maintains. LaunchDarkly cannot
# change their members, and Terraform cannot own them, so someone must answer for each one.
locals {
  unmaintained_scim_teams = [
    for team in data.launchdarkly_teams.all.teams : team.key
    if team.idp_synced && length(team.maintainer_ids) == 0
  ]
}

check "scim_teams_have_maintainers" {
  assert {
    condition     = length(local.unmaintained_scim_teams) == 0
    error_message = "Teams synced from the identity provider without a maintainer: ${join(", ", local.unmaintained_scim_teams)}."
  }
}

# Every member of every team, by team key: an entry for each team, [] for a team without members.
output "members_by_team" {
  value = data.launchdarkly_teams.all.member_ids_by_team_key
}
