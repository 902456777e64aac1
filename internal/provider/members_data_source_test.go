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

// anyWrap is a pattern for text that Terraform may wrap at any space.
func anyWrap(text string) string {
	return strings.Join(strings.Fields(regexp.QuoteMeta(text)), `\s+`)
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

// checkMembersTest runs one plan-and-apply of config with the checks.
func checkMembersTest(t *testing.T, config string, checks ...statecheck.StateCheck) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func TestAccMembersListsEveryMemberWithEveryAttribute(t *testing.T) {
	api, apiURL := startMockAPI(t)
	all := tfjsonpath.New("members")
	checkMembersTest(t, mockProviderConfig(apiURL)+`
data "launchdarkly_members" "all" {}
`,
		statecheck.ExpectKnownValue("data.launchdarkly_members.all", tfjsonpath.New("total_count"), knownvalue.Int64Exact(mockapi.SeedMemberCount)),
		statecheck.ExpectKnownValue("data.launchdarkly_members.all", all, knownvalue.ListSizeExact(mockapi.SeedMemberCount)),
		// Each element is the whole member object of launchdarkly_member.
		statecheck.ExpectKnownValue("data.launchdarkly_members.all", all.AtSliceIndex(0),
			fullMember()),
		statecheck.ExpectKnownValue("data.launchdarkly_members.all", all.AtSliceIndex(1).AtMapKey("first_name"), knownvalue.Null()),
		statecheck.ExpectKnownValue("data.launchdarkly_members.all", tfjsonpath.New("ids_by_email"), knownvalue.MapSizeExact(mockapi.SeedMemberCount)),
		statecheck.ExpectKnownValue("data.launchdarkly_members.all", tfjsonpath.New("ids_by_email").AtMapKey("sam.lee@acme.example"),
			knownvalue.StringExact(mockapi.CaseMemberID)),
		statecheck.ExpectKnownValue("data.launchdarkly_members.all", tfjsonpath.New("emails_by_id").AtMapKey(mockapi.CaseMemberID),
			knownvalue.StringExact(mockapi.CaseMemberEmail)),
		statecheck.ExpectKnownValue("data.launchdarkly_members.all", tfjsonpath.New("emails_by_id"), knownvalue.MapSizeExact(mockapi.SeedMemberCount)),
	)
	for _, req := range listRequests(api) {
		q := req.Query
		if q.Get("limit") != "1000" || q.Get("offset") != "0" || q.Get("expand") != "customRoles,roleAttributes" || q.Has("filter") || q.Has("sort") {
			t.Errorf("list request %s", q.Encode())
		}
	}
}

// 2,500 members are three pages of 1,000: each read costs exactly three requests.
func TestAccMembersReadsThreePagesInThreeRequests(t *testing.T) {
	api, apiURL := startMockAPI(t)
	api.AddGeneratedMembers(2500 - mockapi.SeedMemberCount)
	checkMembersTest(t, mockProviderConfig(apiURL)+`
data "launchdarkly_members" "all" {}

output "last_email" {
  value = data.launchdarkly_members.all.members[2499].email
}
`,
		statecheck.ExpectKnownValue("data.launchdarkly_members.all", tfjsonpath.New("total_count"), knownvalue.Int64Exact(2500)),
		statecheck.ExpectKnownValue("data.launchdarkly_members.all", tfjsonpath.New("ids_by_email"), knownvalue.MapSizeExact(2500)),
		statecheck.ExpectKnownOutputValue("last_email", knownvalue.StringExact(mockapi.GeneratedMemberEmail(2474))),
	)
	var offsets []string
	for _, req := range listRequests(api) {
		offsets = append(offsets, req.Query.Get("offset"))
	}
	reads := len(offsets) / 3
	if reads == 0 || !slices.Equal(offsets, slices.Repeat([]string{"0", "1000", "2000"}, reads)) {
		t.Errorf("offsets requested %v, want 0, 1000, 2000 for each read", offsets)
	}
	t.Logf("%d reads of 2,500 members, 3 requests each", reads)
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
	config := mockProviderConfig(apiURL)
	var checks []statecheck.StateCheck
	for _, tc := range cases {
		config += membersBlock(tc.name, tc.arguments)
		checks = append(checks, statecheck.ExpectKnownOutputValue(tc.name, stringList(tc.want...)))
	}
	checkMembersTest(t, config, checks...)

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

func TestAccMembersMissingEmailsAndIDs(t *testing.T) {
	const arguments = `emails = ["missing@acme.example", "ariel.flores@acme.example", "gone@acme.example"]`
	t.Run("an error naming every missing one", func(t *testing.T) {
		_, apiURL := startMockAPI(t)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: mockProviderConfig(apiURL) + membersBlock("team", arguments),
					ExpectError: regexp.MustCompile(`(?s)` + anyWrap("2 of `emails` not found") + ".*" +
						anyWrap(`these email addresses (compared without regard to case): "gone@acme.example", "missing@acme.example".`) +
						".*" + anyWrap("set `ignore_missing = true`")),
				},
				{
					Config:      mockProviderConfig(apiURL) + membersBlock("team", fmt.Sprintf(`ids = [%q, "0123456789abcdef01234567"]`, mockapi.FullMemberID)),
					ExpectError: regexp.MustCompile(`(?s)` + anyWrap("1 of `ids` not found") + ".*" + anyWrap(`these IDs: "0123456789abcdef01234567".`)),
				},
			},
		})
	})
	t.Run("skipped with ignore_missing", func(t *testing.T) {
		_, apiURL := startMockAPI(t)
		checkMembersTest(t, mockProviderConfig(apiURL)+membersBlock("team", arguments+"\n  ignore_missing = true"),
			statecheck.ExpectKnownOutputValue("team", stringList(mockapi.FullMemberID)),
			statecheck.ExpectKnownValue("data.launchdarkly_members.team", tfjsonpath.New("ids_by_email"),
				knownvalue.MapExact(map[string]knownvalue.Check{mockapi.FullMemberEmail: knownvalue.StringExact(mockapi.FullMemberID)})),
		)
	})
}

// 300 addresses do not fit in one URL: the set is split over several requests, each URL under 4,000
// bytes, and the results merged.
func TestAccMembersSplitsALongEmailSet(t *testing.T) {
	api, apiURL := startMockAPI(t)
	api.AddGeneratedMembers(400)
	checkMembersTest(t, mockProviderConfig(apiURL)+`
data "launchdarkly_members" "team" {
  emails = [for i in range(300) : format("Member.%05d@generated.acme.example", i)]
}

output "id_of_299" {
  value = data.launchdarkly_members.team.ids_by_email["member.00299@generated.acme.example"]
}
`,
		statecheck.ExpectKnownValue("data.launchdarkly_members.team", tfjsonpath.New("total_count"), knownvalue.Int64Exact(300)),
		statecheck.ExpectKnownValue("data.launchdarkly_members.team", tfjsonpath.New("ids_by_email"), knownvalue.MapSizeExact(300)),
		statecheck.ExpectKnownOutputValue("id_of_299", knownvalue.StringExact(mockapi.GeneratedMemberID(299))),
	)
	requests := listRequests(api)
	chunks := map[string]bool{}
	for _, req := range requests {
		chunks[req.Query.Get("filter")] = true
		if n := len(apiURL) + len(req.EscapedPath) + 1 + len(req.Query.Encode()); n > 4000 {
			t.Errorf("a %d-byte request URL", n)
		}
	}
	if len(chunks) < 3 {
		t.Errorf("%d distinct filters in %d requests: the set was not split", len(chunks), len(requests))
	}
}

func TestAccMembersDropsWhatTheFilterDidNotAskFor(t *testing.T) {
	api, apiURL := startMockAPI(t)
	api.SetLooseEmailFilter(true) // the server also returns sam.lee@acme.example.org
	checkMembersTest(t, mockProviderConfig(apiURL)+membersBlock("exact", fmt.Sprintf("emails = [%q]", mockapi.CaseLookupEmail)),
		statecheck.ExpectKnownOutputValue("exact", stringList(mockapi.CaseMemberID)),
	)
}

func TestAccMembersSharedEmail(t *testing.T) {
	api, apiURL := startMockAPI(t)
	const twin = "6511d0c3a8e4f20013b7ffff"
	api.PutMember(map[string]any{
		"_id": twin, "email": "SAM.LEE@acme.example", "role": "reader",
		"_links": map[string]any{}, "_pendingInvite": false, "_verified": true, "customRoles": []string{},
		"mfa": "disabled", "_lastSeen": 0, "creationDate": 1630939209870,
	})
	t.Run("left out of ids_by_email when not asked for", func(t *testing.T) {
		checkMembersTest(t, mockProviderConfig(apiURL)+membersBlock("lee", `query = "sam.lee"`),
			statecheck.ExpectKnownOutputValue("lee", stringList(mockapi.NearMissMemberID, mockapi.CaseMemberID, twin)),
			statecheck.ExpectKnownValue("data.launchdarkly_members.lee", tfjsonpath.New("ids_by_email"),
				knownvalue.MapExact(map[string]knownvalue.Check{
					mockapi.NearMissMemberEmail: knownvalue.StringExact(mockapi.NearMissMemberID),
				})),
		)
	})
	t.Run("an error when emails asks for it", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      mockProviderConfig(apiURL) + membersBlock("lee", fmt.Sprintf("emails = [%q]", mockapi.CaseLookupEmail)),
				ExpectError: regexp.MustCompile(`(?s)ambiguous email.*2 members have the email address.*` + mockapi.CaseMemberID + `, ` + twin),
			}},
		})
	})
}

func TestAccMembersEmptySetMatchesNobodyWithoutARequest(t *testing.T) {
	api, apiURL := startMockAPI(t)
	checkMembersTest(t, mockProviderConfig(apiURL)+membersBlock("none", "emails = []\n  roles = [\"admin\"]"),
		statecheck.ExpectKnownOutputValue("none", knownvalue.ListSizeExact(0)),
		statecheck.ExpectKnownValue("data.launchdarkly_members.none", tfjsonpath.New("total_count"), knownvalue.Int64Exact(0)),
		statecheck.ExpectKnownValue("data.launchdarkly_members.none", tfjsonpath.New("ids_by_email"), knownvalue.MapSizeExact(0)),
	)
	if n := api.RequestCount(); n != 0 {
		t.Errorf("%d requests for an empty emails set", n)
	}
}

// Invalid arguments are refused when Terraform validates the configuration, before any request.
func TestAccMembersInvalidArgumentsSendNoRequest(t *testing.T) {
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
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      mockProviderConfig(apiURL) + membersBlock("bad", tc.arguments),
					ExpectError: regexp.MustCompile(tc.wantError),
				}},
			})
			if n := api.RequestCount(); n != 0 {
				t.Errorf("the mock API saw %d requests; invalid arguments must be refused before any", n)
			}
		})
	}
}
