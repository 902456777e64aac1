package launchdarkly

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// newMockClient serves api and returns a client of it that does not retry.
func newMockClient(t testing.TB, api *mockapi.API) *Client {
	t.Helper()
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	client, err := New(Config{BaseURL: srv.URL, Token: mockapi.DefaultToken, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// requestKinds counts the mock's requests by what they asked for, and checks what every one of them must
// be: a known route, at one LD-API-Version of 20240415, a teams page of at most 100.
func requestKinds(t *testing.T, api *mockapi.API) map[string]int {
	t.Helper()
	if u := api.Unexpected(); len(u) > 0 {
		t.Errorf("requests the API does not know: %v", u)
	}
	counts := map[string]int{}
	for _, r := range api.Requests() {
		if v := r.Header.Values("LD-API-Version"); len(v) != 1 || v[0] != "20240415" {
			t.Errorf("%s: LD-API-Version %v", r.EscapedPath, v)
		}
		parts := strings.Split(strings.TrimPrefix(r.EscapedPath, "/api/v2/"), "/")
		kind := parts[0]
		switch {
		case kind == "teams" && len(parts) == 1:
			kind = "teams list"
			if limit, _ := strconv.Atoi(r.Query.Get("limit")); limit < 1 || limit > 100 {
				t.Errorf("a teams page of limit %q", r.Query.Get("limit"))
			}
		case kind == "teams" && len(parts) == 2:
			kind = "team"
		case kind == "teams":
			kind = "team " + parts[2]
		case kind == "members" && r.Query.Has("filter"):
			kind = "members filtered"
		}
		counts[kind]++
	}
	return counts
}

func wantRequests(t *testing.T, api *mockapi.API, want map[string]int) {
	t.Helper()
	if got := requestKinds(t, api); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("requests %v, want %v", got, want)
	}
}

func teamByKey(t *testing.T, teams []Team, key string) Team {
	t.Helper()
	for _, team := range teams {
		if deref(team.Key) == key {
			return team
		}
	}
	t.Fatalf("team %q not listed", key)
	return Team{}
}

func seededMemberIDs(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf("6511d0c3a8e4f20013b700%02d", i))
	}
	return out
}

func TestListTeamsReadsEveryTeamComplete(t *testing.T) {
	api := mockapi.New()
	teams, err := teamsOf(newMockClient(t, api).ListTeams(t.Context(), ""))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, team := range teams {
		keys = append(keys, deref(team.Key))
		if team.CustomRoles == nil || team.Maintainers == nil || team.Members == nil {
			t.Errorf("%s: a nil list", deref(team.Key))
		}
		if !slices.Equal(team.MemberIDs(), api.TeamMemberIDs(deref(team.Key))) {
			t.Errorf("%s: members %v, want %v", deref(team.Key), team.MemberIDs(), api.TeamMemberIDs(deref(team.Key)))
		}
	}
	if !slices.Equal(keys, api.TeamKeys()) || len(keys) != mockapi.SeedTeamCount {
		t.Fatalf("listed %d teams, want the mock's %d in its order", len(keys), mockapi.SeedTeamCount)
	}
	platform := teamByKey(t, teams, mockapi.PlatformTeamKey)
	if deref(platform.Name) != "Platform Team" || deref(platform.Description) != "Runs the shared platform" ||
		deref(platform.CreationDate) != 1680000000000 || deref(platform.Version) != 4 || deref(platform.IdpSynced) ||
		fmt.Sprint(platform.RoleAttributes) != "map[projectKeys:[web-app]]" || platform.Access == nil ||
		deref(platform.Links["self"].Href) != "/api/v2/teams/platform" || platform.Projects != nil {
		t.Errorf("platform = %+v", platform)
	}
	if fmt.Sprint(platform.CustomRoleKeys(), platform.MaintainerIDs()) != fmt.Sprint([]string{"devops"}, []string{mockapi.OwnerMemberID}) ||
		len(platform.Members) != 1 || deref(platform.Members[0].Email) != mockapi.FullMemberEmail {
		t.Errorf("platform roles %v, maintainers %v, members %+v", platform.CustomRoleKeys(), platform.MaintainerIDs(), platform.Members)
	}
	if r := platform.CustomRoles[0]; deref(r.Name) != "DevOps" || r.AppliedOn == nil {
		t.Errorf("platform's role = %+v", r)
	}
	if qa := teamByKey(t, teams, mockapi.QATeamKey); qa.Description != nil || qa.RoleAttributes != nil ||
		!slices.Equal(qa.CustomRoleKeys(), []string{"access-to-test-projects", "backend-devs"}) {
		t.Errorf("qa-team = %+v", qa)
	}
	many := teamByKey(t, teams, mockapi.ManyRolesTeamKey)
	if keys := many.CustomRoleKeys(); len(keys) != mockapi.ManyRolesTeamRoleCount || keys[30] != mockapi.ScopedRoleKey(30) {
		t.Errorf("release-managers roles = %v", keys)
	}
	if ids := teamByKey(t, teams, mockapi.ManyMaintainersTeamKey).MaintainerIDs(); !slices.Equal(ids, seededMemberIDs(2, 24)) {
		t.Errorf("incident-response maintainers = %v", ids)
	}
	empty := teamByKey(t, teams, mockapi.EmptyTeamKey)
	if len(empty.Members) != 0 || len(empty.CustomRoles) != 0 || len(empty.Maintainers) != 0 || deref(empty.MemberCount) != 0 {
		t.Errorf("empty team = %+v", empty)
	}
	if scim := teamByKey(t, teams, mockapi.SCIMTeamKey); !deref(scim.IdpSynced) || len(scim.Maintainers) != 0 {
		t.Errorf("SCIM team = %+v", scim)
	}
	if name := deref(teamByKey(t, teams, mockapi.UnicodeTeamKey).Name); name != mockapi.UnicodeTeamName {
		t.Errorf("team-3 name = %q", name)
	}
	// Two pages of teams; the roles of each team (the list no longer expands them); the maintainers of the
	// only team whose expanded first page may not be all; one listing of every member.
	wantRequests(t, api, map[string]int{"teams list": 2, "team roles": mockapi.SeedTeamCount, "team maintainers": 1, "members": 1})
}

// A server that serves fewer items than asked (30 here) is read past every short page: a short page alone
// does not end a list.
func TestListTeamsReadsPastShortPages(t *testing.T) {
	api := mockapi.New()
	api.SetPageSizeCap(7)
	teams, err := teamsOf(newMockClient(t, api).ListTeams(t.Context(), ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(teams) != mockapi.SeedTeamCount {
		t.Errorf("%d teams", len(teams))
	}
	if n := len(teamByKey(t, teams, mockapi.ManyRolesTeamKey).CustomRoles); n != mockapi.ManyRolesTeamRoleCount {
		t.Errorf("%d roles", n)
	}
	if n := len(teamByKey(t, teams, mockapi.ManyMaintainersTeamKey).Maintainers); n != mockapi.ManyMaintainersCount {
		t.Errorf("%d maintainers", n)
	}
	if ids := teamByKey(t, teams, mockapi.PlatformTeamKey).MemberIDs(); !slices.Equal(ids, []string{mockapi.FullMemberID}) {
		t.Errorf("platform members %v", ids)
	}
}

func TestListTeamsWithAQuery(t *testing.T) {
	cases := []struct {
		query    string
		want     []string
		requests map[string]int
	}{
		// One team: its own filtered listing, never more than the whole account's.
		{"PLATFORM", []string{mockapi.PlatformTeamKey}, map[string]int{"teams list": 1, "team roles": 1, "members filtered": 1}},
		{"qa-team", []string{mockapi.QATeamKey}, map[string]int{"teams list": 1, "team roles": 1, "members filtered": 1}},
		// Several teams: one listing of every member.
		{"team-03", []string{"team-030", "team-031", "team-032", "team-033", "team-034", "team-035", "team-036",
			"team-037", "team-038", "team-039"}, map[string]int{"teams list": 1, "team roles": 10, "members": 1}},
		// No team: no further request.
		{"no such team", nil, map[string]int{"teams list": 1}},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			api := mockapi.New()
			teams, err := teamsOf(newMockClient(t, api).ListTeams(t.Context(), tc.query))
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, team := range teams {
				keys = append(keys, deref(team.Key))
				if !slices.Equal(team.MemberIDs(), api.TeamMemberIDs(deref(team.Key))) {
					t.Errorf("%s: members %v", deref(team.Key), team.MemberIDs())
				}
			}
			if !slices.Equal(keys, tc.want) {
				t.Errorf("teams %v, want %v", keys, tc.want)
			}
			wantRequests(t, api, tc.requests)
			for _, r := range api.Requests() {
				if r.EscapedPath == "/api/v2/teams" && r.Query.Get("filter") != "query:"+tc.query {
					t.Errorf("filter %q", r.Query.Get("filter"))
				}
			}
		})
	}
}

func TestTeamArgumentsAreCheckedBeforeAnyRequest(t *testing.T) {
	api := mockapi.New()
	client := newMockClient(t, api)
	if _, err := client.ListTeams(t.Context(), "a,nomembers:true"); err == nil || !strings.Contains(err.Error(), `contains ","`) {
		t.Errorf("ListTeams with a comma: %v", err)
	}
	for _, key := range []string{"", "qa,dev", "qa|dev"} {
		if _, err := client.GetTeam(t.Context(), key); err == nil {
			t.Errorf("GetTeam(%q) succeeded", key)
		}
		if _, err := client.TeamExists(t.Context(), key); err == nil {
			t.Errorf("TeamExists(%q) succeeded", key)
		}
	}
	if _, err := client.GetCustomRole(t.Context(), ""); err == nil {
		t.Error("GetCustomRole(\"\") succeeded")
	}
	if _, err := client.ListContextKinds(t.Context(), ""); err == nil {
		t.Error("ListContextKinds(\"\") succeeded")
	}
	if n := api.RequestCount(); n != 0 {
		t.Errorf("%d requests for arguments that cannot be sent", n)
	}
}

// On a large account both ways of finding members give the same teams, and the grouped one is cheaper.
func TestListTeamsStrategiesAgreeOnALargeAccount(t *testing.T) {
	api := mockapi.New()
	api.AddGeneratedMembers(2500)
	api.AddGeneratedTeams(30)
	var results [2][]Team
	var listings [2]struct{ all, filtered int } // members listings without and with a filter
	for i, strategy := range []memberStrategy{membersGrouped, membersPerTeam} {
		before := len(api.Requests())
		teams, err := teamsOf(newMockClient(t, api).listTeams(t.Context(), "", strategy))
		if err != nil {
			t.Fatal(err)
		}
		results[i] = teams
		for _, r := range api.Requests()[before:] {
			switch {
			case r.EscapedPath == "/api/v2/members" && r.Query.Has("filter"):
				listings[i].filtered++
			case r.EscapedPath == "/api/v2/members":
				listings[i].all++
			}
		}
	}
	if len(results[0]) != mockapi.SeedTeamCount+31 || !reflect.DeepEqual(results[0], results[1]) {
		t.Fatalf("the two strategies disagree (%d and %d teams)", len(results[0]), len(results[1]))
	}
	for _, team := range results[0] {
		if !slices.Equal(team.MemberIDs(), api.TeamMemberIDs(deref(team.Key))) {
			t.Errorf("%s: %d members, want %d", deref(team.Key), len(team.Members), len(api.TeamMemberIDs(deref(team.Key))))
		}
	}
	// 2,525 members: three pages grouped; one listing for each of the 140 teams otherwise (spread teams of
	// about 100 members fit in one page).
	if listings[0].all != 3 || listings[0].filtered != 0 || listings[1].all != 0 || listings[1].filtered != mockapi.SeedTeamCount+31 {
		t.Errorf("members listings, grouped: %+v; per team: %+v", listings[0], listings[1])
	}
}

// teamsServer is a teams API of the test's own: a fixed list of teams, members and a members filter that
// applies team:<key> exactly, each route answering from the maps, and every request recorded.
type teamsServer struct {
	teams   []map[string]any
	members []map[string]any
	// filtered, when set, answers the members list's team filter instead of the members themselves.
	filtered map[string][]map[string]any

	mu       sync.Mutex
	requests []string
}

func (s *teamsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.URL.RequestURI())
	s.mu.Unlock()
	page := func(items []map[string]any) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		_ = json.NewEncoder(w).Encode(map[string]any{"items": items[min(offset, len(items)):], "totalCount": len(items)})
	}
	switch path := r.URL.EscapedPath(); {
	case path == "/api/v2/teams":
		page(s.teams)
	case strings.HasSuffix(path, "/roles") || strings.HasSuffix(path, "/maintainers"):
		page(nil)
	case path == "/api/v2/members" && r.URL.Query().Get("filter") != "":
		key := strings.TrimPrefix(r.URL.Query().Get("filter"), "team:")
		page(s.filtered[key])
	case path == "/api/v2/members":
		page(s.members)
	default:
		http.NotFound(w, r)
	}
}

func (s *teamsServer) client(t *testing.T) *Client {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	client, err := New(Config{BaseURL: srv.URL, Token: testToken, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func member(id string, teams ...string) map[string]any {
	var entries []map[string]any
	for _, key := range teams {
		entries = append(entries, map[string]any{"key": key})
	}
	m := map[string]any{"_id": id, "email": id + "@acme.example"}
	if entries != nil {
		m["teams"] = entries
	}
	return m
}

func teamWithCount(key string, count int) map[string]any {
	return map[string]any{"key": key, "members": map[string]any{"totalCount": count},
		"maintainers": map[string]any{"items": []any{}, "totalCount": 0}}
}

// The counts from the list check the grouping: a team whose members' teams[] do not add up to its count
// gets the filtered listing, which the API documents; a team whose count agrees does not.
func TestListTeamsChecksTheGroupingAgainstEachCount(t *testing.T) {
	s := &teamsServer{
		teams: []map[string]any{teamWithCount("agrees", 1), teamWithCount("short", 2), teamWithCount("Case", 1)},
		// Member b's teams[] leaves "short" out; member c is in "case", not "Case".
		members: []map[string]any{member("a", "agrees", "short"), member("b"), member("c", "case")},
		filtered: map[string][]map[string]any{
			"short": {member("a", "agrees", "short"), member("b", "short")},
			// The filter ignores case; the member's teams[] tells the two teams apart.
			"Case": {member("c", "case"), member("d", "Case")},
		},
	}
	teams, err := teamsOf(s.client(t).ListTeams(t.Context(), ""))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, team := range teams {
		got[deref(team.Key)] = team.MemberIDs()
	}
	if fmt.Sprint(got) != fmt.Sprint(map[string][]string{"agrees": {"a"}, "short": {"a", "b"}, "Case": {"d"}}) {
		t.Errorf("members = %v", got)
	}
	var filtered []string
	for _, r := range s.requests {
		if strings.HasPrefix(r, "/api/v2/members?") && strings.Contains(r, "filter=") {
			filtered = append(filtered, r)
		}
	}
	slices.Sort(filtered)
	if len(filtered) != 2 || !strings.Contains(filtered[0], "team%3ACase") || !strings.Contains(filtered[1], "team%3Ashort") {
		t.Errorf("filtered listings: %v", filtered)
	}
}

// A server that ignores offset answers every page with the first: the listing stops with an error instead
// of reading until the page bound.
func TestListTeamsRefusesAServerThatIgnoresOffset(t *testing.T) {
	client, rec := newTestClient(t, 200, `{"items":[{"key":"a"}],"totalCount":5}`)
	_, err := teamsOf(client.ListTeams(t.Context(), ""))
	if err == nil || !strings.Contains(err.Error(), "answered offset 1 with items it had already listed") || len(rec.requests) != 2 {
		t.Fatalf("after %d requests: %v", len(rec.requests), err)
	}
}

func TestGetTeamReadsEveryRelation(t *testing.T) {
	cases := []struct {
		key                             string
		roles, maintainers, members     int
		roleReads, maintainerReads      int
		firstRole, lastMaintainer, name string
	}{
		// More roles than the expanded first page (25) holds: the roles endpoint is read too.
		{mockapi.ManyRolesTeamKey, mockapi.ManyRolesTeamRoleCount, 1, 0, 1, 0, "devops", mockapi.OwnerMemberID, "Release Managers"},
		// More maintainers than the expanded first page (20) holds.
		{mockapi.ManyMaintainersTeamKey, 1, mockapi.ManyMaintainersCount, 0, 0, 1, "devops", seededMemberIDs(24, 24)[0], "Incident Response"},
		{mockapi.PlatformTeamKey, 1, 1, 1, 0, 0, "devops", mockapi.OwnerMemberID, "Platform Team"},
		{mockapi.MixedCaseTeamKey, 0, 0, 0, 0, 0, "", "", "Mobile Squad"},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			api := mockapi.New()
			team, err := newMockClient(t, api).GetTeam(t.Context(), tc.key)
			if err != nil {
				t.Fatal(err)
			}
			if len(team.CustomRoles) != tc.roles || len(team.Maintainers) != tc.maintainers || len(team.Members) != tc.members ||
				deref(team.Name) != tc.name {
				t.Errorf("%d roles, %d maintainers, %d members, name %q", len(team.CustomRoles), len(team.Maintainers), len(team.Members), deref(team.Name))
			}
			if tc.roles > 0 && (team.CustomRoleKeys()[0] != tc.firstRole || team.MaintainerIDs()[len(team.Maintainers)-1] != tc.lastMaintainer) {
				t.Errorf("roles %v, maintainers %v", team.CustomRoleKeys(), team.MaintainerIDs())
			}
			want := map[string]int{"team": 1, "members filtered": 1}
			if tc.roleReads > 0 {
				want["team roles"] = tc.roleReads
			}
			if tc.maintainerReads > 0 {
				want["team maintainers"] = tc.maintainerReads
			}
			wantRequests(t, api, want)
		})
	}
}

func TestGetTeamMembersAndProjects(t *testing.T) {
	api := mockapi.New()
	api.SetTeamMembers(mockapi.QATeamKey, mockapi.FullMemberID, mockapi.PlusMemberID)
	team, err := newMockClient(t, api).GetTeam(t.Context(), mockapi.QATeamKey)
	if err != nil {
		t.Fatal(err)
	}
	emails := map[string]string{}
	for _, m := range team.Members {
		emails[m.ID] = deref(m.Email)
	}
	if fmt.Sprint(emails) != fmt.Sprint(map[string]string{mockapi.FullMemberID: mockapi.FullMemberEmail, mockapi.PlusMemberID: mockapi.PlusMemberEmail}) {
		t.Errorf("members = %v", emails)
	}
	if p := team.Projects; p == nil || len(p.Items) != 2 || deref(p.Items[1].Key) != mockapi.EmptyProject || deref(p.TotalCount) != 2 {
		t.Errorf("projects = %+v", p)
	}
	if deref(team.MemberCount) != 2 || team.Description != nil {
		t.Errorf("member count %v, description %v", team.MemberCount, team.Description)
	}
	empty, err := newMockClient(t, api).GetTeam(t.Context(), mockapi.EmptyTeamKey)
	if err != nil || empty.Members == nil || len(empty.Members) != 0 || empty.CustomRoles == nil || empty.Maintainers == nil {
		t.Errorf("empty team = %+v, %v", empty, err)
	}
}

// An unknown key, or a known key in another case (GET /teams/{key} compares exactly), is a
// *NotFoundError naming the key, and nothing is asked after the 404.
func TestGetTeamNotFoundStops(t *testing.T) {
	for _, key := range []string{"platfrm", strings.ToLower(mockapi.MixedCaseTeamKey), "a/b"} {
		api := mockapi.New()
		_, err := newMockClient(t, api).GetTeam(t.Context(), key)
		var notFound *NotFoundError
		if !errors.As(err, &notFound) || notFound.Kind != "team" || notFound.Key != key || !IsNotFound(err) ||
			!strings.Contains(err.Error(), fmt.Sprintf("no team with key %q", key)) {
			t.Errorf("%s: %v", key, err)
		}
		if n := api.RequestCount(); n != 1 {
			t.Errorf("%s: %d requests, want the one that got the 404", key, n)
		}
	}
}

func TestGetTeamEscapesTheKeyAndRefusesAnotherTeam(t *testing.T) {
	client, rec := newTestClient(t, 200, `{"key":"other","name":"Other"}`)
	_, err := client.GetTeam(t.Context(), "a/b?c")
	var mismatch *MismatchError
	if !errors.As(err, &mismatch) || !strings.Contains(err.Error(), `asked for team "a/b?c", but the API answered with team "other"`) {
		t.Errorf("err = %v", err)
	}
	if path := rec.only(t).URL.EscapedPath(); path != "/api/v2/teams/a%2Fb%3Fc" {
		t.Errorf("path = %s", path)
	}
	client, _ = newTestClient(t, 200, `{}`)
	if _, err := client.GetTeam(t.Context(), "x"); err == nil || !strings.Contains(err.Error(), "a team without a key") {
		t.Errorf("an empty object: %v", err)
	}
}

func TestTeamExists(t *testing.T) {
	cases := []struct {
		key   string
		want  bool
		pages int
	}{
		{"platform", true, 1},
		{"PLATFORM", true, 1},
		{strings.ToLower(mockapi.MixedCaseTeamKey), true, 1}, // GET /teams/mobile-squad would say 404
		{"platfrm", false, 1},
		{"team-10", false, 1}, // the query finds team-100, whose key is another
		{"team", false, 2},    // every page is read before saying no
	}
	for _, tc := range cases {
		api := mockapi.New()
		got, err := newMockClient(t, api).TeamExists(t.Context(), tc.key)
		if err != nil || got != tc.want {
			t.Errorf("TeamExists(%q) = %v, %v", tc.key, got, err)
		}
		wantRequests(t, api, map[string]int{"teams list": tc.pages})
	}
	// ASCII case only: the Kelvin sign is not a "k".
	client, _ := newTestClient(t, 200, `{"items":[{"key":"\u212aey"}],"totalCount":1}`)
	if got, err := client.TeamExists(t.Context(), "key"); got || err != nil {
		t.Errorf("a Kelvin-sign key matched: %v, %v", got, err)
	}
}

// teamsOf is the teams of a listing.
func teamsOf(list *TeamList, err error) ([]Team, error) {
	if list == nil {
		return nil, err
	}
	return list.Teams, err
}
