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

func memberByID(id string) string       { return memberBlock(fmt.Sprintf("id = %q", id)) }
func memberByEmail(email string) string { return memberBlock(fmt.Sprintf("email = %q", email)) }

// memberIs checks the member's ID and the email it is stored with.
func memberIs(id, email string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.launchdarkly_member.test", tfjsonpath.New("id"), knownvalue.StringExact(id)),
		statecheck.ExpectKnownValue("data.launchdarkly_member.test", tfjsonpath.New("email"), knownvalue.StringExact(email)),
	}
}

func wholeMember(check knownvalue.Check) []statecheck.StateCheck {
	return []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("member", check)}
}

// twinOfCaseMember is another member with CaseMemberEmail in other letter case.
const twinOfCaseMember = "6511d0c3a8e4f20013b7ffff"

func addTwinOfCaseMember(api *mockapi.API) {
	api.PutMember(map[string]any{
		"_id": twinOfCaseMember, "email": "SAM.LEE@acme.example", "role": "reader",
		"_links": map[string]any{}, "_pendingInvite": false, "_verified": true, "customRoles": []string{},
		"mfa": "disabled", "_lastSeen": 0, "creationDate": 1630939209870,
	})
}

// looseFilter makes the mock's email filter return near misses too, as an API looser than documented.
func looseFilter(api *mockapi.API) { api.SetLooseEmailFilter(true) }

func TestAccMemberReads(t *testing.T) {
	runAccCases(t, []accCase{
		{name: "by ID, every attribute", config: memberByID(mockapi.FullMemberID), checks: wholeMember(fullMember())},
		{name: "me is the token's member, by its real ID", config: memberBlock(`id = "me"`), checks: wholeMember(fullMember()),
			requests: func(t *testing.T, api *mockapi.API) {
				for _, req := range api.Requests() {
					if req.EscapedPath != "/api/v2/members/me" {
						t.Errorf("request to %s, want only /api/v2/members/me", req.EscapedPath)
					}
				}
			}},
		{name: "fields the API left out are null", config: memberByID(mockapi.MinimalMemberID), checks: wholeMember(minimalMember())},
		// Member IDs are lower-case hex: one written in upper case is the same member, held as LaunchDarkly writes it.
		{name: "an upper-case ID is read as lower case", config: memberByID(strings.ToUpper(mockapi.FullMemberID)),
			checks: memberIs(mockapi.FullMemberID, mockapi.FullMemberEmail)},
		// A filter looser than documented returns the near-miss address too; only the exact match may win.
		{name: "by email, ignoring case and near misses", prepare: looseFilter, config: memberByEmail(mockapi.CaseLookupEmail),
			checks: memberIs(mockapi.CaseMemberID, mockapi.CaseMemberEmail),
			requests: func(t *testing.T, api *mockapi.API) {
				for _, req := range api.Requests() {
					if got := req.Query.Get("filter"); got != "email:"+mockapi.CaseLookupEmail {
						t.Errorf("filter = %q", got)
					}
				}
			}},
		{name: "by an email with a plus", config: memberByEmail(mockapi.PlusMemberEmail),
			checks: memberIs(mockapi.PlusMemberID, mockapi.PlusMemberEmail)},
		// The address is matched without regard to case; the state holds the member's own spelling.
		{name: "by email in other case, every attribute", config: memberByEmail("ARIEL.FLORES@acme.example"),
			checks: wholeMember(fullMember())},
		// The server lists the near miss first and caps its pages at one member, so the match is on page two.
		{name: "by email, on the second page",
			prepare: func(api *mockapi.API) { api.SetLooseEmailFilter(true); api.SetPageSizeCap(1) },
			config:  memberByEmail(mockapi.CaseLookupEmail), checks: memberIs(mockapi.CaseMemberID, mockapi.CaseMemberEmail),
			requests: func(t *testing.T, api *mockapi.API) {
				var offsets []string
				for _, req := range api.Requests() {
					offsets = append(offsets, req.Query.Get("offset"))
				}
				if len(offsets) == 0 || !slices.Equal(offsets, slices.Repeat([]string{"0", "1"}, len(offsets)/2)) {
					t.Errorf("offsets %v, want two pages (0 and 1) per read", offsets)
				}
			}},
	})
}

func TestAccMemberErrors(t *testing.T) {
	other := map[string]any{"_id": mockapi.MinimalMemberID, "email": "kim.nguyen@acme.example", "role": "reader"}
	misroute := func(answer map[string]any) func(*mockapi.API) {
		return func(api *mockapi.API) { api.MisrouteMemberReads(answer) }
	}
	const limited = "api-limited-token"
	runAccCases(t, []accCase{
		{name: "unknown id", config: memberByID("0123456789abcdef01234567"),
			wantError: `(?s)Reading LaunchDarkly member "0123456789abcdef01234567": not found.*No LaunchDarkly member has the ID`},
		{name: "unknown email", prepare: looseFilter, config: memberByEmail("nobody@acme.example"),
			wantError: `(?s)Reading LaunchDarkly member with email "nobody@acme.example": not found`},
		{name: "near miss only", prepare: looseFilter, config: memberByEmail("sam.lee@acme.exam"),
			wantError: `(?s)Reading LaunchDarkly member with email "sam.lee@acme.exam": not found`},
		{name: "an email two members share", prepare: addTwinOfCaseMember, config: memberByEmail(mockapi.CaseLookupEmail),
			wantError: `(?s)ambiguous.*2 members have the email address.*` + mockapi.CaseMemberID + `, ` + twinOfCaseMember +
				`.*by\s+.id. instead`},
		// A 200 that answers another question (another member, or no member at all) is an error, never state.
		{name: "a 200 with another member", prepare: misroute(other), config: memberByID(mockapi.FullMemberID),
			wantError: `(?s)Reading LaunchDarkly member "` + mockapi.FullMemberID + `".*` +
				anyWrap(`answered HTTP 200 with member "`+mockapi.MinimalMemberID+`", not member "`+mockapi.FullMemberID+`"`)},
		{name: "a 200 with an empty object", prepare: misroute(map[string]any{}), config: memberByID(mockapi.FullMemberID),
			wantError: `(?s)Reading LaunchDarkly member.*` + anyWrap(`a member that has no _id, not member "`+mockapi.FullMemberID+`"`)},
		{name: "a 200 with an empty object for me", prepare: misroute(map[string]any{}), config: memberBlock(`id = "me"`),
			wantError: `(?s)Reading LaunchDarkly member "me".*` + anyWrap(`a member that has no _id, not member "me"`)},
		// "~" appears nowhere else in Terraform's error output, so matching the whole output with [^~]*
		// proves the token is absent from it.
		{name: "a rejected token, not printed", token: "api-rejected~token~do-not-print", config: readMe,
			wantError: `\A[^~]*Reading LaunchDarkly member "me": token rejected[^~]*HTTP 401[^~]*\z`},
		{name: "a token without permission",
			prepare: func(api *mockapi.API) { api.AddToken(limited, mockapi.MinimalMemberID); api.ForbidToken(limited) },
			token:   limited, config: memberBlock(`id = "me"`),
			wantError: `(?s)Reading LaunchDarkly member "me": permission denied.*HTTP 403`},
	})
}

// Invalid arguments are refused when Terraform validates the configuration, before any request.
func TestAccMemberInvalidArguments(t *testing.T) {
	badEmail := `(?s)Attribute email must be one email address`
	cases := []accCase{
		{name: "id and email", config: memberBlock("id = \"me\"\n  email = \"a@acme.example\""),
			wantError: `(?s)Invalid Attribute Combination.*Exactly one of these attributes must be\s+configured: \[id,email\]`},
		{name: "neither", config: memberBlock(""),
			wantError: `(?s)Missing Attribute Configuration.*Exactly one of these attributes must be\s+configured: \[id,email\]`},
		{name: "malformed id", config: memberBlock(`id = "not-an-id"`),
			wantError: `(?s)Attribute id must be .me. or a 24-character hexadecimal member ID`},
		{name: "two emails", config: memberBlock(`email = "a@acme.example|b@acme.example"`), wantError: badEmail},
		{name: "empty email", config: memberBlock(`email = ""`), wantError: badEmail},
		{name: "NUL in email", config: memberBlock(`email = "sam\u0000@acme.example"`), wantError: badEmail},
		{name: "control character in email", config: memberBlock(`email = "sam\u0007@acme.example"`), wantError: badEmail},
		{name: "non-breaking space in email", config: memberBlock(`email = "sam.lee\u00a0@acme.example"`), wantError: badEmail},
		{name: "zero-width space in email", config: memberBlock(`email = "sam\u200b.lee@acme.example"`), wantError: badEmail},
		{name: "line separator in email", config: memberBlock(`email = "sam@acme.example\u2028"`), wantError: badEmail},
	}
	for i := range cases {
		cases[i].refused = true
	}
	runAccCases(t, cases)
}
