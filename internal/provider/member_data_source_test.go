package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// memberConfig reads one member from the mock with the given arguments.
func memberConfig(apiURL, arguments string) string {
	return mockProviderConfig(apiURL) + memberBlock(arguments)
}

// memberBlock reads one member with the given arguments and outputs the whole data source, so that a
// check on the output covers every attribute.
func memberBlock(arguments string) string {
	return fmt.Sprintf(`
data "launchdarkly_member" "test" {
  %s
}

output "member" {
  value = data.launchdarkly_member.test
}
`, arguments)
}

func link(href string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"href": knownvalue.StringExact(href),
		"type": knownvalue.StringExact("application/json"),
	})
}

func stringList(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}

// fullMember is every attribute of the seeded member that has every field, as the mock serves it.
func fullMember() knownvalue.Check {
	id, email := mockapi.FullMemberID, mockapi.FullMemberEmail
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":                          knownvalue.StringExact(id),
		"email":                       knownvalue.StringExact(email),
		"first_name":                  knownvalue.StringExact("Ariel"),
		"last_name":                   knownvalue.StringExact("Flores"),
		"role":                        knownvalue.StringExact("admin"),
		"pending_email":               knownvalue.StringExact("ariel.flores@acme-labs.example"),
		"mfa":                         knownvalue.StringExact("enabled"),
		"pending_invite":              knownvalue.Bool(false),
		"verified":                    knownvalue.Bool(true),
		"mfa_enforced":                knownvalue.Bool(true),
		"has_password":                knownvalue.Bool(true),
		"last_seen":                   knownvalue.Int64Exact(1785398400123),
		"creation_date":               knownvalue.Int64Exact(1628001602644),
		"mfa_grace_period_expires_at": knownvalue.Int64Exact(1788220800000),
		"version":                     knownvalue.Int64Exact(3),
		"custom_roles":                stringList(mockapi.DevOpsRoleID, mockapi.BackendDevsRoleID),
		"excluded_dashboards":         stringList("experiments", "insights"),
		"oauth_providers":             stringList("google"),
		"custom_roles_info": knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": knownvalue.StringExact(mockapi.DevOpsRoleID), "key": knownvalue.StringExact("devops"),
				"name": knownvalue.StringExact("DevOps"),
			}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": knownvalue.StringExact(mockapi.BackendDevsRoleID), "key": knownvalue.StringExact("backend-devs"),
				"name": knownvalue.StringExact("Backend developers"),
			}),
		}),
		"role_attributes": knownvalue.MapExact(map[string]knownvalue.Check{
			"projectKeys":     stringList("web", "mobile"),
			"environmentKeys": stringList("production"),
		}),
		"last_seen_metadata": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"token_id": knownvalue.StringExact("6511d0c3a8e4f20013b7d001"),
		}),
		"integration_metadata": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"external_id":  knownvalue.StringExact("00u4arf1ore5x7K2d697"),
			"external_url": knownvalue.StringExact("https://acme.okta.example/admin/user/profile/view/00u4arf1ore5x7K2d697"),
			"last_checked": knownvalue.Int64Exact(1785312000000),
			"external_status": knownvalue.ObjectExact(map[string]knownvalue.Check{
				"display": knownvalue.StringExact("Active"),
				"value":   knownvalue.StringExact("active"),
			}),
		}),
		"teams": knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"key":              knownvalue.StringExact("platform"),
				"name":             knownvalue.StringExact("Platform Team"),
				"custom_role_keys": stringList("devops"),
				"links":            knownvalue.MapExact(map[string]knownvalue.Check{"self": link("/api/v2/teams/platform")}),
			}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"key":              knownvalue.StringExact("qa-team"),
				"name":             knownvalue.StringExact("QA Team"),
				"custom_role_keys": stringList("access-to-test-projects", "backend-devs"),
				"links":            knownvalue.MapExact(map[string]knownvalue.Check{"self": link("/api/v2/teams/qa-team")}),
			}),
		}),
		"permission_grants": knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"resource":   knownvalue.StringExact("team/qa-team"),
				"action_set": knownvalue.StringExact("maintainTeam"),
				"actions":    knownvalue.Null(),
			}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"resource":   knownvalue.StringExact("team/platform"),
				"action_set": knownvalue.Null(),
				"actions":    stringList("updateTeamMembers", "updateTeamName"),
			}),
		}),
		"links": knownvalue.MapExact(map[string]knownvalue.Check{"self": link("/api/v2/members/" + id)}),
	})
}

func TestAccMemberByIDHasEveryAttribute(t *testing.T) {
	_, apiURL := startMockAPI(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: memberConfig(apiURL, fmt.Sprintf("id = %q", mockapi.FullMemberID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("member", fullMember()),
			},
		}},
	})
}

func TestAccMemberMeIsTheTokensMember(t *testing.T) {
	api, apiURL := startMockAPI(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: memberConfig(apiURL, `id = "me"`),
			ConfigStateChecks: []statecheck.StateCheck{
				// "me" resolves to the real ID of the token's member.
				statecheck.ExpectKnownOutputValue("member", fullMember()),
			},
		}},
	})
	for _, req := range api.Requests() {
		if req.EscapedPath != "/api/v2/members/me" {
			t.Errorf("request to %s, want only /api/v2/members/me", req.EscapedPath)
		}
	}
}

func TestAccMemberMinimalKeepsNulls(t *testing.T) {
	_, apiURL := startMockAPI(t)
	id := mockapi.MinimalMemberID
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: memberConfig(apiURL, fmt.Sprintf("id = %q", id)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("member", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":                          knownvalue.StringExact(id),
					"email":                       knownvalue.StringExact("kim.nguyen@acme.example"),
					"role":                        knownvalue.StringExact("reader"),
					"mfa":                         knownvalue.StringExact("disabled"),
					"pending_invite":              knownvalue.Bool(false),
					"verified":                    knownvalue.Bool(true),
					"last_seen":                   knownvalue.Int64Exact(0),
					"creation_date":               knownvalue.Int64Exact(1630939209870),
					"custom_roles":                knownvalue.ListSizeExact(0),
					"links":                       knownvalue.MapExact(map[string]knownvalue.Check{"self": link("/api/v2/members/" + id)}),
					"first_name":                  knownvalue.Null(),
					"last_name":                   knownvalue.Null(),
					"pending_email":               knownvalue.Null(),
					"mfa_enforced":                knownvalue.Null(),
					"has_password":                knownvalue.Null(),
					"mfa_grace_period_expires_at": knownvalue.Null(),
					"version":                     knownvalue.Null(),
					"excluded_dashboards":         knownvalue.Null(),
					"oauth_providers":             knownvalue.Null(),
					"custom_roles_info":           knownvalue.Null(),
					"role_attributes":             knownvalue.Null(),
					"last_seen_metadata":          knownvalue.Null(),
					"integration_metadata":        knownvalue.Null(),
					"teams":                       knownvalue.Null(),
					"permission_grants":           knownvalue.Null(),
				})),
			},
		}},
	})
}

func TestAccMemberByEmailIgnoresCaseAndNearMisses(t *testing.T) {
	api, apiURL := startMockAPI(t)
	// A filter looser than documented returns the near-miss address too; only the exact match may win.
	api.SetLooseEmailFilter(true)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: memberConfig(apiURL, fmt.Sprintf("email = %q", mockapi.CaseLookupEmail)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.launchdarkly_member.test", tfjsonpath.New("id"),
					knownvalue.StringExact(mockapi.CaseMemberID)),
				statecheck.ExpectKnownValue("data.launchdarkly_member.test", tfjsonpath.New("email"),
					knownvalue.StringExact(mockapi.CaseMemberEmail)),
			},
		}},
	})
	for _, req := range api.Requests() {
		if got := req.Query.Get("filter"); got != "email:"+mockapi.CaseLookupEmail {
			t.Errorf("filter = %q", got)
		}
	}
}

func TestAccMemberByEmailWithPlusAndEveryAttribute(t *testing.T) {
	_, apiURL := startMockAPI(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: memberConfig(apiURL, fmt.Sprintf("email = %q", mockapi.PlusMemberEmail)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.launchdarkly_member.test", tfjsonpath.New("id"),
						knownvalue.StringExact(mockapi.PlusMemberID)),
				},
			},
			{
				Config: memberConfig(apiURL, fmt.Sprintf("email = %q", "ARIEL.FLORES@acme.example")),
				ConfigStateChecks: []statecheck.StateCheck{
					// The address is matched without regard to case; the state holds the member's own spelling.
					statecheck.ExpectKnownOutputValue("member", fullMember()),
				},
			},
		},
	})
}

// The server lists the near miss first and caps its pages at one member, so the match is on page two.
func TestAccMemberByEmailOnTheSecondPage(t *testing.T) {
	api, apiURL := startMockAPI(t)
	api.SetLooseEmailFilter(true)
	api.SetPageSizeCap(1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: memberConfig(apiURL, fmt.Sprintf("email = %q", mockapi.CaseLookupEmail)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.launchdarkly_member.test", tfjsonpath.New("id"),
					knownvalue.StringExact(mockapi.CaseMemberID)),
			},
		}},
	})
	var offsets []string
	for _, req := range api.Requests() {
		offsets = append(offsets, req.Query.Get("offset"))
	}
	if len(offsets) == 0 || !slices.Equal(offsets, slices.Repeat([]string{"0", "1"}, len(offsets)/2)) {
		t.Errorf("offsets %v, want two pages (0 and 1) per read", offsets)
	}
}

// A 200 that answers another question (another member, or no member at all) is an error, never state.
func TestAccMemberWrongAnswerIsAnError(t *testing.T) {
	other := map[string]any{"_id": mockapi.MinimalMemberID, "email": "kim.nguyen@acme.example", "role": "reader"}
	cases := []struct {
		name, arguments string
		answer          map[string]any
		wantError       string
	}{
		{"another member", fmt.Sprintf("id = %q", mockapi.FullMemberID), other,
			`(?s)Reading LaunchDarkly member "` + mockapi.FullMemberID + `".*` +
				anyWrap(`answered HTTP 200 with member "`+mockapi.MinimalMemberID+`", not member "`+mockapi.FullMemberID+`"`)},
		{"an empty object", fmt.Sprintf("id = %q", mockapi.FullMemberID), map[string]any{},
			`(?s)Reading LaunchDarkly member.*` + anyWrap(`a member that has no _id, not member "`+mockapi.FullMemberID+`"`)},
		{"an empty object for me", `id = "me"`, map[string]any{},
			`(?s)Reading LaunchDarkly member "me".*` + anyWrap(`a member that has no _id, not member "me"`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			api.MisrouteMemberReads(tc.answer)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      memberConfig(apiURL, tc.arguments),
					ExpectError: regexp.MustCompile(tc.wantError),
				}},
			})
		})
	}
}

func TestAccMemberErrors(t *testing.T) {
	cases := []struct {
		name      string
		arguments string
		wantError string
	}{
		{"unknown id", `id = "0123456789abcdef01234567"`,
			`(?s)Reading LaunchDarkly member "0123456789abcdef01234567": not found.*No LaunchDarkly member has the ID`},
		{"unknown email", `email = "nobody@acme.example"`,
			`(?s)Reading LaunchDarkly member with email "nobody@acme.example": not found`},
		{"near miss only", fmt.Sprintf("email = %q", "sam.lee@acme.exam"),
			`(?s)Reading LaunchDarkly member with email "sam.lee@acme.exam": not found`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			api.SetLooseEmailFilter(true)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      memberConfig(apiURL, tc.arguments),
					ExpectError: regexp.MustCompile(tc.wantError),
				}},
			})
		})
	}
}

func TestAccMemberAmbiguousEmail(t *testing.T) {
	api, apiURL := startMockAPI(t)
	api.PutMember(map[string]any{
		"_id": "6511d0c3a8e4f20013b7ffff", "email": "SAM.LEE@acme.example", "role": "reader",
		"_links": map[string]any{}, "_pendingInvite": false, "_verified": true, "customRoles": []string{},
		"mfa": "disabled", "_lastSeen": 0, "creationDate": 1630939209870,
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: memberConfig(apiURL, fmt.Sprintf("email = %q", mockapi.CaseLookupEmail)),
			ExpectError: regexp.MustCompile(`(?s)ambiguous.*2 members have the email address.*` +
				mockapi.CaseMemberID + `, 6511d0c3a8e4f20013b7ffff.*by\s+.id. instead`),
		}},
	})
}

func TestAccMemberRejectedTokenIsNotPrinted(t *testing.T) {
	_, apiURL := startMockAPI(t)
	// "~" appears nowhere else in Terraform's error output, so matching the whole output with [^~]*
	// proves the token is absent from it.
	const rejected = "api-rejected~token~do-not-print"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerConfig(apiURL, rejected) + readMe,
			ExpectError: regexp.MustCompile(`\A[^~]*Reading LaunchDarkly member "me": token rejected[^~]*HTTP 401[^~]*\z`),
		}},
	})
}

func TestAccMemberForbiddenToken(t *testing.T) {
	api, apiURL := startMockAPI(t)
	const limited = "api-limited-token"
	api.AddToken(limited, mockapi.MinimalMemberID)
	api.ForbidToken(limited)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerConfig(apiURL, limited) + memberBlock(`id = "me"`),
			ExpectError: regexp.MustCompile(`(?s)Reading LaunchDarkly member "me": permission denied.*HTTP 403`),
		}},
	})
}

// Invalid arguments are refused when Terraform validates the configuration, before any request.
func TestAccMemberInvalidArgumentsSendNoRequest(t *testing.T) {
	cases := []struct {
		name, arguments, wantError string
	}{
		{"id and email", `
  id    = "me"
  email = "a@acme.example"`, `(?s)Invalid Attribute Combination.*Exactly one of these attributes must be\s+configured: \[id,email\]`},
		{"neither", ``, `(?s)Missing Attribute Configuration.*Exactly one of these attributes must be\s+configured: \[id,email\]`},
		{"malformed id", `id = "not-an-id"`, `(?s)Attribute id must be .me. or a 24-character hexadecimal member ID`},
		{"two emails", `email = "a@acme.example|b@acme.example"`, `(?s)Attribute email must be one email address`},
		{"empty email", `email = ""`, `(?s)Attribute email must be one email address`},
		{"NUL in email", `email = "sam\u0000@acme.example"`, `(?s)Attribute email must be one email address`},
		{"control character in email", `email = "sam\u0007@acme.example"`, `(?s)Attribute email must be one email address`},
		{"non-breaking space in email", `email = "sam.lee\u00a0@acme.example"`, `(?s)Attribute email must be one email address`},
		{"zero-width space in email", `email = "sam\u200b.lee@acme.example"`, `(?s)Attribute email must be one email address`},
		{"line separator in email", `email = "sam@acme.example\u2028"`, `(?s)Attribute email must be one email address`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      memberConfig(apiURL, tc.arguments),
					ExpectError: regexp.MustCompile(tc.wantError),
				}},
			})
			if n := api.RequestCount(); n != 0 {
				t.Errorf("the mock API saw %d requests; invalid arguments must be refused before any", n)
			}
		})
	}
}

// Member IDs are lower-case hex; one written in upper case is the same member, and state holds it as
// LaunchDarkly writes it.
func TestAccMemberUpperCaseIDIsReadAsLowerCase(t *testing.T) {
	_, apiURL := startMockAPI(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: memberConfig(apiURL, fmt.Sprintf("id = %q", strings.ToUpper(mockapi.FullMemberID))),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.launchdarkly_member.test", tfjsonpath.New("id"),
					knownvalue.StringExact(mockapi.FullMemberID)),
				statecheck.ExpectKnownValue("data.launchdarkly_member.test", tfjsonpath.New("email"),
					knownvalue.StringExact(mockapi.FullMemberEmail)),
			},
		}},
	})
}
