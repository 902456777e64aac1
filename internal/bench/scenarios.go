package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// readKind is what each data source instance of a scenario reads.
type readKind int

const (
	memberByID    readKind = iota // a distinct member per instance, by ID
	memberByEmail                 // a distinct member per instance, by email
	userByKey                     // a distinct user per instance
	sameMember                    // every instance reads "me"
	contextByKey                  // a distinct organization context per instance
	memberList                    // one launchdarkly_members lists an account of `reads` members
	teamList                      // one launchdarkly_teams lists `reads` teams of a 10,000-member account
)

// scenario is one benchmarked configuration: reads data sources of one
// kind against a mock with the given latency and rate limit.
type scenario struct {
	name      string
	reads     int
	kind      readKind
	latency   time.Duration
	rateLimit int // requests per second; 0 means no limit
	// userSource is the provider's user_source argument; empty leaves it out.
	userSource string
	// usersRetired makes the mock's Users API answer as if retired.
	usersRetired bool
}

const ms50 = 50 * time.Millisecond

var scenarios = []scenario{
	{name: "id-10", reads: 10, kind: memberByID},
	{name: "id-100", reads: 100, kind: memberByID},
	{name: "id-400", reads: 400, kind: memberByID},
	{name: "id-1000", reads: 1000, kind: memberByID},
	{name: "id-10-50ms", reads: 10, kind: memberByID, latency: ms50},
	{name: "id-100-50ms", reads: 100, kind: memberByID, latency: ms50},
	{name: "id-400-50ms", reads: 400, kind: memberByID, latency: ms50},
	{name: "email-100-50ms", reads: 100, kind: memberByEmail, latency: ms50},
	{name: "user-100-50ms", reads: 100, kind: userByKey, latency: ms50},
	{name: "user-100-50ms-contexts", reads: 100, kind: userByKey, latency: ms50, userSource: "contexts_api"},
	{name: "user-100-50ms-retired", reads: 100, kind: userByKey, latency: ms50, usersRetired: true},
	{name: "context-100-50ms", reads: 100, kind: contextByKey, latency: ms50},
	{name: "same-100-50ms", reads: 100, kind: sameMember, latency: ms50},
	{name: "id-100-limit20", reads: 100, kind: memberByID, rateLimit: 20},
	{name: "members-3000", reads: 3000, kind: memberList},
	{name: "members-10000", reads: 10000, kind: memberList},
	{name: "teams-240", reads: 240, kind: teamList},
}

// teamListMembers is the account size of a teamList scenario, the mock's largest.
const teamListMembers = 10000

// isList is true for a scenario whose one data source lists many objects.
func isList(sc scenario) bool { return sc.kind == memberList || sc.kind == teamList }

// listDataSource is the type of a list scenario's one data source.
func listDataSource(sc scenario) string {
	if sc.kind == teamList {
		return "launchdarkly_teams"
	}
	return "launchdarkly_members"
}

// selectScenarios returns the scenarios named in the comma-separated list,
// in table order; an empty list selects all.
func selectScenarios(list string) ([]scenario, error) {
	if strings.TrimSpace(list) == "" {
		return scenarios, nil
	}
	wanted := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		wanted[strings.TrimSpace(name)] = true
	}
	var out []scenario
	for _, sc := range scenarios {
		if wanted[sc.name] {
			out = append(out, sc)
			delete(wanted, sc.name)
		}
	}
	if len(wanted) > 0 {
		var known []string
		for _, sc := range scenarios {
			known = append(known, sc.name)
		}
		return nil, fmt.Errorf("unknown scenario(s) %v; known: %s", keys(wanted), strings.Join(known, ","))
	}
	return out, nil
}

func keys(set map[string]bool) []string {
	var out []string
	for k := range set {
		out = append(out, k)
	}
	return out
}

// seed adds whatever the scenario reads to api and returns, per data source
// instance, the ID, email or user key it reads.
func seed(api *mockapi.API, sc scenario) []string {
	switch sc.kind {
	case memberList:
		api.AddGeneratedMembers(sc.reads - mockapi.SeedMemberCount)
		return nil
	case teamList:
		api.AddGeneratedMembers(teamListMembers - mockapi.SeedMemberCount)
		api.AddGeneratedTeams(sc.reads - len(api.TeamKeys()))
		return nil
	}
	if sc.kind == memberByID || sc.kind == memberByEmail {
		api.AddGeneratedMembers(sc.reads)
	}
	out := make([]string, sc.reads)
	for i := range out {
		switch sc.kind {
		case sameMember:
			out[i] = "me"
		case userByKey:
			out[i] = fmt.Sprintf("bench-user-%03d", i)
			api.PutUser(mockapi.UserProject, mockapi.UserEnvironment, benchUser(out[i], i))
			api.PutContext(mockapi.UserProject, mockapi.UserEnvironment, benchUserContext(out[i], i))
		case contextByKey:
			out[i] = fmt.Sprintf("bench-org-%03d", i)
			api.PutContext(mockapi.UserProject, mockapi.UserEnvironment, benchOrganization(out[i], i))
		case memberByID:
			out[i] = mockapi.GeneratedMemberID(i)
		case memberByEmail:
			out[i] = mockapi.GeneratedMemberEmail(i)
		}
	}
	return out
}

// benchUser is a user record shaped like the seeded full one.
func benchUser(key string, i int) map[string]any {
	self := fmt.Sprintf("/api/v2/users/%s/%s/%s", mockapi.UserProject, mockapi.UserEnvironment, key)
	return map[string]any{
		"lastPing":      "2026-01-02T03:04:05.123456789Z",
		"environmentId": "6511d0c3a8e4f20013b7e001",
		"ownerId":       mockapi.OwnerMemberID,
		"user": map[string]any{
			"key":       key,
			"email":     fmt.Sprintf("bench.user.%03d@example.com", i),
			"name":      fmt.Sprintf("Bench User %d", i),
			"country":   "United States",
			"anonymous": false,
			"custom":    map[string]any{"plan": "team", "seats": i, "beta": i%2 == 0},
		},
		"_links": map[string]any{"self": map[string]any{"href": self, "type": "application/json"}},
	}
}

// benchUserContext is benchUser as the Contexts API keeps it.
func benchUserContext(key string, i int) map[string]any {
	return map[string]any{
		"context": map[string]any{
			"kind": "user", "key": key, "name": fmt.Sprintf("Bench User %d", i),
			"email": fmt.Sprintf("bench.user.%03d@example.com", i), "country": "United States",
			"plan": "team", "seats": i, "beta": i%2 == 0,
		},
		"lastSeen":      "2026-11-02T03:04:05.123456789Z",
		"applicationId": "GoSDK/6.1.0",
		"_links":        map[string]any{"site": map[string]any{"href": "/web-app/production/contexts/user/" + key, "type": "text/html"}},
	}
}

// benchOrganization is an organization context with nested attributes, shaped like the seeded one.
func benchOrganization(key string, i int) map[string]any {
	return map[string]any{
		"context": map[string]any{
			"kind": "organization", "key": key, "name": fmt.Sprintf("Bench Org %d", i),
			"plan": "enterprise", "seats": 10 + i, "tags": []string{"b2b", "priority"},
			"address": map[string]any{"city": "Oakland", "geo": map[string]any{"lat": 37.8044, "lon": -122.2712}},
			"_meta":   map[string]any{"privateAttributes": []string{"/address/city"}},
		},
		"lastSeen":           "2026-11-29T12:00:00Z",
		"applicationId":      "GoSDK/6.1.0",
		"associatedContexts": 1,
		"_links":             map[string]any{"site": map[string]any{"href": "/web-app/production/contexts/organization/" + key, "type": "text/html"}},
	}
}

// barePath is the HCL template of the path the bare provider GETs for the
// scenario's data source instance count.index: the request this provider
// makes for the same read. Empty when the bare provider has no counterpart:
// a read that pages or filters a list (members-3000, email-*), one that
// needs retries (*-limit20).
func barePath(sc scenario) string {
	switch {
	case sc.rateLimit > 0:
		return ""
	case sc.kind == memberByID || sc.kind == sameMember:
		return "/api/v2/members/${local.keys[count.index]}?expand=customRoles,roleAttributes"
	case sc.kind == userByKey && sc.userSource == "" && !sc.usersRetired:
		return fmt.Sprintf("/api/v2/users/%s/%s/${local.keys[count.index]}", mockapi.UserProject, mockapi.UserEnvironment)
	case sc.kind == contextByKey:
		return fmt.Sprintf("/api/v2/projects/%s/environments/%s/contexts/organization/${local.keys[count.index]}?limit=50&sort=-ts",
			mockapi.UserProject, mockapi.UserEnvironment)
	}
	return ""
}

// bareConfiguration is the bare provider's configuration of a scenario: one
// bare_object with count, reading barePath.
func bareConfiguration(sc scenario, apiHost string, readKeys []string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    bare = {
      source = "tf-launchdarkly/bare"
    }
  }
}

provider "bare" {
  access_token = %q
  api_host     = %q
}

locals {
  keys = %s
}

data "bare_object" "read" {
  count = length(local.keys)
  path  = "%s"
}
`, mockapi.DefaultToken, apiHost, hclList(readKeys), barePath(sc))
}

// hclList is a list of strings as an HCL tuple (a JSON string list is one).
func hclList(values []string) string {
	list, err := json.Marshal(values)
	if err != nil {
		panic(err)
	}
	return string(list)
}

// configuration is the Terraform configuration of a scenario: one data
// source with count, reading local.keys.
func configuration(sc scenario, apiHost string, readKeys []string) string {
	var block string
	switch sc.kind {
	case memberByID, sameMember:
		block = `data "launchdarkly_member" "read" {
  count = length(local.keys)
  id    = local.keys[count.index]
}`
	case memberByEmail:
		block = `data "launchdarkly_member" "read" {
  count = length(local.keys)
  email = local.keys[count.index]
}`
	case contextByKey:
		block = fmt.Sprintf(`data "launchdarkly_context" "read" {
  count           = length(local.keys)
  project_key     = %q
  environment_key = %q
  kind            = "organization"
  key             = local.keys[count.index]
}`, mockapi.UserProject, mockapi.UserEnvironment)
	case memberList, teamList:
		block = fmt.Sprintf(`data %q "all" {}`, listDataSource(sc))
	case userByKey:
		block = fmt.Sprintf(`data "launchdarkly_user" "read" {
  count           = length(local.keys)
  project_key     = %q
  environment_key = %q
  user_key        = local.keys[count.index]
}`, mockapi.UserProject, mockapi.UserEnvironment)
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    launchdarkly = {
      source = "tf-launchdarkly/launchdarkly"
    }
  }
}

provider "launchdarkly" {
  access_token = %q
  api_host     = %q
  %s
}

locals {
  keys = %s
}

%s
`, mockapi.DefaultToken, apiHost, providerArguments(sc), hclList(readKeys), block)
}

// providerArguments are the scenario's provider arguments beyond the token and host.
func providerArguments(sc scenario) string {
	if sc.userSource == "" {
		return ""
	}
	return fmt.Sprintf("user_source  = %q", sc.userSource)
}
