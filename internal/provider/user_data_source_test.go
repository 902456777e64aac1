package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// userConfig reads one user from the mock.
func userConfig(apiURL, project, environment, key string) string {
	return mockProviderConfig(apiURL) + userBlock(project, environment, key)
}

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

func typedLink(href, mediaType string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"href": knownvalue.StringExact(href),
		"type": knownvalue.StringExact(mediaType),
	})
}

func userLinks(key string) knownvalue.Check {
	base := "/api/v2/users/web-app/production"
	return knownvalue.MapExact(map[string]knownvalue.Check{
		"parent":   typedLink(base, "application/json"),
		"self":     typedLink(base+"/"+key, "application/json"),
		"settings": typedLink(base+"/"+key+"/flags", "text/html"),
		"site":     typedLink("/web-app/production/users/"+key, "text/html"),
	})
}

func TestAccUserFullRecordHasEveryAttribute(t *testing.T) {
	api, apiURL := startMockAPI(t)
	config := userConfig(apiURL, mockapi.UserProject, mockapi.UserEnvironment, mockapi.FullUserKey) + `
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
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("user", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"project_key":     knownvalue.StringExact(mockapi.UserProject),
					"environment_key": knownvalue.StringExact(mockapi.UserEnvironment),
					"user_key":        knownvalue.StringExact(mockapi.FullUserKey),
					"last_ping":       knownvalue.StringExact("2022-06-28T23:21:29.176609596Z"),
					"environment_id":  knownvalue.StringExact("6511d0c3a8e4f20013b7e001"),
					"owner_id":        knownvalue.StringExact(mockapi.OwnerMemberID),
					"source":          knownvalue.StringExact("users_api"),
					"user": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"key":           knownvalue.StringExact(mockapi.FullUserKey),
						"secondary":     knownvalue.StringExact("2398127"),
						"ip":            knownvalue.StringExact("10.10.10.10"),
						"country":       knownvalue.StringExact("United States"),
						"email":         knownvalue.StringExact("sandy@example.com"),
						"first_name":    knownvalue.StringExact("Sandy"),
						"last_name":     knownvalue.StringExact("Smith"),
						"avatar":        knownvalue.StringExact("http://example.com/avatar.png"),
						"name":          knownvalue.StringExact("Sandy Smith"),
						"anonymous":     knownvalue.Bool(false),
						"private_attrs": stringList("email"),
						"custom": knownvalue.ObjectExact(map[string]knownvalue.Check{
							"plan":   knownvalue.StringExact("enterprise"),
							"seats":  knownvalue.Int64Exact(42),
							"beta":   knownvalue.Bool(true),
							"groups": stringList("admins", "ops"),
							"address": knownvalue.ObjectExact(map[string]knownvalue.Check{
								"city":  knownvalue.StringExact("Oakland"),
								"zip":   knownvalue.StringExact("94612"),
								"floor": knownvalue.Int64Exact(3),
							}),
						}),
					}),
					"links":  userLinks(mockapi.FullUserKey),
					"access": seededAccess(),
				})),
				statecheck.ExpectKnownOutputValue("seats_plus_one", knownvalue.Int64Exact(43)),
				statecheck.ExpectKnownOutputValue("second_group", knownvalue.StringExact("ops")),
				statecheck.ExpectKnownOutputValue("floor_doubled", knownvalue.Int64Exact(6)),
				statecheck.ExpectKnownOutputValue("beta_negated", knownvalue.Bool(false)),
			},
		}},
	})
	for _, req := range api.Requests() {
		if got := req.Header.Values("LD-API-Version"); len(got) != 1 || got[0] != "20220603" {
			t.Errorf("%s sent LD-API-Version %q, want exactly [20220603]", req.EscapedPath, got)
		}
	}
}

func TestAccUserAnonymousKeepsNulls(t *testing.T) {
	_, apiURL := startMockAPI(t)
	key := mockapi.AnonymousUserKey
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: userConfig(apiURL, mockapi.UserProject, mockapi.UserEnvironment, key),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("user", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"project_key":     knownvalue.StringExact(mockapi.UserProject),
					"environment_key": knownvalue.StringExact(mockapi.UserEnvironment),
					"user_key":        knownvalue.StringExact(key),
					"last_ping":       knownvalue.Null(),
					"environment_id":  knownvalue.Null(),
					"owner_id":        knownvalue.Null(),
					"source":          knownvalue.StringExact("users_api"),
					"user": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"key":           knownvalue.StringExact(key),
						"anonymous":     knownvalue.Bool(true),
						"secondary":     knownvalue.Null(),
						"ip":            knownvalue.Null(),
						"country":       knownvalue.Null(),
						"email":         knownvalue.Null(),
						"first_name":    knownvalue.Null(),
						"last_name":     knownvalue.Null(),
						"avatar":        knownvalue.Null(),
						"name":          knownvalue.Null(),
						"private_attrs": knownvalue.Null(),
						"custom":        knownvalue.Null(),
					}),
					"links":  userLinks(key),
					"access": knownvalue.Null(),
				})),
			},
		}},
	})
}

// JSON nulls, empty containers and mixed-type lists keep their shape inside user.custom.
func TestAccUserCustomEdgeValues(t *testing.T) {
	api, apiURL := startMockAPI(t)
	api.PutUser(mockapi.UserProject, mockapi.UserEnvironment, map[string]any{
		"user": map[string]any{"key": "edge", "custom": map[string]any{
			"nothing": nil, "empty_list": []any{}, "empty_object": map[string]any{},
			"mixed": []any{1.5, "a", true, nil}, "big": 12345678901234567,
		}},
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: userConfig(apiURL, mockapi.UserProject, mockapi.UserEnvironment, "edge") + `
output "custom" {
  value = data.launchdarkly_user.test.user.custom
}

output "mixed_first" {
  value = data.launchdarkly_user.test.user.custom.mixed[0] * 2
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("custom", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"nothing":      knownvalue.Null(),
					"empty_list":   knownvalue.ListSizeExact(0),
					"empty_object": knownvalue.ObjectExact(map[string]knownvalue.Check{}),
					"mixed": knownvalue.ListExact([]knownvalue.Check{
						knownvalue.Float64Exact(1.5), knownvalue.StringExact("a"), knownvalue.Bool(true), knownvalue.Null(),
					}),
					"big": knownvalue.Int64Exact(12345678901234567),
				})),
				statecheck.ExpectKnownOutputValue("mixed_first", knownvalue.Int64Exact(3)),
			},
		}},
	})
}

// Keys that need escaping each reach their own record: every record's name says which key it has.
func TestAccUserOddKeysReachTheRightRecord(t *testing.T) {
	_, apiURL := startMockAPI(t)
	keys := ""
	expected := map[string]knownvalue.Check{}
	for _, key := range mockapi.OddUserKeys {
		keys += fmt.Sprintf("%q, ", key)
		expected[key] = knownvalue.StringExact("odd key " + key)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: mockProviderConfig(apiURL) + fmt.Sprintf(`
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
`, keys, mockapi.UserProject, mockapi.UserEnvironment),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("names", knownvalue.MapExact(expected)),
			},
		}},
	})
}

func TestAccUserEmptyArgumentsSendNoRequest(t *testing.T) {
	cases := map[string][3]string{
		"project_key":     {"", mockapi.UserEnvironment, mockapi.FullUserKey},
		"environment_key": {mockapi.UserProject, "", mockapi.FullUserKey},
		"user_key":        {mockapi.UserProject, mockapi.UserEnvironment, ""},
	}
	for attribute, args := range cases {
		t.Run(attribute, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      userConfig(apiURL, args[0], args[1], args[2]),
					ExpectError: regexp.MustCompile(`Attribute ` + attribute + ` string length must be at least 1`),
				}},
			})
			if n := api.RequestCount(); n != 0 {
				t.Errorf("the mock API saw %d requests; an empty argument must be refused before any", n)
			}
		})
	}
}

// A user record whose custom attributes no plan could store ends in an error naming the attribute.
func TestAccUserHostileCustomAttributes(t *testing.T) {
	var deep any = []any{}
	for range 5000 {
		deep = []any{deep}
	}
	cases := map[string]struct {
		value     any
		wantError string
	}{
		"a number of a hundred million digits": {json.Number("1e100000000"), `user.custom.x: the number 1e100000000 is out of range`},
		"lists nested 5000 deep":               {deep, `user.custom.x: lists and objects nest more than 64 levels deep`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			api.PutUser(mockapi.UserProject, mockapi.UserEnvironment, map[string]any{
				"user": map[string]any{"key": "hostile", "custom": map[string]any{"x": tc.value}},
			})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerConfigWith(apiURL, mockapi.DefaultToken, `user_source = "users_api"`) + userBlock(mockapi.UserProject, mockapi.UserEnvironment, "hostile"),
					ExpectError: regexp.MustCompile(`(?s)Reading LaunchDarkly user "hostile".*` + tc.wantError),
				}},
			})
		})
	}
}
