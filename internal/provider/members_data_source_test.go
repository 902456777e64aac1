package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// membersBlock lists members with the given arguments as data source name, and outputs its member IDs.
func membersBlock(name, arguments string) string {
	return fmt.Sprintf(`
data "launchdarkly_members" %[1]q {
  %[2]s
}

output %[1]q {
  value = data.launchdarkly_members.%[1]s.members[*].id
}
`, name, arguments)
}

// seeded is the IDs of seeded members by the last two digits of their ID.
func seeded(suffixes ...string) []string {
	out := make([]string, len(suffixes))
	for i, s := range suffixes {
		out[i] = "6511d0c3a8e4f20013b700" + s
	}
	return out
}

// listRequests is every request the mock received for the members list.
func listRequests(api *mockapi.API) []mockapi.Request {
	var out []mockapi.Request
	for _, req := range api.Requests() {
		if req.EscapedPath == "/api/v2/members" {
			out = append(out, req)
		}
	}
	return out
}

// membersIn checks a launchdarkly_members data source's attribute at path.
func membersIn(name string, path tfjsonpath.Path, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.launchdarkly_members."+name, path, check)
}

func TestAccMembersReads(t *testing.T) {
	all, idsByEmail := tfjsonpath.New("members"), tfjsonpath.New("ids_by_email")
	total := tfjsonpath.New("total_count")
	runAccCases(t, []accCase{
		{name: "every member with every attribute", config: `
data "launchdarkly_members" "all" {}
`,
			checks: []statecheck.StateCheck{
				membersIn("all", total, knownvalue.Int64Exact(mockapi.SeedMemberCount)),
				membersIn("all", all, knownvalue.ListSizeExact(mockapi.SeedMemberCount)),
				// Each element is the whole member object of launchdarkly_member.
				membersIn("all", all.AtSliceIndex(0), fullMember()),
				membersIn("all", all.AtSliceIndex(1), minimalMember()),
				membersIn("all", idsByEmail, knownvalue.MapSizeExact(mockapi.SeedMemberCount)),
				membersIn("all", idsByEmail.AtMapKey("sam.lee@acme.example"), knownvalue.StringExact(mockapi.CaseMemberID)),
				membersIn("all", tfjsonpath.New("emails_by_id").AtMapKey(mockapi.CaseMemberID), knownvalue.StringExact(mockapi.CaseMemberEmail)),
				membersIn("all", tfjsonpath.New("emails_by_id"), knownvalue.MapSizeExact(mockapi.SeedMemberCount)),
			},
			requests: func(t *testing.T, api *mockapi.API) {
				for _, req := range listRequests(api) {
					q := req.Query
					if q.Get("limit") != "1000" || q.Get("offset") != "0" || q.Get("expand") != "customRoles,roleAttributes" || q.Has("filter") || q.Has("sort") {
						t.Errorf("list request %s", q.Encode())
					}
				}
			}},
		// 2,500 members are three pages of 1,000: each read costs exactly three requests.
		// A server that serves fewer members a page than asked (10, for 1,000) is read to the end: every
		// offset follows what arrived.
		{name: "pages the server shortened, read to the end",
			prepare: func(api *mockapi.API) { api.SetPageSizeCap(10) },
			config: `
data "launchdarkly_members" "all" {}

output "last_email" {
  value = data.launchdarkly_members.all.members[24].email
}
`,
			checks: []statecheck.StateCheck{
				membersIn("all", total, knownvalue.Int64Exact(mockapi.SeedMemberCount)),
				membersIn("all", idsByEmail, knownvalue.MapSizeExact(mockapi.SeedMemberCount)),
				statecheck.ExpectKnownOutputValue("last_email", knownvalue.StringExact("finn.obrien@acme.example")),
			},
			requests: func(t *testing.T, api *mockapi.API) {
				var offsets []string
				for _, req := range listRequests(api) {
					offsets = append(offsets, req.Query.Get("offset"))
				}
				reads := len(offsets) / 3
				if reads == 0 || !slices.Equal(offsets, slices.Repeat([]string{"0", "10", "20"}, reads)) {
					t.Errorf("offsets requested %v, want 0, 10 and 20 for each read", offsets)
				}
			}},
		// 150 addresses do not fit in one URL: the account is listed without them, every URL under 4,000
		// bytes, and the members matched here.
		{name: "a long email set is matched by the provider",
			prepare: func(api *mockapi.API) { api.AddGeneratedMembers(160) },
			config: `
data "launchdarkly_members" "team" {
  emails = [for i in range(150) : format("Member.%05d@generated.acme.example", i)]
}

output "id_of_149" {
  value = data.launchdarkly_members.team.ids_by_email["member.00149@generated.acme.example"]
}
`,
			checks: []statecheck.StateCheck{
				membersIn("team", total, knownvalue.Int64Exact(150)),
				membersIn("team", idsByEmail, knownvalue.MapSizeExact(150)),
				statecheck.ExpectKnownOutputValue("id_of_149", knownvalue.StringExact(mockapi.GeneratedMemberID(149))),
			},
			requests: func(t *testing.T, api *mockapi.API) {
				for _, req := range listRequests(api) {
					// "http://127.0.0.1:65535" is the longest host part the mock can have.
					if n := len("http://127.0.0.1:65535") + len(req.EscapedPath) + 1 + len(req.Query.Encode()); n > 4000 {
						t.Errorf("a %d-byte request URL", n)
					}
					if filter := req.Query.Get("filter"); filter != "" {
						t.Errorf("filter %.60q…: the addresses were sent although they do not fit", filter)
					}
				}
			}},
		{name: "what the filter did not ask for is dropped", prepare: looseFilter, // the server also returns sam.lee@acme.example.org
			config: membersBlock("exact", fmt.Sprintf("emails = [%q]", mockapi.CaseLookupEmail)),
			checks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("exact", stringList(mockapi.CaseMemberID))}},
		{name: "a shared email is left out of ids_by_email when not asked for", prepare: addTwinOfCaseMember,
			config: membersBlock("lee", `query = "sam.lee"`),
			checks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("lee", stringList(mockapi.NearMissMemberID, mockapi.CaseMemberID, twinOfCaseMember)),
				membersIn("lee", idsByEmail, knownvalue.MapExact(map[string]knownvalue.Check{
					mockapi.NearMissMemberEmail: knownvalue.StringExact(mockapi.NearMissMemberID),
				})),
			}},
		{name: "missing emails skipped with ignore_missing",
			config: membersBlock("team", missingEmails+"\n  ignore_missing = true"),
			checks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("team", stringList(mockapi.FullMemberID)),
				membersIn("team", idsByEmail, knownvalue.MapExact(map[string]knownvalue.Check{
					mockapi.FullMemberEmail: knownvalue.StringExact(mockapi.FullMemberID),
				})),
			}},
		{name: "an empty set matches nobody without a request", config: membersBlock("none", "emails = []\n  roles = [\"admin\"]"),
			checks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("none", knownvalue.ListSizeExact(0)),
				membersIn("none", total, knownvalue.Int64Exact(0)),
				membersIn("none", idsByEmail, knownvalue.MapSizeExact(0)),
			},
			requests: noRequests},
	})
}

// Every argument narrows the list as the API documents it. One configuration holds every case, so one
// Terraform run covers them all.
func TestAccMembersEveryArgument(t *testing.T) {
	cases := []struct {
		name, arguments, filter, sort string
		want                          []string
	}{
		{"query", `query = "LEE"`, "query:LEE", "", seeded("05", "06")},
		{"emails", `emails = ["sam.lee@acme.example", "ARIEL.FLORES@acme.example"]`,
			"email:ARIEL.FLORES@acme.example|sam.lee@acme.example", "", seeded("01", "06")},
		{"ids", fmt.Sprintf(`ids = [%q, %q]`, mockapi.OwnerMemberID, strings.ToUpper(mockapi.MinimalMemberID)),
			"id:" + strings.ToUpper(mockapi.MinimalMemberID) + "|" + mockapi.OwnerMemberID, "", seeded("02", "08")},
		{"admins", `roles = ["admin"]`, "role:admin", "", seeded("01", "08", "13", "23")},
		{"custom_role", `roles = ["no_access", "devops"]`, "role:devops|no_access", "", seeded("01", "09", "14", "16", "19", "24")},
		{"team", `team_key = "PLATFORM"`, "team:PLATFORM", "", seeded("01")},
		{"no_team", `no_team = true`, "noteam:true", "",
			seeded("02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18",
				"19", "20", "21", "22", "23", "24", "25")},
		{"false_flags_do_not_filter", "no_team = false\n  last_seen_never = false\n  team_key = \"qa-team\"", "team:qa-team", "", seeded("01")},
		{"never", `last_seen_never = true`, `lastSeen:{"never":true}`, "", seeded("02", "03")},
		{"before", `last_seen_before = "2026-06-01T02:00:00+02:00"`, `lastSeen:{"before":1780272000000}`, "", seeded("09", "10", "11")},
		{"by_name", "query = \"lee\"\n  sort = \"displayName\"", "query:lee", "displayName", seeded("06", "05")},
		{"by_name_desc", "roles = [\"admin\"]\n  sort = \"-displayName\"", "role:admin", "-displayName", seeded("23", "08", "13", "01")},
		{"oldest_first", "roles = [\"admin\"]\n  sort = \"lastSeen\"", "role:admin", "lastSeen", seeded("13", "23", "01", "08")},
		{"newest_first", "roles = [\"admin\"]\n  sort = \"-lastSeen\"", "role:admin", "-lastSeen", seeded("08", "01", "23", "13")},
		{"combined", "roles = [\"reader\", \"writer\"]\n  query = \"lee\"\n  last_seen_before = \"2026-07-01T00:00:00Z\"",
			`query:lee,role:reader|writer,lastSeen:{"before":1782864000000}`, "", seeded("05")},
	}
	api, apiURL := startMockAPI(t)
	config := providerAt(apiURL, mockapi.DefaultToken)
	var checks []statecheck.StateCheck
	for _, tc := range cases {
		config += membersBlock(tc.name, tc.arguments)
		checks = append(checks, statecheck.ExpectKnownOutputValue(tc.name, stringList(tc.want...)))
	}
	expectState(t, config, checks...)

	sent := map[string]bool{}
	for _, req := range listRequests(api) {
		sent[req.Query.Get("filter")+" sort="+req.Query.Get("sort")] = true
	}
	for _, tc := range cases {
		if !sent[tc.filter+" sort="+tc.sort] {
			t.Errorf("%s: no request with filter %q and sort %q; sent %v", tc.name, tc.filter, tc.sort, sent)
		}
	}
}

// missingEmails names two addresses no member has, and one a member has.
const missingEmails = `emails = ["missing@acme.example", "ariel.flores@acme.example", "gone@acme.example"]`

func TestAccMembersErrors(t *testing.T) {
	runAccCases(t, []accCase{
		{name: "missing emails are named", config: membersBlock("team", missingEmails),
			wantError: `(?s)` + anyWrap("2 of `emails` not found") + ".*" +
				anyWrap(`these email addresses (compared without regard to case): "gone@acme.example", "missing@acme.example".`) +
				".*" + anyWrap("set `ignore_missing = true`")},
		{name: "missing IDs are named", config: membersBlock("team", fmt.Sprintf(`ids = [%q, "0123456789abcdef01234567"]`, mockapi.FullMemberID)),
			wantError: `(?s)` + anyWrap("1 of `ids` not found") + ".*" + anyWrap(`these IDs: "0123456789abcdef01234567".`)},
		{name: "an email two members share, asked for", prepare: addTwinOfCaseMember,
			config:    membersBlock("lee", fmt.Sprintf("emails = [%q]", mockapi.CaseLookupEmail)),
			wantError: `(?s)ambiguous email.*2 members have the email address.*` + mockapi.CaseMemberID + `, ` + twinOfCaseMember},
		// An audit never passes because of a typo: a role or team that does not exist is an error, not nobody.
		{name: "a base role in the wrong case", config: membersBlock("admins", `roles = ["Admin"]`),
			wantError: words("unknown role", `"Admin" (the base role is "admin", in lower case) is neither a base role`,
				"(reader, writer, admin, owner, no_access)"),
			requests: func(t *testing.T, api *mockapi.API) {
				if n := len(listRequests(api)); n != 0 {
					t.Errorf("%d listings; an unknown role must stop the read before any", n)
				}
			}},
		{name: "a custom role that does not exist", config: membersBlock("admins", `roles = ["admins", "devops"]`),
			wantError: words("unknown role", `"admins" is neither a base role`, "nor the key of a custom role")},
		{name: "a team that does not exist", config: membersBlock("team", `team_key = "platfrom"`),
			wantError: words("unknown team", `no team has the key "platfrom"`)},
	})
}

// A team that exists and has no members lists nobody, without an error.
func TestAccMembersOfATeamWithoutMembers(t *testing.T) {
	runAccCases(t, []accCase{{name: "empty team", config: membersBlock("team", fmt.Sprintf("team_key = %q", mockapi.EmptyTeamKey)),
		checks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("team", knownvalue.ListSizeExact(0))}}})
}

// Invalid arguments are refused when Terraform validates the configuration, before any request.
func TestAccMembersInvalidArguments(t *testing.T) {
	cases := []struct{ name, arguments, wantError string }{
		{"email with |", `emails = ["a@acme.example|b@acme.example"]`, `(?s)emails.*must be one email\s+address`},
		{"email with ,", `emails = ["a@acme.example,b@acme.example"]`, `(?s)emails.*must be one email\s+address`},
		{"short id", `ids = ["6511d0c3"]`, `(?s)ids.*must be a 24-character hexadecimal member\s+ID`},
		{"role with ,", `roles = ["reader,writer"]`, `(?s)roles.*must not be empty or contain .,. or\s+.\|.`},
		{"empty role", `roles = [""]`, `(?s)roles.*must not be empty`},
		{"query with |", `query = "a|b"`, `(?s)query.*must not be empty or contain`},
		{"team with ,", `team_key = "qa,dev"`, `(?s)team_key.*must not be empty or contain`},
		{"bad time", `last_seen_before = "2026-01-01"`, `(?s)Invalid timestamp.*last_seen_before must be an RFC 3339\s+timestamp`},
		{"bad sort", `sort = "email"`, `(?s)sort value must be one of.*"displayName"`},
		{"team and no team", "team_key = \"qa-team\"\n  no_team = true", `(?s)Conflicting arguments.*no_team = true`},
		{"two last-seen terms", "last_seen_never = true\n  last_seen_before = \"2026-01-01T00:00:00Z\"", `(?s)Conflicting arguments.*one last-seen\s+condition`},
	}
	var refusals []accCase
	for _, tc := range cases {
		refusals = append(refusals, accCase{name: tc.name, config: membersBlock("bad", tc.arguments), wantError: tc.wantError,
			refused: true})
	}
	runAccCases(t, refusals)
}
