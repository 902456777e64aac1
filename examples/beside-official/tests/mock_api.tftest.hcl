# This provider against its bundled mock API, beside a stand-in for LaunchDarkly's provider that only
# records the team in the state (internal/officialstandin): `make examples-check` starts the mock and
# points both providers at them. Against LaunchDarkly, `terraform test` would create the team.

run "the_team_gets_member_ids_from_this_provider" {
  command = apply

  assert {
    condition = launchdarkly_team.platform.member_ids == toset([
      "6511d0c3a8e4f20013b70001", "6511d0c3a8e4f20013b70002", "6511d0c3a8e4f20013b70007",
    ])
    error_message = "member_ids is ${jsonencode(launchdarkly_team.platform.member_ids)}."
  }

  # The mock's token belongs to ariel.flores.
  assert {
    condition     = launchdarkly_team.platform.maintainers == toset(["6511d0c3a8e4f20013b70001"])
    error_message = "maintainers is ${jsonencode(launchdarkly_team.platform.maintainers)}."
  }
}
