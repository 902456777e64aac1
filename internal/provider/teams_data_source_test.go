package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

func teamsIn(name, path string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.launchdarkly_teams."+name, tfjsonpath.New(path), check)
}

func TestAccTeamsReads(t *testing.T) {
	runAccCases(t, []accCase{
		{name: "every team, past the first page of 100", config: `
data "launchdarkly_teams" "all" {}

output "platform" {
  value = [for team in data.launchdarkly_teams.all.teams : team if team.key == "platform"][0]
}

output "scim_without_maintainers" {
  value = [for team in data.launchdarkly_teams.all.teams : team.key if team.idp_synced && length(team.maintainer_ids) == 0]
}
`,
			checks: []statecheck.StateCheck{
				teamsIn("all", "total_count", knownvalue.Int64Exact(mockapi.SeedTeamCount)),
				teamsIn("all", "teams", knownvalue.ListSizeExact(mockapi.SeedTeamCount)),
				teamsIn("all", "member_ids_by_team_key", knownvalue.MapSizeExact(mockapi.SeedTeamCount)),
				statecheck.ExpectKnownOutputValue("platform", platformTeam(nil)),
				teamsIn("all", "member_ids_by_team_key", knownvalue.MapPartial(map[string]knownvalue.Check{
					mockapi.PlatformTeamKey: stringList(mockapi.FullMemberID),
					mockapi.QATeamKey:       stringList(mockapi.FullMemberID),
					mockapi.EmptyTeamKey:    knownvalue.ListSizeExact(0),
				})),
				statecheck.ExpectKnownOutputValue("scim_without_maintainers",
					knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.StringExact(mockapi.SCIMTeamKey)})),
			}},
		{name: "a query matches names and keys without regard to case", config: `
data "launchdarkly_teams" "q" {
  query = "PLATFORM"
}
`,
			checks: []statecheck.StateCheck{
				teamsIn("q", "total_count", knownvalue.Int64Exact(1)),
				teamsIn("q", "member_ids_by_team_key", knownvalue.MapExact(map[string]knownvalue.Check{
					mockapi.PlatformTeamKey: stringList(mockapi.FullMemberID),
				})),
			}},
	})
}

func TestAccTeamsInvalidArguments(t *testing.T) {
	runAccCases(t, []accCase{
		{name: "a comma would change the filter", config: `
data "launchdarkly_teams" "bad" {
  query = "a,b"
}
`, wantError: words("must not be empty or contain `,`"), refused: true},
	})
}
