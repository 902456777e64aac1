package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

func contextKindsBlock(project string) string {
	return fmt.Sprintf(`
data "launchdarkly_context_kinds" "test" {
  project_key = %q
}
`, project)
}

func contextKindsIn(path tfjsonpath.Path, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.launchdarkly_context_kinds.test", path, check)
}

func TestAccContextKindsReads(t *testing.T) {
	kinds := tfjsonpath.New("context_kinds")
	runAccCases(t, []accCase{
		{name: "every kind, archived and never seen ones too", config: contextKindsBlock(mockapi.ContextKindsProject),
			checks: []statecheck.StateCheck{
				contextKindsIn(tfjsonpath.New("keys"), stringList("user", "organization", "device",
					mockapi.NeverSeenContextKind, mockapi.ArchivedContextKind)),
				contextKindsIn(kinds.AtSliceIndex(1), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"key":               knownvalue.StringExact("organization"),
					"name":              knownvalue.StringExact("Organization"),
					"description":       knownvalue.StringExact("Companies"),
					"version":           knownvalue.Int64Exact(3),
					"creation_date":     knownvalue.Int64Exact(1620000000000),
					"last_modified":     knownvalue.Int64Exact(1620000015000),
					"last_seen":         knownvalue.Int64Exact(1719000000123),
					"created_from":      knownvalue.StringExact("auto-add"),
					"hide_in_targeting": knownvalue.Bool(false),
					"archived":          knownvalue.Bool(false),
					"links": knownvalue.MapExact(map[string]knownvalue.Check{
						"self": link("/api/v2/projects/web-app/context-kinds/organization"),
					}),
				})),
				contextKindsIn(kinds.AtSliceIndex(3).AtMapKey("last_seen"), knownvalue.Null()),
				contextKindsIn(kinds.AtSliceIndex(4).AtMapKey("archived"), knownvalue.Bool(true)),
			},
			// One request a read: the kinds are not paged. (Terraform reads the data source once per command.)
			requests: func(t *testing.T, api *mockapi.API) {
				for _, req := range api.Requests() {
					if req.EscapedPath != "/api/v2/projects/web-app/context-kinds" || len(req.Query) > 0 {
						t.Errorf("request to %s?%s; want only the unpaged list of kinds", req.EscapedPath, req.Query.Encode())
					}
				}
			}},
		{name: "a project without kinds", config: contextKindsBlock(mockapi.EmptyProject),
			checks: []statecheck.StateCheck{contextKindsIn(kinds, knownvalue.ListSizeExact(0)),
				contextKindsIn(tfjsonpath.New("keys"), knownvalue.ListSizeExact(0))}},
		// The archived kind refuses to be targeted: the documentation's example, as a precondition.
		{name: "a precondition refuses an archived kind", config: contextKindsBlock(mockapi.ContextKindsProject) + `
locals {
  kind = "legacy-account"
}

output "target" {
  value = local.kind
  precondition {
    condition     = !one([for k in data.launchdarkly_context_kinds.test.context_kinds : k.archived if k.key == local.kind])
    error_message = "The context kind ${local.kind} is archived and cannot be targeted."
  }
}
`, wantError: words("The context kind legacy-account is archived and cannot be targeted.")},
	})
}

func TestAccContextKindsErrors(t *testing.T) {
	runAccCases(t, []accCase{
		{name: "an unknown project is named", config: contextKindsBlock("web-ap"),
			wantError: words(`Reading the context kinds of LaunchDarkly project "web-ap": no such project`,
				`No LaunchDarkly project has the key "web-ap"`)},
		{name: "an empty project key is refused before any request", config: contextKindsBlock(""),
			wantError: words("Attribute project_key string length must be at least 1"), refused: true},
	})
}
