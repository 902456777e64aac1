package provider

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

const contextsPath = "/api/v2/projects/"

// contextBlock reads one context of the seeded environment, with any extra arguments, and outputs the
// whole data source.
func contextBlock(kind, key, arguments string) string {
	return contextBlockIn(mockapi.UserEnvironment, kind, key, arguments)
}

// contextBlockIn is contextBlock in another environment of the seeded project.
func contextBlockIn(environment, kind, key, arguments string) string {
	return fmt.Sprintf(`
data "launchdarkly_context" "test" {
  project_key     = %q
  environment_key = %q
  kind            = %q
  key             = %q
  %s
}

output "context" {
  value = data.launchdarkly_context.test
}
`, mockapi.UserProject, environment, kind, key, arguments)
}

func contextLinks(kind, key, application string) knownvalue.Check {
	base := "/api/v2/projects/web-app/environments/production/contexts"
	return knownvalue.MapExact(map[string]knownvalue.Check{
		"parent": typedLink(base, "application/json"),
		"self": typedLink(base+"/"+kind+"/"+key+"?filter=applicationId+equals+%22"+
			strings.ReplaceAll(application, "/", "%2F")+"%22", "application/json"),
		"site": typedLink("/web-app/production/contexts/"+kind+"/"+key, "text/html"),
	})
}

// seededAccess is the _access of the seeded full user and its contexts.
func seededAccess() knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"allowed": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"action": knownvalue.StringExact("viewProject"),
			"reason": knownvalue.ObjectExact(map[string]knownvalue.Check{
				"effect":        knownvalue.StringExact("allow"),
				"resources":     stringList("proj/web-app"),
				"not_resources": knownvalue.Null(),
				"actions":       stringList("viewProject"),
				"not_actions":   knownvalue.Null(),
				"role_name":     knownvalue.StringExact("reader"),
			}),
		})}),
		"denied": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"action": knownvalue.StringExact("updateTargets"),
			"reason": knownvalue.ObjectExact(map[string]knownvalue.Check{
				"effect":        knownvalue.StringExact("deny"),
				"resources":     knownvalue.Null(),
				"not_resources": stringList("proj/web-app:env/test"),
				"actions":       knownvalue.Null(),
				"not_actions":   stringList("viewProject"),
				"role_name":     knownvalue.StringExact("devops"),
			}),
		})}),
	})
}

func version(application, lastSeen string, associated int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"application_id":      knownvalue.StringExact(application),
		"last_seen":           knownvalue.StringExact(lastSeen),
		"associated_contexts": knownvalue.Int64Exact(associated),
	})
}

func TestAccContextHasEveryAttribute(t *testing.T) {
	api, apiURL := startMockAPI(t)
	huge, _, _ := big.ParseFloat("123456789012345678901234567890", 10, 512, big.ToNearestEven)
	config := mockProviderConfig(apiURL) + contextBlock("organization", mockapi.OrganizationKey, "") + `
output "city" {
  value = data.launchdarkly_context.test.attributes.address.city
}

output "seats_plus_one" {
  value = data.launchdarkly_context.test.attributes.seats + 1
}

output "huge_digits" {
  value = tostring(data.launchdarkly_context.test.attributes.huge)
}

output "latitude" {
  value = data.launchdarkly_context.test.attributes.address.geo.lat
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("context", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"project_key":         knownvalue.StringExact(mockapi.UserProject),
					"environment_key":     knownvalue.StringExact(mockapi.UserEnvironment),
					"kind":                knownvalue.StringExact("organization"),
					"key":                 knownvalue.StringExact(mockapi.OrganizationKey),
					"application_id":      knownvalue.StringExact("GoSDK/6.1.0"),
					"environment_id":      knownvalue.StringExact(mockapi.EnvironmentID),
					"last_seen":           knownvalue.StringExact("2026-11-29T12:00:00Z"),
					"associated_contexts": knownvalue.Int64Exact(3),
					"name":                knownvalue.StringExact("Acme Corp"),
					"anonymous":           knownvalue.Bool(false),
					"attributes": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"plan":  knownvalue.StringExact("enterprise"),
						"seats": knownvalue.Int64Exact(250),
						"ratio": knownvalue.Float64Exact(0.125),
						"huge":  knownvalue.NumberExact(huge),
						"address": knownvalue.ObjectExact(map[string]knownvalue.Check{
							"city": knownvalue.StringExact("Oakland"),
							"geo": knownvalue.ObjectExact(map[string]knownvalue.Check{
								"lat": knownvalue.Float64Exact(37.8044), "lon": knownvalue.Float64Exact(-122.2712),
							}),
						}),
						"tags": stringList("b2b", "priority"),
						"mixed": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.Int64Exact(1), knownvalue.StringExact("x"), knownvalue.Bool(true), knownvalue.Null(),
							knownvalue.ObjectExact(map[string]knownvalue.Check{"k": knownvalue.StringExact("v")}),
						}),
						"nothing": knownvalue.Null(),
						// Keys that differ only in case stay apart. The mock sends "cafe\u0301" (decomposed), which
						// Terraform can hold only as "caf\u00e9": it normalises attribute names to NFC.
						"Plan":      knownvalue.StringExact("differs only in case"),
						"caf\u00e9": knownvalue.StringExact("decomposed"),
					}),
					"private_attributes": stringList("/address/city", "seats"),
					"links":              contextLinks("organization", mockapi.OrganizationKey, "GoSDK/6.1.0"),
					"access":             seededAccess(),
					"versions":           knownvalue.ListExact([]knownvalue.Check{version("GoSDK/6.1.0", "2026-11-29T12:00:00Z", 3)}),
				})),
				statecheck.ExpectKnownOutputValue("city", knownvalue.StringExact("Oakland")),
				statecheck.ExpectKnownOutputValue("seats_plus_one", knownvalue.Int64Exact(251)),
				statecheck.ExpectKnownOutputValue("huge_digits", knownvalue.StringExact("123456789012345678901234567890")),
				statecheck.ExpectKnownOutputValue("latitude", knownvalue.Float64Exact(37.8044)),
			},
		}},
	})
	for _, req := range api.Requests() {
		if got := req.Header.Values("LD-API-Version"); len(got) != 1 || got[0] != "20240415" {
			t.Errorf("%s sent LD-API-Version %q, want exactly [20240415]", req.EscapedPath, got)
		}
		if req.Query.Get("limit") != "50" || req.Query.Get("sort") != "-ts" {
			t.Errorf("%s?%s: want limit=50 and sort=-ts", req.EscapedPath, req.Query.Encode())
		}
	}
}

// A context that carries only its kind and key: everything the API left out stays null.
func TestAccContextAbsentFieldsStayNull(t *testing.T) {
	_, apiURL := startMockAPI(t)
	null := knownvalue.Null()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: mockProviderConfig(apiURL) + contextBlock("device", mockapi.BareDeviceKey, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("context", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"project_key":     knownvalue.StringExact(mockapi.UserProject),
					"environment_key": knownvalue.StringExact(mockapi.UserEnvironment),
					"kind":            knownvalue.StringExact("device"),
					"key":             knownvalue.StringExact(mockapi.BareDeviceKey),
					"environment_id":  knownvalue.StringExact(mockapi.EnvironmentID),
					"application_id":  null, "last_seen": null, "associated_contexts": null, "name": null,
					"anonymous": null, "attributes": null, "private_attributes": null, "links": null, "access": null,
					"versions": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"application_id": null, "last_seen": null, "associated_contexts": null,
					})}),
				})),
			},
		}},
	})
}

// A key with 60 versions spans two pages of 50. Whichever way the server points to the next page, the
// data source reads both, shows the newest, and finds the 60th (oldest) by its application, which only
// the second page holds.
func TestAccContextReadsEveryPage(t *testing.T) {
	cases := []struct {
		name     string
		paging   mockapi.ContextPaging
		requests int // for the one read both data sources share
	}{
		{"next link and token", mockapi.PagingLinksAndToken, 2},
		{"token only", mockapi.PagingTokenOnly, 3}, // the token-only server ends with an empty page
		{"next link with a stray host", mockapi.PagingLinksOnly, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			api.SetContextPaging(tc.paging)
			versions := make([]knownvalue.Check, mockapi.ManyVersionsCount)
			for i := range versions {
				n := mockapi.ManyVersionsCount - i
				versions[i] = version(fmt.Sprintf("App/%02d", n), fmt.Sprintf("2026-11-01T%02d:%02d:00Z", n/60, n%60), int64(n))
			}
			config := mockProviderConfig(apiURL) + contextBlock("user", mockapi.ManyVersionsKey, "") + fmt.Sprintf(`
data "launchdarkly_context" "oldest" {
  project_key     = %q
  environment_key = %q
  kind            = "user"
  key             = %q
  application_id  = "App/01"
}

output "oldest" {
  value = {
    name      = data.launchdarkly_context.oldest.name
    last_seen = data.launchdarkly_context.oldest.last_seen
    count     = length(data.launchdarkly_context.oldest.versions)
  }
}
`, mockapi.UserProject, mockapi.UserEnvironment, mockapi.ManyVersionsKey)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownOutputValueAtPath("context", tfjsonpath.New("name"), knownvalue.StringExact("version 60")),
						statecheck.ExpectKnownOutputValueAtPath("context", tfjsonpath.New("application_id"), knownvalue.StringExact("App/60")),
						statecheck.ExpectKnownOutputValueAtPath("context", tfjsonpath.New("versions"), knownvalue.ListExact(versions)),
						statecheck.ExpectKnownOutputValue("oldest", knownvalue.ObjectExact(map[string]knownvalue.Check{
							"name":      knownvalue.StringExact("version 1"),
							"last_seen": knownvalue.StringExact("2026-11-01T00:01:00Z"),
							"count":     knownvalue.Int64Exact(mockapi.ManyVersionsCount),
						})),
					},
				}},
			})
			// Terraform reads the data sources once per command; each read is tc.requests requests.
			if n := requestsTo(api, contextsPath); n%tc.requests != 0 || n == 0 {
				t.Errorf("the mock saw %d contexts requests, want a multiple of %d", n, tc.requests)
			}
			for _, req := range api.Requests() {
				if req.Query.Get("limit") != "50" {
					t.Errorf("%s?%s: want limit=50", req.EscapedPath, req.Query.Encode())
				}
			}
		})
	}
}

func TestAccContextErrors(t *testing.T) {
	cases := []struct {
		name, environment, kind, key, arguments string
		prepare                                 func(*mockapi.API)
		wantError                               string
	}{
		{name: "no such key", kind: "user", key: "nobody",
			wantError: `(?s)Reading LaunchDarkly context user "nobody" in project "web-app",\s+environment\s+"production": not found.*no context of this kind and key.*anonymous`},
		{name: "no such environment", environment: "staging", kind: "user", key: mockapi.FullUserKey,
			wantError: `(?s)Reading LaunchDarkly context user "user-key-123abc" in project\s+"web-app", environment "staging": not found`},
		{name: "unknown application", kind: "organization", key: mockapi.OrganizationKey, arguments: `application_id = "iOS/1.0"`,
			wantError: `(?s)no version of the context was sent by application "iOS/1.0".\s+The\s+applications\s+that\s+sent\s+it:\s+"GoSDK/6.1.0"`},
		{name: "a server that repeats its pages", kind: "user", key: mockapi.ManyVersionsKey,
			prepare:   func(api *mockapi.API) { api.SetContextPaging(mockapi.PagingRepeat) },
			wantError: `(?s)the server sent the same page twice`},
		{name: "another context's record", kind: "user", key: "asked-for",
			prepare: func(api *mockapi.API) {
				api.PutContextJSON(mockapi.UserProject, mockapi.UserEnvironment, "user", "asked-for",
					[]byte(`{"context":{"kind":"user","key":"someone-else"}}`))
			},
			wantError: `(?s)asked for context user "asked-for", but the API answered with context user\s+"someone-else"`},
		{name: "an empty context", kind: "user", key: "empty",
			prepare: func(api *mockapi.API) {
				api.PutContextJSON(mockapi.UserProject, mockapi.UserEnvironment, "user", "empty", []byte(`{"context":{}}`))
			},
			wantError: `(?s)record that has a context\s+without\s+a\s+kind\s+or\s+key`},
		{name: "keys Terraform cannot keep apart", kind: "user", key: "twins",
			prepare: func(api *mockapi.API) {
				api.PutContextJSON(mockapi.UserProject, mockapi.UserEnvironment, "user", "twins",
					[]byte(`{"context":{"kind":"user","key":"twins","address":{"caf\u00e9":1,"cafe\u0301":2}}}`))
			},
			wantError: `(?s)attributes.address: the keys "caf\\u00e9" and "cafe\\u0301" differ only in\s+Unicode\s+normalisation`},
		{name: "a number too large to store", kind: "user", key: "huge",
			prepare: func(api *mockapi.API) {
				api.PutContextJSON(mockapi.UserProject, mockapi.UserEnvironment, "user", "huge",
					[]byte(`{"context":{"kind":"user","key":"huge","n":1e100000000}}`))
			},
			wantError: `(?s)attributes.n: the number 1e100000000 is out of range`},
		{name: "lists nested 5000 deep", kind: "user", key: "deep",
			prepare: func(api *mockapi.API) {
				api.PutContextJSON(mockapi.UserProject, mockapi.UserEnvironment, "user", "deep",
					[]byte(`{"context":{"kind":"user","key":"deep","d":`+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)+`}}`))
			},
			wantError: `(?s)attributes.d: lists and objects nest more than 64 levels deep`},
		{name: "a key sent twice", kind: "user", key: "dup",
			prepare: func(api *mockapi.API) {
				api.PutContextJSON(mockapi.UserProject, mockapi.UserEnvironment, "user", "dup",
					[]byte(`{"context":{"kind":"user","key":"dup","plan":"a","plan":"b"}}`))
			},
			wantError: `(?s)the key "plan" appears twice`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			if tc.prepare != nil {
				tc.prepare(api)
			}
			environment := tc.environment
			if environment == "" {
				environment = mockapi.UserEnvironment
			}
			config := mockProviderConfig(apiURL) + contextBlockIn(environment, tc.kind, tc.key, tc.arguments)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: config, ExpectError: regexp.MustCompile(tc.wantError)}},
			})
		})
	}
}

// Invalid arguments are refused when Terraform validates the configuration, before any request.
func TestAccContextInvalidArgumentsSendNoRequest(t *testing.T) {
	cases := []struct{ name, kind, key, arguments, wantError string }{
		{"reserved kind", "kind", "k", "", `(?s)Attribute kind value must be none of`},
		{"multi", "multi", "k", "", `(?s)Attribute kind value must be none of`},
		{"kind with a space", "my kind", "k", "", `(?s)Attribute kind must contain only letters, digits`},
		{"empty kind", "", "k", "", `(?s)Attribute kind must contain only letters, digits`},
		{"empty key", "user", "", "", `Attribute key string length must be at least 1`},
		{"empty application", "user", "k", `application_id = ""`, `Attribute application_id string length must be at least 1`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      mockProviderConfig(apiURL) + contextBlock(tc.kind, tc.key, tc.arguments),
					ExpectError: regexp.MustCompile(tc.wantError),
				}},
			})
			if n := api.RequestCount(); n != 0 {
				t.Errorf("the mock API saw %d requests; invalid arguments must be refused before any", n)
			}
		})
	}
}

// Keys that need escaping each reach their own context.
func TestAccContextOddKeysReachTheRightContext(t *testing.T) {
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

data "launchdarkly_context" "odd" {
  count           = length(local.keys)
  project_key     = %q
  environment_key = %q
  kind            = "user"
  key             = local.keys[count.index]
}

output "names" {
  value = { for c in data.launchdarkly_context.odd : c.key => c.name }
}
`, keys, mockapi.UserProject, mockapi.UserEnvironment),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("names", knownvalue.MapExact(expected)),
			},
		}},
	})
}
