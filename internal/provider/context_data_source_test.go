package provider

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

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

func version(application, lastSeen string, associated int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"application_id":      knownvalue.StringExact(application),
		"last_seen":           knownvalue.StringExact(lastSeen),
		"associated_contexts": knownvalue.Int64Exact(associated),
	})
}

func TestAccContextReads(t *testing.T) {
	huge, _, _ := big.ParseFloat("123456789012345678901234567890", 10, 512, big.ToNearestEven)
	null := knownvalue.Null()
	oddKeys, oddNames := "", map[string]knownvalue.Check{}
	for _, key := range mockapi.OddUserKeys {
		oddKeys += fmt.Sprintf("%q, ", key)
		oddNames[key] = knownvalue.StringExact("odd key " + key)
	}
	runAccCases(t, []accCase{
		{name: "every attribute, with attribute values of every JSON type",
			config: contextBlock("organization", mockapi.OrganizationKey, "") + `
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
`,
			checks: []statecheck.StateCheck{
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
							knownvalue.Int64Exact(1), knownvalue.StringExact("x"), knownvalue.Bool(true), null,
							knownvalue.ObjectExact(map[string]knownvalue.Check{"k": knownvalue.StringExact("v")}),
						}),
						"nothing": null,
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
			requests: func(t *testing.T, api *mockapi.API) {
				for _, req := range api.Requests() {
					if got := req.Header.Values("LD-API-Version"); len(got) != 1 || got[0] != mockapi.ContextsAPIVersion {
						t.Errorf("%s sent LD-API-Version %q, want exactly [%s]", req.EscapedPath, got, mockapi.ContextsAPIVersion)
					}
					if req.Query.Get("limit") != "50" || req.Query.Get("sort") != "-ts" {
						t.Errorf("%s?%s: want limit=50 and sort=-ts", req.EscapedPath, req.Query.Encode())
					}
				}
			}},
		// A context that carries only its kind and key: everything the API left out stays null.
		{name: "absent fields stay null", config: contextBlock("device", mockapi.BareDeviceKey, ""),
			checks: []statecheck.StateCheck{
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
			}},
		// Keys that need escaping each reach their own context.
		{name: "odd keys reach the right context",
			config: fmt.Sprintf(`
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
`, oddKeys, mockapi.UserProject, mockapi.UserEnvironment),
			checks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("names", knownvalue.MapExact(oddNames))}},
	})
}

// A key with 60 versions spans two pages of 50. Whichever way the server points to the next page, the
// data source reads both, shows the newest, and finds the 60th (oldest) by its application, which only
// the second page holds.
func TestAccContextReadsEveryPage(t *testing.T) {
	versions := make([]knownvalue.Check, mockapi.ManyVersionsCount)
	for i := range versions {
		n := mockapi.ManyVersionsCount - i
		versions[i] = version(fmt.Sprintf("App/%02d", n), fmt.Sprintf("2026-11-01T%02d:%02d:00Z", n/60, n%60), int64(n))
	}
	config := contextBlock("user", mockapi.ManyVersionsKey, "") + fmt.Sprintf(`
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
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValueAtPath("context", tfjsonpath.New("name"), knownvalue.StringExact("version 60")),
		statecheck.ExpectKnownOutputValueAtPath("context", tfjsonpath.New("application_id"), knownvalue.StringExact("App/60")),
		statecheck.ExpectKnownOutputValueAtPath("context", tfjsonpath.New("versions"), knownvalue.ListExact(versions)),
		statecheck.ExpectKnownOutputValue("oldest", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name":      knownvalue.StringExact("version 1"),
			"last_seen": knownvalue.StringExact("2026-11-01T00:01:00Z"),
			"count":     knownvalue.Int64Exact(mockapi.ManyVersionsCount),
		})),
	}
	// Terraform reads the data sources once per command; each read is perRead requests.
	requests := func(perRead int) func(*testing.T, *mockapi.API) {
		return func(t *testing.T, api *mockapi.API) {
			if n := requestsTo(api, contextsPath); n%perRead != 0 || n == 0 {
				t.Errorf("the mock saw %d contexts requests, want a multiple of %d", n, perRead)
			}
			for _, req := range api.Requests() {
				if req.Query.Get("limit") != "50" {
					t.Errorf("%s?%s: want limit=50", req.EscapedPath, req.Query.Encode())
				}
			}
		}
	}
	paging := func(p mockapi.ContextPaging) func(*mockapi.API) {
		return func(api *mockapi.API) { api.SetContextPaging(p) }
	}
	runAccCases(t, []accCase{
		{name: "next link and token", prepare: paging(mockapi.PagingLinksAndToken), config: config, checks: checks,
			requests: requests(2)},
		// The token-only server ends with an empty page.
		{name: "token only", prepare: paging(mockapi.PagingTokenOnly), config: config, checks: checks, requests: requests(3)},
		{name: "next link with a stray host", prepare: paging(mockapi.PagingLinksOnly), config: config, checks: checks,
			requests: requests(2)},
	})
}

// putContext stores a raw context record under kind "user" and key in the seeded environment.
func putContext(key, record string) func(*mockapi.API) {
	return func(api *mockapi.API) {
		api.PutContextJSON(mockapi.UserProject, mockapi.UserEnvironment, "user", key, []byte(record))
	}
}

func TestAccContextErrors(t *testing.T) {
	runAccCases(t, []accCase{
		{name: "no such key", config: contextBlock("user", "nobody", ""),
			wantError: `(?s)Reading LaunchDarkly context user "nobody" in project "web-app",\s+environment\s+"production": not found.*no context of this kind and key.*anonymous`},
		// A misspelt project or environment is the API's 404, told apart from a context it does not keep.
		{name: "no such environment", config: contextBlockIn("staging", "user", mockapi.FullUserKey, ""),
			wantError: words(`Reading LaunchDarkly context user "user-key-123abc" in project "web-app", environment "staging": unknown project or environment`,
				"check `project_key` and `environment_key`", "HTTP 404 Not Found: Unknown project or environment")},
		{name: "unknown application", config: contextBlock("organization", mockapi.OrganizationKey, `application_id = "iOS/1.0"`),
			wantError: `(?s)no version of the context was sent by application "iOS/1.0".\s+The\s+applications\s+that\s+sent\s+it:\s+"GoSDK/6.1.0"`},
		{name: "a server that repeats its pages", prepare: func(api *mockapi.API) { api.SetContextPaging(mockapi.PagingRepeat) },
			config: contextBlock("user", mockapi.ManyVersionsKey, ""), wantError: `(?s)the server sent the same page twice`},
		{name: "another context's record", prepare: putContext("asked-for", `{"context":{"kind":"user","key":"someone-else"}}`),
			config:    contextBlock("user", "asked-for", ""),
			wantError: `(?s)asked for context user "asked-for", but the API answered with context user\s+"someone-else"`},
		{name: "an empty context", prepare: putContext("empty", `{"context":{}}`), config: contextBlock("user", "empty", ""),
			wantError: `(?s)record that has a context\s+without\s+a\s+kind\s+or\s+key`},
		{name: "keys Terraform cannot keep apart",
			prepare:   putContext("twins", `{"context":{"kind":"user","key":"twins","address":{"caf\u00e9":1,"cafe\u0301":2}}}`),
			config:    contextBlock("user", "twins", ""),
			wantError: `(?s)attributes.address: the keys "caf\\u00e9" and "cafe\\u0301" differ only in\s+Unicode\s+normalisation`},
		{name: "a number too large to store", prepare: putContext("huge", `{"context":{"kind":"user","key":"huge","n":1e100000000}}`),
			config: contextBlock("user", "huge", ""), wantError: `(?s)attributes.n: the number 1e100000000 is out of range`},
		{name: "lists nested 5000 deep",
			prepare: putContext("deep", `{"context":{"kind":"user","key":"deep","d":`+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)+`}}`),
			config:  contextBlock("user", "deep", ""), wantError: `(?s)attributes.d: lists and objects nest more than 64 levels deep`},
		{name: "a key sent twice", prepare: putContext("dup", `{"context":{"kind":"user","key":"dup","plan":"a","plan":"b"}}`),
			config: contextBlock("user", "dup", ""), wantError: `(?s)the key "plan" appears twice`},
	})
}

// Invalid arguments are refused when Terraform validates the configuration, before any request.
func TestAccContextInvalidArguments(t *testing.T) {
	cases := []accCase{
		{name: "reserved kind", config: contextBlock("kind", "k", ""), wantError: `(?s)Attribute kind value must be none of`},
		{name: "multi", config: contextBlock("multi", "k", ""), wantError: `(?s)Attribute kind value must be none of`},
		{name: "kind with a space", config: contextBlock("my kind", "k", ""),
			wantError: `(?s)Attribute kind must contain only letters, digits`},
		{name: "empty kind", config: contextBlock("", "k", ""), wantError: `(?s)Attribute kind must contain only letters, digits`},
		{name: "empty key", config: contextBlock("user", "", ""), wantError: `Attribute key string length must be at least 1`},
		{name: "empty application", config: contextBlock("user", "k", `application_id = ""`),
			wantError: `Attribute application_id string length must be at least 1`},
	}
	for i := range cases {
		cases[i].refused = true
	}
	runAccCases(t, cases)
}
