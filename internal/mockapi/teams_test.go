package mockapi

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

func teamsHeader() http.Header { return authed("LD-API-Version", TeamsAPIVersion) }

func teamsQuery(values url.Values) string {
	if len(values) == 0 {
		return "/api/v2/teams"
	}
	return "/api/v2/teams?" + values.Encode()
}

// keys lists each item's "key", in order.
func keys(list []map[string]any) []string {
	out := make([]string, len(list))
	for i, item := range list {
		out[i], _ = item["key"].(string)
	}
	return out
}

func TestTeamsListPagesAtMostAHundred(t *testing.T) {
	_, srv := newServer(t)
	first := get(t, srv, teamsQuery(nil), teamsHeader())
	wantStatus(t, first, http.StatusOK)
	if n := len(items(t, first)); n != defaultLimit || first.body["totalCount"] != float64(SeedTeamCount) {
		t.Fatalf("default page: %d items, totalCount %v", n, first.body["totalCount"])
	}
	page1 := get(t, srv, teamsQuery(url.Values{"limit": {"100"}}), teamsHeader())
	page2 := get(t, srv, teamsQuery(url.Values{"limit": {"100"}, "offset": {"100"}}), teamsHeader())
	all := append(keys(items(t, page1)), keys(items(t, page2))...)
	if len(items(t, page1)) != 100 || len(all) != SeedTeamCount || all[0] != PlatformTeamKey || all[SeedTeamCount-1] != FillerTeamKey(FillerTeamCount) {
		t.Fatalf("two pages of 100: %d teams, first %q, last %q", len(all), all[0], all[len(all)-1])
	}
	wantLinks(t, page1, map[string]string{
		"self": "/api/v2/teams?limit=100",
		"next": "/api/v2/teams?limit=100&offset=100",
		"last": "/api/v2/teams?limit=100&offset=100",
	})
	wantLinks(t, page2, map[string]string{
		"self":  "/api/v2/teams?limit=100&offset=100",
		"first": "/api/v2/teams?limit=100&offset=0",
		"prev":  "/api/v2/teams?limit=100&offset=0",
		"last":  "/api/v2/teams?limit=100&offset=100",
	})
	for _, bad := range []url.Values{{"limit": {"101"}}, {"limit": {"0"}}, {"limit": {"ten"}}, {"offset": {"-1"}}, {"sort": {"name"}}} {
		res := get(t, srv, teamsQuery(bad), teamsHeader())
		if res.status != http.StatusBadRequest || res.body["code"] != "invalid_request" {
			t.Errorf("%s: status %d, body %v; want 400 invalid_request", bad.Encode(), res.status, res.body)
		}
	}
}

func TestTeamsListFilters(t *testing.T) {
	_, srv := newServer(t)
	teamKeys := func(filter string) []string {
		t.Helper()
		res := get(t, srv, teamsQuery(url.Values{"filter": {filter}, "limit": {"100"}}), teamsHeader())
		wantStatus(t, res, http.StatusOK)
		return keys(items(t, res))
	}
	var thirties []string
	for i := 30; i < 40; i++ {
		thirties = append(thirties, FillerTeamKey(i))
	}
	cases := []struct {
		filter string
		want   []string
	}{
		{"query:PLATFORM", []string{PlatformTeamKey}},                                // key and name, without case
		{"query:zürich", []string{UnicodeTeamKey}},                                   // a name only
		{"query:mobile-squad", []string{MixedCaseTeamKey}},                           // a mixed-case key
		{"query:team-3", []string{UnicodeTeamKey}},                                   // an exact key
		{"query:team-03", thirties},                                                  // part of keys
		{"nomembers:false", []string{PlatformTeamKey, QATeamKey}},                    // the only teams with members
		{"query:team,nomembers:false", []string{PlatformTeamKey, QATeamKey}},         // both terms apply
		{"query:no such team", []string{}},                                           // nothing matches: an empty list
		{"nomembers:true,query:" + EmptyTeamKey, []string{EmptyTeamKey}},             // a team without members
		{"query:" + strings.ToUpper(SCIMTeamKey), []string{SCIMTeamKey}},             // an IdP-synced team
		{"query:東京", []string{"tokyo-sre"}},                                          // a name in another script
		{"query:release,nomembers:true", []string{ManyRolesTeamKey}},                 // roles do not count as members
		{"query:incident-response,nomembers:true", []string{ManyMaintainersTeamKey}}, // nor do maintainers
	}
	for _, tc := range cases {
		if got := teamKeys(tc.filter); !slices.Equal(got, tc.want) {
			t.Errorf("filter %q = %v, want %v", tc.filter, got, tc.want)
		}
	}
	for _, bad := range []string{"name:platform", "nomembers:maybe", "query"} {
		res := get(t, srv, teamsQuery(url.Values{"filter": {bad}}), teamsHeader())
		if res.status != http.StatusBadRequest {
			t.Errorf("filter %q: status %d, want 400", bad, res.status)
		}
	}
}

// The list expands members, maintainers and roleAttributes only; in 20240415 it no longer expands roles
// or projects, whatever the request asks.
func TestTeamsListExpand(t *testing.T) {
	_, srv := newServer(t)
	plain := items(t, get(t, srv, teamsQuery(url.Values{"limit": {"1"}}), teamsHeader()))[0]
	for _, field := range []string{"members", "maintainers", "roleAttributes", "roles", "projects"} {
		if _, ok := plain[field]; ok {
			t.Errorf("%s served without expand", field)
		}
	}
	for _, field := range []string{"key", "name", "description", "_creationDate", "_lastModified", "_version", "_idpSynced", "_access"} {
		if _, ok := plain[field]; !ok {
			t.Errorf("%s missing from the platform team", field)
		}
	}
	wantObjectLinks(t, plain["_links"], map[string]string{
		"parent": "/api/v2/teams", "roles": "/api/v2/teams/platform/roles", "self": "/api/v2/teams/platform",
	})
	list := items(t, get(t, srv, teamsQuery(url.Values{"limit": {"100"},
		"expand": {"members,maintainers,roleAttributes,roles,projects"}}), teamsHeader()))
	byKey := map[string]map[string]any{}
	for _, item := range list {
		key, _ := item["key"].(string)
		byKey[key] = item
		if _, ok := item["roles"]; ok {
			t.Errorf("%v: roles expanded in the list", item["key"])
		}
		if _, ok := item["projects"]; ok {
			t.Errorf("%v: projects expanded in the list", item["key"])
		}
	}
	platform := byKey[PlatformTeamKey]
	if object(t, platform["members"], "members")["totalCount"] != float64(1) || platform["roleAttributes"] == nil {
		t.Errorf("platform: members %v, roleAttributes %v", platform["members"], platform["roleAttributes"])
	}
	many := object(t, byKey[ManyMaintainersTeamKey]["maintainers"], "maintainers")
	first, _ := many["items"].([]any)
	if len(first) != expandedMaintainersLimit || many["totalCount"] != float64(ManyMaintainersCount) {
		t.Errorf("expanded maintainers: %d items, totalCount %v", len(first), many["totalCount"])
	}
	wantObjectLinks(t, many["_links"], map[string]string{
		"self": "/api/v2/teams/incident-response/maintainers?limit=20",
		"next": "/api/v2/teams/incident-response/maintainers?limit=20&offset=20",
	})
	summary := object(t, first[0], "maintainers.items[0]")
	if summary["_id"] != seededIDs("02")[0] || summary["email"] != "kim.nguyen@acme.example" || summary["role"] != "reader" {
		t.Errorf("maintainer summary = %v", summary)
	}
	if _, ok := summary["firstName"]; ok {
		t.Errorf("a member without a first name has one as a maintainer: %v", summary)
	}
	if object(t, byKey[EmptyTeamKey]["members"], "members")["totalCount"] != float64(0) {
		t.Errorf("empty team members = %v", byKey[EmptyTeamKey]["members"])
	}
	if _, ok := byKey[QATeamKey]["roleAttributes"]; ok {
		t.Error("a team without role attributes has them")
	}
}

func TestGetTeamExpandsFirstPages(t *testing.T) {
	_, srv := newServer(t)
	expandAll := "?expand=members,roles,roleAttributes,projects,maintainers"
	res := get(t, srv, "/api/v2/teams/"+ManyRolesTeamKey+expandAll, teamsHeader())
	wantStatus(t, res, http.StatusOK)
	roles := object(t, res.body["roles"], "roles")
	first, _ := roles["items"].([]any)
	if len(first) != expandedRolesLimit || roles["totalCount"] != float64(ManyRolesTeamRoleCount) {
		t.Fatalf("expanded roles: %d items, totalCount %v", len(first), roles["totalCount"])
	}
	role := object(t, first[1], "roles.items[1]")
	if role["key"] != ScopedRoleKey(1) || role["name"] != "Scoped role 01" || role["appliedOn"] == nil {
		t.Errorf("roles.items[1] = %v", role)
	}
	wantObjectLinks(t, roles["_links"], map[string]string{
		"self": "/api/v2/teams/release-managers/roles?limit=25",
		"next": "/api/v2/teams/release-managers/roles?limit=25&offset=25",
	})
	qa := get(t, srv, "/api/v2/teams/"+QATeamKey+expandAll, teamsHeader()).body
	projects := object(t, qa["projects"], "projects")
	if list, _ := projects["items"].([]any); len(list) != 2 || projects["totalCount"] != float64(2) ||
		object(t, list[1], "projects.items[1]")["name"] != "Mobile App" {
		t.Errorf("qa-team projects = %v", projects)
	}
	if _, ok := qa["description"]; ok {
		t.Error("qa-team has a description")
	}
	if object(t, qa["members"], "members")["totalCount"] != float64(1) {
		t.Errorf("qa-team members = %v", qa["members"])
	}
	unicode := get(t, srv, "/api/v2/teams/"+UnicodeTeamKey, teamsHeader()).body
	if unicode["name"] != UnicodeTeamName || unicode["_idpSynced"] != true {
		t.Errorf("team-3 = %v", unicode)
	}
}

func TestTeamRolesAndMaintainersPages(t *testing.T) {
	_, srv := newServer(t)
	var roleKeys []string
	for offset := 0; offset < 40; offset += 10 {
		res := get(t, srv, fmt.Sprintf("/api/v2/teams/%s/roles?limit=10&offset=%d", ManyRolesTeamKey, offset), teamsHeader())
		wantStatus(t, res, http.StatusOK)
		if res.body["totalCount"] != float64(ManyRolesTeamRoleCount) {
			t.Errorf("offset %d: totalCount %v", offset, res.body["totalCount"])
		}
		roleKeys = append(roleKeys, keys(items(t, res))...)
	}
	if len(roleKeys) != ManyRolesTeamRoleCount || roleKeys[0] != "devops" || roleKeys[30] != ScopedRoleKey(30) {
		t.Errorf("roles over four pages: %v", roleKeys)
	}
	res := get(t, srv, "/api/v2/teams/"+ManyMaintainersTeamKey+"/maintainers?limit=100", teamsHeader())
	if got := ids(items(t, res)); len(got) != ManyMaintainersCount || got[22] != seededIDs("24")[0] {
		t.Errorf("maintainers = %v", got)
	}
	if list := items(t, get(t, srv, "/api/v2/teams/"+EmptyTeamKey+"/roles", teamsHeader())); len(list) != 0 {
		t.Errorf("empty team roles = %v", list)
	}
	for _, path := range []string{"/roles?limit=101", "/maintainers?offset=-1"} {
		if res := get(t, srv, "/api/v2/teams/"+PlatformTeamKey+path, teamsHeader()); res.status != http.StatusBadRequest {
			t.Errorf("%s: status %d", path, res.status)
		}
	}
}

// An unknown key is a 404 on each of the three team routes; the key is compared exactly, so another case
// of a key is unknown there, while the members filter ignores case.
func TestUnknownTeamIsNotFound(t *testing.T) {
	_, srv := newServer(t)
	for _, key := range []string{"platfrm", "PLATFORM", strings.ToLower(MixedCaseTeamKey), "a/b", "."} {
		for _, suffix := range []string{"", "/roles", "/maintainers"} {
			res := get(t, srv, "/api/v2/teams/"+escapeSegment(key)+suffix, teamsHeader())
			wantError(t, res, http.StatusNotFound, "not_found", "Invalid resource identifier")
		}
	}
	wantStatus(t, get(t, srv, "/api/v2/teams/"+MixedCaseTeamKey, teamsHeader()), http.StatusOK)
}

func TestTeamsRoutesServeOneAPIVersion(t *testing.T) {
	api, srv := newServer(t)
	paths := []string{"/api/v2/teams", "/api/v2/teams/platform", "/api/v2/teams/platform/roles",
		"/api/v2/teams/platform/maintainers", "/api/v2/roles/devops", "/api/v2/projects/web-app/context-kinds"}
	for _, path := range paths {
		for _, version := range []string{"", UsersAPIVersion, "beta"} {
			header := authed()
			if version != "" {
				header.Set("LD-API-Version", version)
			}
			if res := get(t, srv, path, header); res.status != http.StatusBadRequest || res.body["code"] != "invalid_request" {
				t.Errorf("%s at %q: status %d %v", path, version, res.status, res.body)
			}
		}
		wantStatus(t, get(t, srv, path, teamsHeader()), http.StatusOK)
	}
	if len(api.Unexpected()) != 0 {
		t.Errorf("unexpected requests: %v", api.Unexpected())
	}
}

func TestMembersTeamFilterIgnoresCaseAndUnknownKeys(t *testing.T) {
	_, srv := newServer(t)
	for filter, want := range map[string][]string{
		"team:PLATFORM":        {FullMemberID},
		"team:Qa-Team":         {FullMemberID},
		"team:platfrm":         {},
		"team:" + EmptyTeamKey: {},
		"noteam:false":         {FullMemberID},
	} {
		res := get(t, srv, membersQuery(url.Values{"filter": {filter}}), authed())
		wantStatus(t, res, http.StatusOK)
		if got := ids(items(t, res)); !slices.Equal(got, want) || res.body["totalCount"] != float64(len(want)) {
			t.Errorf("%s = %v (totalCount %v), want %v", filter, got, res.body["totalCount"], want)
		}
	}
}

// A member's teams[] and each team's members come from one record: they agree for every member and team,
// and after changes from either side.
func TestTeamMembershipHasOneSource(t *testing.T) {
	api, srv := newServer(t)
	full := get(t, srv, "/api/v2/members/"+FullMemberID, authed()).body
	teams, _ := full["teams"].([]any)
	if len(teams) != 2 {
		t.Fatalf("full member teams = %v", full["teams"])
	}
	want := []map[string]any{
		{"key": "platform", "name": "Platform Team", "customRoleKeys": []any{"devops"},
			"_links": map[string]any{"self": map[string]any{"href": "/api/v2/teams/platform", "type": "application/json"}}},
		{"key": "qa-team", "name": "QA Team", "customRoleKeys": []any{"access-to-test-projects", "backend-devs"},
			"_links": map[string]any{"self": map[string]any{"href": "/api/v2/teams/qa-team", "type": "application/json"}}},
	}
	for i := range want {
		if got := fmt.Sprint(teams[i]); got != fmt.Sprint(want[i]) {
			t.Errorf("teams[%d] = %s, want %s", i, got, fmt.Sprint(want[i]))
		}
	}
	agree := func(stage string) {
		t.Helper()
		memberTeams := map[string][]string{} // from every member's teams[]
		for _, m := range items(t, get(t, srv, membersQuery(url.Values{"limit": {"1000"}}), authed())) {
			entries, _ := m["teams"].([]any)
			for _, e := range entries {
				key, _ := object(t, e, "teams[]")["key"].(string)
				id, _ := m["_id"].(string)
				memberTeams[key] = append(memberTeams[key], id)
			}
		}
		for _, key := range api.TeamKeys() {
			members := api.TeamMemberIDs(key)
			listed := ids(items(t, get(t, srv, membersQuery(url.Values{"limit": {"1000"}, "filter": {"team:" + key}}), authed())))
			if !slices.Equal(members, listed) || !slices.Equal(members, append([]string{}, memberTeams[key]...)) {
				t.Errorf("%s: team %q has %v; the filter lists %v; members' teams[] say %v", stage, key, members, listed, memberTeams[key])
			}
		}
	}
	agree("seeded")
	api.SetTeamMembers(EmptyTeamKey, MinimalMemberID, FullMemberID)
	api.SetTeamMembers(PlatformTeamKey)
	agree("after SetTeamMembers")
	if got := keys(items(t, get(t, srv, teamsQuery(url.Values{"filter": {"nomembers:false"}}), teamsHeader()))); !slices.Equal(got, []string{QATeamKey, EmptyTeamKey}) {
		t.Errorf("teams with members = %v", got)
	}
	if teams, _ := get(t, srv, "/api/v2/members/"+FullMemberID, authed()).body["teams"].([]any); len(teams) != 2 ||
		object(t, teams[1], "teams[1]")["key"] != EmptyTeamKey {
		t.Errorf("full member teams after the change = %v", teams)
	}
	api.PutMember(map[string]any{"_id": MinimalMemberID, "role": "reader", "email": "kim.nguyen@acme.example",
		"teams": []any{map[string]any{"key": "new-team", "name": "New Team", "customRoleKeys": []any{"new-role"}}}})
	agree("after PutMember with a new team")
	if res := get(t, srv, "/api/v2/roles/new-role", teamsHeader()); res.status != http.StatusOK {
		t.Errorf("the role of a team created by PutMember: %v", res.body)
	}
	api.PutMember(map[string]any{"_id": MinimalMemberID, "role": "reader", "email": "kim.nguyen@acme.example"})
	if _, ok := get(t, srv, "/api/v2/members/"+MinimalMemberID, authed()).body["teams"]; ok {
		t.Error("a member replaced without teams still has some")
	}
	agree("after PutMember without teams")
}

func TestTeamHelpersRefuseWhatTheyCannotServe(t *testing.T) {
	for name, f := range map[string]func(a *API){
		"PutTeam without key":       func(a *API) { a.PutTeam(TeamSpec{Fields: map[string]any{"name": "x"}}) },
		"PutTeam with unknown role": func(a *API) { a.PutTeam(TeamSpec{Fields: map[string]any{"key": "x"}, RoleKeys: []string{"nope"}}) },
		"PutTeam with unknown maintainer": func(a *API) {
			a.PutTeam(TeamSpec{Fields: map[string]any{"key": "x"}, MaintainerIDs: []string{"0"}})
		},
		"SetTeamMembers of an unknown team":     func(a *API) { a.SetTeamMembers("nope", FullMemberID) },
		"SetTeamMembers with an unknown member": func(a *API) { a.SetTeamMembers(EmptyTeamKey, "0") },
		"PutMember contradicting a team": func(a *API) {
			a.PutMember(map[string]any{"_id": MinimalMemberID, "teams": []any{map[string]any{"key": PlatformTeamKey, "name": "Another name"}}})
		},
		"PutCustomRole without _id": func(a *API) { a.PutCustomRole(map[string]any{"key": "x"}) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f(New())
		})
	}
}

func TestPutTeamReplacesInPlace(t *testing.T) {
	api, srv := newServer(t)
	api.PutTeam(TeamSpec{Fields: map[string]any{"key": QATeamKey, "name": "Quality"}, RoleKeys: []string{"devops"}})
	list := items(t, get(t, srv, teamsQuery(url.Values{"limit": {"3"}}), teamsHeader()))
	if got := keys(list); !slices.Equal(got, []string{PlatformTeamKey, QATeamKey, EmptyTeamKey}) || list[1]["name"] != "Quality" {
		t.Fatalf("replaced team moved: %v", got)
	}
	teams, _ := get(t, srv, "/api/v2/members/"+FullMemberID, authed()).body["teams"].([]any)
	if qa := object(t, teams[1], "teams[1]"); qa["name"] != "Quality" || fmt.Sprint(qa["customRoleKeys"]) != "[devops]" {
		t.Errorf("the member's summary of the replaced team = %v", qa)
	}
}

func TestGetCustomRoleByKeyOrID(t *testing.T) {
	_, srv := newServer(t)
	for _, keyOrID := range []string{"devops", DevOpsRoleID} {
		res := get(t, srv, "/api/v2/roles/"+keyOrID, teamsHeader())
		wantStatus(t, res, http.StatusOK)
		if res.body["key"] != "devops" || res.body["_id"] != DevOpsRoleID || res.body["name"] != "DevOps" || res.body["policy"] == nil {
			t.Errorf("%s = %v", keyOrID, res.body)
		}
		wantObjectLinks(t, res.body["_links"], map[string]string{"self": "/api/v2/roles/devops"})
	}
	if res := get(t, srv, "/api/v2/roles/"+ScopedRoleID(30), teamsHeader()); res.body["key"] != ScopedRoleKey(30) {
		t.Errorf("scoped role 30 by ID = %v", res.body)
	}
	for _, unknown := range []string{"devopz", "DEVOPS", "000000000000000000000000"} {
		wantError(t, get(t, srv, "/api/v2/roles/"+unknown, teamsHeader()), http.StatusNotFound, "not_found", "Invalid resource identifier")
	}
}

func TestContextKinds(t *testing.T) {
	api, srv := newServer(t)
	res := get(t, srv, "/api/v2/projects/"+ContextKindsProject+"/context-kinds", teamsHeader())
	wantStatus(t, res, http.StatusOK)
	list := items(t, res)
	if got := keys(list); !slices.Equal(got, []string{"user", "organization", "device", NeverSeenContextKind, ArchivedContextKind}) {
		t.Fatalf("kinds = %v", got)
	}
	wantLinks(t, res, map[string]string{"self": "/api/v2/projects/web-app/context-kinds"})
	if _, ok := list[3]["lastSeen"]; ok {
		t.Error("the never-seen kind has a lastSeen")
	}
	if list[4]["archived"] != true || list[4]["hideInTargeting"] != true || list[0]["description"] != "" {
		t.Errorf("archived kind %v, user kind %v", list[4], list[0])
	}
	if list := items(t, get(t, srv, "/api/v2/projects/"+EmptyProject+"/context-kinds", teamsHeader())); len(list) != 0 {
		t.Errorf("project without kinds = %v", list)
	}
	wantError(t, get(t, srv, "/api/v2/projects/no-such-project/context-kinds", teamsHeader()), http.StatusNotFound, "not_found", "Invalid resource identifier")
	api.PutContextKind("new-project", map[string]any{"key": "tenant", "name": "Tenant"})
	api.PutContextKind("new-project", map[string]any{"key": "tenant", "name": "Renamed"})
	if list := items(t, get(t, srv, "/api/v2/projects/new-project/context-kinds", teamsHeader())); len(list) != 1 || list[0]["name"] != "Renamed" {
		t.Errorf("kinds of a project PutContextKind created = %v", list)
	}
}

// The large account: generated members spread over generated teams, every member in at least one, the
// two sides of each membership in agreement.
func TestAddGeneratedTeams(t *testing.T) {
	api, srv := newServer(t)
	api.AddGeneratedMembers(2000)
	api.AddGeneratedTeams(30)
	if n := len(api.TeamKeys()); n != SeedTeamCount+1+30 { // and the team of AddGeneratedMembers
		t.Fatalf("%d teams", n)
	}
	total := 0
	for j := range 30 {
		members := api.TeamMemberIDs(SpreadTeamKey(j))
		total += len(members)
		res := get(t, srv, membersQuery(url.Values{"limit": {"1000"}, "filter": {"team:" + SpreadTeamKey(j)}}), authed())
		if !slices.Equal(ids(items(t, res)), members) {
			t.Errorf("%s: the filter and the team disagree", SpreadTeamKey(j))
		}
	}
	if total != 2000+500 { // every member once, every fourth twice (7i+1 and i never meet modulo 30)
		t.Errorf("%d memberships over the spread teams", total)
	}
	res := get(t, srv, teamsQuery(url.Values{"filter": {"query:spread-007"}, "expand": {"members,maintainers"}}), teamsHeader())
	team := items(t, res)[0]
	if object(t, team["members"], "members")["totalCount"] != float64(len(api.TeamMemberIDs(SpreadTeamKey(7)))) {
		t.Errorf("spread-007 members = %v", team["members"])
	}
	member := get(t, srv, "/api/v2/members/"+GeneratedMemberID(12), authed()).body
	if got := fmt.Sprint(keysOf(t, member["teams"])); got != "[generated spread-012 spread-025]" {
		t.Errorf("generated member 12 teams = %s", got)
	}
}

func keysOf(t *testing.T, teams any) []string {
	t.Helper()
	list, _ := teams.([]any)
	var out []string
	for _, e := range list {
		key, _ := object(t, e, "teams[]")["key"].(string)
		out = append(out, key)
	}
	return out
}

// wantObjectLinks checks a _links object outside a response's top level.
func wantObjectLinks(t *testing.T, links any, want map[string]string) {
	t.Helper()
	obj := object(t, links, "_links")
	if len(obj) != len(want) {
		t.Errorf("_links = %v, want %v", obj, want)
	}
	for name, href := range want {
		l, _ := obj[name].(map[string]any)
		if l["href"] != href || l["type"] != "application/json" {
			t.Errorf("_links.%s = %v, want %s", name, obj[name], href)
		}
	}
}

// Team reads while a test changes teams and memberships: responses are encoded after the lock is
// released, so nothing they hold may change in place. Run with -race.
func TestConcurrentTeamReadsAndChanges(t *testing.T) {
	api, srv := newServer(t)
	paths := []string{
		"/api/v2/teams?limit=100&expand=members,maintainers,roleAttributes",
		"/api/v2/teams/" + EmptyTeamKey + "?expand=members,roles,roleAttributes,projects,maintainers",
		"/api/v2/teams/" + QATeamKey + "/roles",
		"/api/v2/members/" + FullMemberID,
		"/api/v2/members?filter=team%3Aempty-team",
		"/api/v2/projects/new-project/context-kinds",
	}
	api.PutContextKind("new-project", map[string]any{"key": "k"})
	var wg sync.WaitGroup
	errs := make(chan error, 8*20)
	for w := range 8 {
		wg.Go(func() {
			for i := range 20 {
				req, _ := http.NewRequest(http.MethodGet, srv.URL+paths[(w+i)%len(paths)], nil)
				req.Header = teamsHeader()
				res, err := srv.Client().Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
					_ = res.Body.Close()
					if res.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s: status %d", req.URL, res.StatusCode)
					}
				}
				errs <- err
			}
		})
	}
	wg.Go(func() {
		for i := range 20 {
			api.SetTeamMembers(EmptyTeamKey, FullMemberID, seededIDs(fmt.Sprintf("%02d", 2+i%20))[0])
			api.PutTeam(TeamSpec{Fields: map[string]any{"key": QATeamKey, "name": fmt.Sprint("QA ", i)}, RoleKeys: []string{"devops"}})
			api.PutCustomRole(map[string]any{"_id": fmt.Sprintf("6511d0c3a8e4f20013b7c9%02x", i), "key": "devops", "name": "DevOps"})
			api.PutContextKind("new-project", map[string]any{"key": "k", "version": i})
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
