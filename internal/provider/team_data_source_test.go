package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// teamBlock reads one team by key and outputs the whole data source.
func teamBlock(key string) string {
	return fmt.Sprintf(`
data "launchdarkly_team" "test" {
  key = %q
}

output "team" {
  value = data.launchdarkly_team.test
}
`, key)
}

func teamIn(path string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.launchdarkly_team.test", tfjsonpath.New(path), check)
}

func TestAccTeamReads(t *testing.T) {
	runAccCases(t, []accCase{
		{name: "every attribute, members with their emails", config: teamBlock(mockapi.PlatformTeamKey),
			checks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("team", platformTeam(map[string]knownvalue.Check{
				"member_emails_by_id": knownvalue.MapExact(map[string]knownvalue.Check{
					mockapi.FullMemberID: knownvalue.StringExact(mockapi.FullMemberEmail),
				}),
				"projects": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":    knownvalue.StringExact("6511d0c3a8e4f20013b7b001"),
					"key":   knownvalue.StringExact(mockapi.UserProject),
					"name":  knownvalue.StringExact("Web App"),
					"links": knownvalue.MapExact(map[string]knownvalue.Check{"self": link("/api/v2/projects/web-app")}),
				})}),
			}))}},
		{name: "every custom role, past the first page", config: teamBlock(mockapi.ManyRolesTeamKey),
			checks: []statecheck.StateCheck{teamIn("custom_role_keys", knownvalue.ListSizeExact(mockapi.ManyRolesTeamRoleCount))}},
		{name: "every maintainer, past the first page", config: teamBlock(mockapi.ManyMaintainersTeamKey),
			checks: []statecheck.StateCheck{teamIn("maintainer_ids", knownvalue.ListSizeExact(mockapi.ManyMaintainersCount))}},
		{name: "a team without members has empty lists, never null", config: teamBlock(mockapi.EmptyTeamKey),
			checks: []statecheck.StateCheck{
				teamIn("member_ids", knownvalue.ListSizeExact(0)),
				teamIn("custom_role_keys", knownvalue.ListSizeExact(0)),
				teamIn("maintainer_ids", knownvalue.ListSizeExact(0)),
				teamIn("member_emails_by_id", knownvalue.MapSizeExact(0)),
			}},
		{name: "a SCIM-synced team", config: teamBlock(mockapi.SCIMTeamKey),
			checks: []statecheck.StateCheck{teamIn("idp_synced", knownvalue.Bool(true))}},
		{name: "a name in any script, a description left out", config: teamBlock(mockapi.UnicodeTeamKey),
			checks: []statecheck.StateCheck{teamIn("name", knownvalue.StringExact(mockapi.UnicodeTeamName))}},
		{name: "a key in mixed case", config: teamBlock(mockapi.MixedCaseTeamKey),
			checks: []statecheck.StateCheck{teamIn("key", knownvalue.StringExact(mockapi.MixedCaseTeamKey))}},
	})
}

func TestAccTeamErrors(t *testing.T) {
	runAccCases(t, []accCase{
		{name: "an unknown key is named, and nothing is read after the 404", config: teamBlock("platfrom"),
			wantError: words(`Reading LaunchDarkly team "platfrom": not found`, `No LaunchDarkly team has the key "platfrom"`,
				"HTTP 404"),
			requests: func(t *testing.T, api *mockapi.API) {
				if n := api.RequestCount(); n != 1 {
					t.Errorf("%d requests; want the one that got the 404", n)
				}
			}},
		{name: "an empty key is refused before any request", config: teamBlock(""),
			wantError: words("Attribute key string length must be at least 1"), refused: true},
	})
}
