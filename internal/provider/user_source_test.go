package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

const (
	usersPath = "/api/v2/users/"
	// retiredMessage is how the mock answers a retired Users API by default.
	retiredMessage = "API version 20220603 is no longer supported; the Users API was removed"
)

// userSourceConfig reads one user of the seeded environment with the provider's user_source set (or left
// out when empty).
func userSourceConfig(apiURL, source, key string) string {
	arguments := ""
	if source != "" {
		arguments = "user_source = \"" + source + "\""
	}
	return providerAt(apiURL, mockapi.DefaultToken, arguments) + seededUserBlock(key)
}

// fullUserFromContexts is the seeded full user as its newest user context gives it: the same record as
// the Users API's, except what the Contexts API has no source for.
func fullUserFromContexts() knownvalue.Check {
	base := "/api/v2/projects/web-app/environments/production/contexts"
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"project_key":     knownvalue.StringExact(mockapi.UserProject),
		"environment_key": knownvalue.StringExact(mockapi.UserEnvironment),
		"user_key":        knownvalue.StringExact(mockapi.FullUserKey),
		"last_ping":       knownvalue.StringExact("2026-11-30T09:14:02.123456789Z"),
		"environment_id":  knownvalue.StringExact(mockapi.EnvironmentID),
		"owner_id":        knownvalue.Null(),
		"source":          knownvalue.StringExact("contexts_api"),
		// The newest version's custom attributes: the older one says 40 seats.
		"user": seededUser(knownvalue.Null()),
		"links": knownvalue.MapExact(map[string]knownvalue.Check{
			"parent": typedLink(base, "application/json"),
			"self":   typedLink(base+"/user/"+mockapi.FullUserKey+"?filter=applicationId+equals+%22GoSDK%2F6.1.0%22", "application/json"),
			"site":   typedLink("/web-app/production/contexts/user/"+mockapi.FullUserKey, "text/html"),
		}),
		"access": seededAccess(),
	})
}

// contextOnlyUser is the seeded user that exists only as a context: a list under "email" is not an
// email address, so it goes to custom with the other attributes; private attribute references become
// legacy names where they name a top-level attribute.
func contextOnlyUser() knownvalue.Check {
	null := knownvalue.Null()
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"project_key":     knownvalue.StringExact(mockapi.UserProject),
		"environment_key": knownvalue.StringExact(mockapi.UserEnvironment),
		"user_key":        knownvalue.StringExact(mockapi.ContextOnlyUserKey),
		"last_ping":       knownvalue.StringExact("2026-11-28T16:45:10.5Z"),
		"environment_id":  knownvalue.StringExact(mockapi.EnvironmentID),
		"owner_id":        null,
		"source":          knownvalue.StringExact("contexts_api"),
		"user": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"key": knownvalue.StringExact(mockapi.ContextOnlyUserKey), "secondary": null, "ip": null,
			"country": knownvalue.StringExact("Canada"), "email": null, "first_name": null, "last_name": null,
			"avatar": null, "name": null, "anonymous": knownvalue.Bool(false),
			"private_attrs": stringList("/address/street", "job/title", "phone", "tilde~name"),
			"custom": knownvalue.ObjectExact(map[string]knownvalue.Check{
				"email":     stringList("primary@example.com", "backup@example.com"),
				"job/title": knownvalue.StringExact("Engineer"),
				"plan":      knownvalue.StringExact("team"),
				"seats":     knownvalue.Int64Exact(5),
			}),
		}),
		"links":  knownvalue.MapSizeExact(3),
		"access": null,
	})
}

// retirement is one way the retired Users API may answer: the real answer is not documented.
type retirement struct {
	status        int
	code, message string
}

var retirements = map[string]retirement{
	"400 naming the version": {http.StatusBadRequest, "invalid_request", retiredMessage},
	"404":                    {http.StatusNotFound, "not_found", "Invalid resource identifier"},
	"410":                    {http.StatusGone, "gone", "This API has been removed"},
	"403":                    {http.StatusForbidden, "forbidden", "Access to the requested resource was denied"},
}

// userSourceCase is one way of reading a user: the clock, user_source, the Users API's state, and what
// comes of it.
type userSourceCase struct {
	name        string
	now         time.Time
	source, key string
	retired     *retirement // nil: the Users API serves users
	want        knownvalue.Check
	wantSource  string
	// usersCalls and contextsCalls: whether each API is called; when both are, once each per read.
	usersCalls, contextsCalls bool
	// warning is a text the one warning of every read must hold; empty means no diagnostics at all.
	warning string
}

func TestAccUserSources(t *testing.T) {
	cases := []userSourceCase{
		{name: "auto reads the Users API while it answers", now: beforeRetirement, key: mockapi.FullUserKey,
			want: knownvalue.NotNull(), wantSource: "users_api", usersCalls: true},
		{name: "auto falls back to the user context for a user only the Contexts API knows", now: beforeRetirement,
			key: mockapi.ContextOnlyUserKey, want: contextOnlyUser(), wantSource: "contexts_api",
			usersCalls: true, contextsCalls: true,
			warning: `The Users API did not return the user (HTTP 404 Not Found: Invalid resource identifier (code "not_found"))`},
		{name: "auto sends no Users request from 2026-12-31", now: afterRetirement, key: mockapi.FullUserKey,
			want: fullUserFromContexts(), wantSource: "contexts_api", contextsCalls: true,
			warning: "LaunchDarkly retired the Users API (API version 20220603) on 2026-12-31, so this user record was read"},
		{name: "contexts_api reads only the Contexts API, without a warning", now: beforeRetirement,
			source: "contexts_api", key: mockapi.FullUserKey, want: fullUserFromContexts(), wantSource: "contexts_api",
			contextsCalls: true},
		{name: "users_api reads only the Users API, even after 2026-12-31", now: afterRetirement, source: "users_api",
			key: mockapi.FullUserKey, want: knownvalue.NotNull(), wantSource: "users_api", usersCalls: true},
	}
	for name, r := range retirements {
		cases = append(cases, userSourceCase{
			name: "auto falls back when the retired Users API answers " + name, now: beforeRetirement,
			key: mockapi.FullUserKey, retired: &r, want: fullUserFromContexts(), wantSource: "contexts_api",
			usersCalls: true, contextsCalls: true,
			warning: fmt.Sprintf("The Users API did not return the user (HTTP %d %s: %s (code %q))",
				r.status, http.StatusText(r.status), r.message, r.code),
		})
	}
	t.Parallel()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			if tc.retired != nil {
				api.RetireUsersAPIWith(tc.retired.status, tc.retired.code, tc.retired.message)
			}
			factories, reads := recordingFactories(t, tc.now)
			accTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories,
				Steps: []resource.TestStep{{
					Config: userSourceConfig(apiURL, tc.source, tc.key),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownOutputValue("user", tc.want),
						statecheck.ExpectKnownOutputValueAtPath("user", tfjsonpath.New("source"), knownvalue.StringExact(tc.wantSource)),
					},
				}},
			})
			users, contexts := requestsTo(api, usersPath), requestsTo(api, contextsPath)
			switch {
			case (users > 0) != tc.usersCalls || (contexts > 0) != tc.contextsCalls:
				t.Errorf("the mock saw %d Users and %d Contexts requests; want Users: %v, Contexts: %v",
					users, contexts, tc.usersCalls, tc.contextsCalls)
			case tc.usersCalls && tc.contextsCalls && users != contexts:
				t.Errorf("%d Users requests but %d Contexts requests: a fallback read is one of each", users, contexts)
			}
			checkReadWarnings(t, reads.all(), tc.warning)
		})
	}
}

// checkReadWarnings checks that every read returned exactly one warning holding want and nothing else,
// or, when want is empty, no diagnostic at all.
func checkReadWarnings(t *testing.T, reads [][]*tfprotov6.Diagnostic, want string) {
	t.Helper()
	if len(reads) == 0 {
		t.Fatal("Terraform read no data source")
	}
	for i, diags := range reads {
		if want == "" {
			if len(diags) != 0 {
				t.Errorf("read %d returned diagnostics: %s", i, diags[0].Detail)
			}
			continue
		}
		if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning {
			t.Errorf("read %d returned %d diagnostics, want exactly one warning", i, len(diags))
			continue
		}
		d := diags[0]
		for _, text := range []string{want, "`owner_id`", "`user.secondary`", "the `settings` link",
			"does not list anonymous users", `set ` + "`" + `user_source = "contexts_api"` + "`"} {
			if !strings.Contains(d.Detail, text) {
				t.Errorf("read %d: the warning does not say %q:\n%s", i, text, d.Detail)
			}
		}
		if d.Summary != `LaunchDarkly user "`+mockapi.FullUserKey+`" read from the Contexts API` &&
			d.Summary != `LaunchDarkly user "`+mockapi.ContextOnlyUserKey+`" read from the Contexts API` {
			t.Errorf("read %d: warning summary %q", i, d.Summary)
		}
	}
}

func TestAccUserSourceErrors(t *testing.T) {
	cases := []struct {
		name, source, key string
		retired           bool
		wantError         string
		usersCalls        bool
		contextsCalls     bool
	}{
		{name: "both APIs fail", key: "nobody", retired: true, usersCalls: true, contextsCalls: true,
			wantError: `(?s)Reading LaunchDarkly user "nobody" in project "web-app",\s+environment\s+"production".*` +
				`Neither LaunchDarkly API returned the user.*Users API \(API version 20220603\): HTTP 400 Bad\s+Request:\s+API\s+version\s+20220603\s+is\s+no\s+longer\s+supported.*` +
				`Contexts API \(the context of kind\s+` + "`user`" + `\s+with\s+this\s+key\):\s+no\s+context\s+of\s+this\s+kind\s+and\s+key.*anonymous`},
		{name: "an anonymous user, which the Contexts API does not list", key: mockapi.AnonymousUserKey, retired: true,
			usersCalls: true, contextsCalls: true,
			wantError: `(?s)Neither LaunchDarkly API returned the user.*does\s+not\s+list\s+anonymous\s+contexts`},
		// Every Users API error says when it retires and how to read the same user.
		{name: "users_api with the Users API retired", source: "users_api", key: mockapi.FullUserKey, retired: true,
			usersCalls: true,
			wantError: words(`Reading LaunchDarkly user "user-key-123abc"`, "HTTP 400 Bad Request: API version 20220603 is no longer supported",
				"whose end of life is 2026-12-31", "set `user_source = \"contexts_api\"` (or `\"auto\"`)")},
		{name: "users_api, no such user", source: "users_api", key: "nobody", usersCalls: true,
			wantError: `(?s)not found.*No user with this key.*2026-12-31.*user_source`},
		{name: "contexts_api, no such user context", source: "contexts_api", key: "nobody", contextsCalls: true,
			wantError: `(?s)Reading LaunchDarkly user "nobody".*not found.*no context of kind\s+` + "`user`"},
		// An unknown user_source is refused when Terraform validates the configuration, before any request.
		{name: "an unknown user_source", source: "contexts", key: mockapi.FullUserKey,
			wantError: `(?s)Attribute user_source value must be one of: \["auto" "users_api"\s+"contexts_api"\], got: "contexts"`},
	}
	var accCases []accCase
	for _, tc := range cases {
		var arguments string
		if tc.source != "" {
			arguments = fmt.Sprintf("user_source = %q", tc.source)
		}
		accCases = append(accCases, accCase{
			name: tc.name, providerArguments: arguments, config: seededUserBlock(tc.key), wantError: tc.wantError,
			prepare: func(api *mockapi.API) { api.RetireUsersAPI(tc.retired) },
			requests: func(t *testing.T, api *mockapi.API) {
				users, contexts := requestsTo(api, usersPath), requestsTo(api, contextsPath)
				if (users > 0) != tc.usersCalls || (contexts > 0) != tc.contextsCalls {
					t.Errorf("the mock saw %d Users and %d Contexts requests; want Users: %v, Contexts: %v",
						users, contexts, tc.usersCalls, tc.contextsCalls)
				}
			},
		})
	}
	runAccCases(t, accCases)
}

// A user context in the pre-release format still carries the secondary attribute, under _meta.
func TestAccUserFromPreReleaseContextKeepsSecondary(t *testing.T) {
	runAccCases(t, []accCase{{
		name: "secondary from _meta", providerArguments: `user_source = "contexts_api"`, config: seededUserBlock(mockapi.PreReleaseUserKey),
		checks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValueAtPath("user", tfjsonpath.New("user"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"secondary":     knownvalue.StringExact("bucket-7"),
				"email":         knownvalue.StringExact("early@example.com"),
				"private_attrs": stringList("email"),
				"custom":        knownvalue.Null(),
			})),
		},
	}})
}

// Whatever the Users API answers, its error says when it retires and how to read the same user today.
func TestAccUsersAPIErrorsSayWhatToDo(t *testing.T) {
	runAccCases(t, []accCase{
		{name: "410 Gone", providerArguments: `user_source = "users_api"`, config: seededUserBlock(mockapi.FullUserKey),
			prepare: func(api *mockapi.API) {
				api.RetireUsersAPIWith(http.StatusGone, "gone", "API version 20220603 has been removed")
			},
			wantError: words("HTTP 410 Gone: API version 20220603 has been removed",
				"whose end of life is 2026-12-31", "set `user_source = \"contexts_api\"` (or `\"auto\"`)")},
		// A misspelt project: the Users API's 404 and the Contexts API's say so, not "no such context".
		{name: "a misspelt project, through both APIs", config: userBlock("web-ap", mockapi.UserEnvironment, mockapi.FullUserKey),
			wantError: words("Neither LaunchDarkly API returned the user", "Contexts API",
				"LaunchDarkly knows no such project or environment", "Unknown project or environment")},
	})
}
