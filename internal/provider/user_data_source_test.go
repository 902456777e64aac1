package provider

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// userBlock reads one user and outputs the whole data source, so that a check on the output covers every
// attribute.
func userBlock(project, environment, key string) string {
	return fmt.Sprintf(`
data "launchdarkly_user" "test" {
  project_key     = %q
  environment_key = %q
  user_key        = %q
}

output "user" {
  value = data.launchdarkly_user.test
}
`, project, environment, key)
}

// seededUserBlock reads the user with key in the seeded project and environment.
func seededUserBlock(key string) string {
	return userBlock(mockapi.UserProject, mockapi.UserEnvironment, key)
}

func userLinks(key string) knownvalue.Check {
	base := "/api/v2/users/web-app/production"
	return knownvalue.MapExact(map[string]knownvalue.Check{
		"parent":   link(base),
		"self":     link(base + "/" + key),
		"settings": typedLink(base+"/"+key+"/flags", "text/html"),
		"site":     typedLink("/web-app/production/users/"+key, "text/html"),
	})
}

// putUser stores a user record with key and custom attributes in the seeded environment.
func putUser(key string, custom map[string]any) func(*mockapi.API) {
	return func(api *mockapi.API) {
		api.PutUser(mockapi.UserProject, mockapi.UserEnvironment, map[string]any{"user": map[string]any{"key": key, "custom": custom}})
	}
}

func TestAccUserReads(t *testing.T) {
	null := knownvalue.Null()
	oddKeys, oddNames := "", map[string]knownvalue.Check{}
	for _, key := range mockapi.OddUserKeys {
		oddKeys += fmt.Sprintf("%q, ", key)
		oddNames[key] = knownvalue.StringExact("odd key " + key)
	}
	runAccCases(t, []accCase{
		{name: "a full record has every attribute, custom attributes keep their JSON types",
			config: seededUserBlock(mockapi.FullUserKey) + `
output "seats_plus_one" {
  value = data.launchdarkly_user.test.user.custom.seats + 1
}

output "second_group" {
  value = data.launchdarkly_user.test.user.custom.groups[1]
}

output "floor_doubled" {
  value = data.launchdarkly_user.test.user.custom.address.floor * 2
}

output "beta_negated" {
  value = !data.launchdarkly_user.test.user.custom.beta
}
`,
			checks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("user", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"project_key":     knownvalue.StringExact(mockapi.UserProject),
					"environment_key": knownvalue.StringExact(mockapi.UserEnvironment),
					"user_key":        knownvalue.StringExact(mockapi.FullUserKey),
					"last_ping":       knownvalue.StringExact("2022-06-28T23:21:29.176609596Z"),
					"environment_id":  knownvalue.StringExact(mockapi.EnvironmentID),
					"owner_id":        knownvalue.StringExact(mockapi.OwnerMemberID),
					"source":          knownvalue.StringExact("users_api"),
					"user":            seededUser(knownvalue.StringExact("2398127")),
					"links":           userLinks(mockapi.FullUserKey),
					"access":          seededAccess(),
				})),
				statecheck.ExpectKnownOutputValue("seats_plus_one", knownvalue.Int64Exact(43)),
				statecheck.ExpectKnownOutputValue("second_group", knownvalue.StringExact("ops")),
				statecheck.ExpectKnownOutputValue("floor_doubled", knownvalue.Int64Exact(6)),
				statecheck.ExpectKnownOutputValue("beta_negated", knownvalue.Bool(false)),
			},
			requests: func(t *testing.T, api *mockapi.API) {
				for _, req := range api.Requests() {
					if got := req.Header.Values("LD-API-Version"); len(got) != 1 || got[0] != mockapi.UsersAPIVersion {
						t.Errorf("%s sent LD-API-Version %q, want exactly [%s]", req.EscapedPath, got, mockapi.UsersAPIVersion)
					}
				}
			}},
		{name: "an anonymous user keeps nulls", config: seededUserBlock(mockapi.AnonymousUserKey),
			checks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("user", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"project_key":     knownvalue.StringExact(mockapi.UserProject),
					"environment_key": knownvalue.StringExact(mockapi.UserEnvironment),
					"user_key":        knownvalue.StringExact(mockapi.AnonymousUserKey),
					"last_ping":       null, "environment_id": null, "owner_id": null,
					"source": knownvalue.StringExact("users_api"),
					"user": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"key": knownvalue.StringExact(mockapi.AnonymousUserKey), "anonymous": knownvalue.Bool(true),
						"secondary": null, "ip": null, "country": null, "email": null, "first_name": null, "last_name": null,
						"avatar": null, "name": null, "private_attrs": null, "custom": null,
					}),
					"links":  userLinks(mockapi.AnonymousUserKey),
					"access": null,
				})),
			}},
		// JSON nulls, empty containers and mixed-type lists keep their shape inside user.custom.
		{name: "custom edge values",
			prepare: putUser("edge", map[string]any{
				"nothing": nil, "empty_list": []any{}, "empty_object": map[string]any{},
				"mixed": []any{1.5, "a", true, nil}, "big": 12345678901234567,
			}),
			config: seededUserBlock("edge") + `
output "custom" {
  value = data.launchdarkly_user.test.user.custom
}

output "mixed_first" {
  value = data.launchdarkly_user.test.user.custom.mixed[0] * 2
}
`,
			checks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("custom", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"nothing":      null,
					"empty_list":   knownvalue.ListSizeExact(0),
					"empty_object": knownvalue.ObjectExact(map[string]knownvalue.Check{}),
					"mixed": knownvalue.ListExact([]knownvalue.Check{
						knownvalue.Float64Exact(1.5), knownvalue.StringExact("a"), knownvalue.Bool(true), null,
					}),
					"big": knownvalue.Int64Exact(12345678901234567),
				})),
				statecheck.ExpectKnownOutputValue("mixed_first", knownvalue.Int64Exact(3)),
			}},
		// Keys that need escaping each reach their own record: every record's name says which key it has.
		{name: "odd keys reach the right record",
			config: fmt.Sprintf(`
locals {
  keys = [%s]
}

# count rather than for_each: the test framework's state shim cannot index by these keys.
data "launchdarkly_user" "odd" {
  count           = length(local.keys)
  project_key     = %q
  environment_key = %q
  user_key        = local.keys[count.index]
}

output "names" {
  value = { for u in data.launchdarkly_user.odd : u.user_key => u.user.name }
}
`, oddKeys, mockapi.UserProject, mockapi.UserEnvironment),
			checks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("names", knownvalue.MapExact(oddNames))}},
	})
}

func TestAccUserErrors(t *testing.T) {
	var deep any = []any{}
	for range 5000 {
		deep = []any{deep}
	}
	emptyArgument := func(attribute string) string {
		return `Attribute ` + attribute + ` string length must be at least 1`
	}
	// A user record whose custom attributes no plan could store ends in an error naming the attribute.
	runAccCases(t, []accCase{
		{name: "a number of a hundred million digits", prepare: putUser("hostile", map[string]any{"x": json.Number("1e100000000")}),
			providerArguments: `user_source = "users_api"`, config: seededUserBlock("hostile"),
			wantError: `(?s)Reading LaunchDarkly user "hostile".*user.custom.x: the number 1e100000000 is out of range`},
		{name: "lists nested 5000 deep", prepare: putUser("hostile", map[string]any{"x": deep}),
			providerArguments: `user_source = "users_api"`, config: seededUserBlock("hostile"),
			wantError: `(?s)Reading LaunchDarkly user "hostile".*user.custom.x: lists and objects nest more than 64 levels deep`},
		{name: "empty project_key", config: userBlock("", mockapi.UserEnvironment, mockapi.FullUserKey),
			wantError: emptyArgument("project_key"), refused: true},
		{name: "empty environment_key", config: userBlock(mockapi.UserProject, "", mockapi.FullUserKey),
			wantError: emptyArgument("environment_key"), refused: true},
		{name: "empty user_key", config: userBlock(mockapi.UserProject, mockapi.UserEnvironment, ""),
			wantError: emptyArgument("user_key"), refused: true},
	})
}
