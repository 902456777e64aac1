package mockapi

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func seededIDs(suffixes ...string) []string {
	out := make([]string, len(suffixes))
	for i, s := range suffixes {
		out[i] = "6511d0c3a8e4f20013b700" + s
	}
	return out
}

func listIDs(t *testing.T, srv *httptest.Server, query url.Values) []string {
	t.Helper()
	if !query.Has("limit") {
		query.Set("limit", "1000")
	}
	res := get(t, srv, membersQuery(query), authed())
	wantStatus(t, res, http.StatusOK)
	return ids(items(t, res))
}

func TestListMoreFilterTerms(t *testing.T) {
	_, srv := newServer(t)
	everyoneButFull := seededIDs("02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13",
		"14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25")
	cases := []struct {
		filter string
		want   []string
	}{
		{"id:" + strings.ToUpper(MinimalMemberID) + "|" + OwnerMemberID, []string{MinimalMemberID, OwnerMemberID}},
		{"team:PLATFORM", []string{FullMemberID}},
		{"team:qa-team", []string{FullMemberID}},
		{"team:nobody", nil},
		{"noteam:false", []string{FullMemberID}},
		{"noteam:true", everyoneButFull},
		{`lastSeen:{"never":true}`, []string{MinimalMemberID, PendingMemberID}},
		{`lastSeen:{"noData":true}`, nil},
		{`lastSeen:{"before":1780272000000}`, seededIDs("09", "10", "11")},
		{"role:devops", seededIDs("01", "09", "14", "19", "24")},
		{"role:backend-devs|owner", []string{FullMemberID, OwnerMemberID}},
		{"role:admin", seededIDs("01", "08", "13", "23")},
		{"role:admin,noteam:true,query:a", seededIDs("08", "13", "23")},
	}
	for _, tc := range cases {
		if got := listIDs(t, srv, url.Values{"filter": {tc.filter}}); !slices.Equal(got, tc.want) {
			t.Errorf("filter %s = %v, want %v", tc.filter, got, tc.want)
		}
	}
}

func TestListRejectsBadTermValues(t *testing.T) {
	_, srv := newServer(t)
	for _, q := range []url.Values{
		{"filter": {"noteam:yes"}},
		{"filter": {"noteam:1"}},
		{"filter": {`lastSeen:{"never":false}`}},
		{"filter": {`lastSeen:{"before":"yesterday"}`}},
		{"filter": {`lastSeen:{"never":true,"before":1}`}},
		{"filter": {`lastSeen:{"after":1}`}},
		{"filter": {`lastSeen:never`}},
		{"sort": {"email"}},
		{"sort": {"-displayName,creationDate"}},
	} {
		res := get(t, srv, membersQuery(q), authed())
		if res.status != http.StatusBadRequest || res.body["code"] != "invalid_request" {
			t.Errorf("%s: status %d, body %v", q.Encode(), res.status, res.body)
		}
	}
}

func TestListSorts(t *testing.T) {
	_, srv := newServer(t)
	// "Ariel Flores" first; members without a name sort by their email ("kim.nguyen@…", "new.hire@…").
	wantByName := seededIDs("01", "14", "22", "07", "12", "17", "25", "24", "18", "04", "02", "19", "11", "15",
		"13", "16", "03", "09", "10", "21", "08", "23", "06", "05", "20")
	byName := listIDs(t, srv, url.Values{"sort": {"displayName"}})
	if !slices.Equal(byName, wantByName) {
		t.Errorf("displayName = %v", byName)
	}
	reversed := slices.Clone(byName)
	slices.Reverse(reversed)
	if got := listIDs(t, srv, url.Values{"sort": {"-displayName"}}); !slices.Equal(got, reversed) {
		t.Errorf("-displayName = %v", got)
	}
	oldest := listIDs(t, srv, url.Values{"sort": {"lastSeen"}})
	if !slices.Equal(oldest[:3], seededIDs("02", "03", "09")) || oldest[24] != OwnerMemberID {
		t.Errorf("lastSeen = %v: never-seen members first, the owner (seen last) at the end", oldest)
	}
	newest := listIDs(t, srv, url.Values{"sort": {"-lastSeen"}, "filter": {"role:admin"}})
	if !slices.Equal(newest, seededIDs("08", "01", "23", "13")) {
		t.Errorf("-lastSeen with role:admin = %v", newest)
	}
}

func TestGeneratedMembersPageByThousands(t *testing.T) {
	api, srv := newServer(t)
	api.AddGeneratedMembers(2475)
	var all []string
	for offset, want := range map[int]int{0: 1000, 1000: 1000, 2000: 500} {
		res := get(t, srv, membersQuery(url.Values{"limit": {"1000"}, "offset": {strconv.Itoa(offset)}}), authed())
		list := items(t, res)
		if len(list) != want || res.body["totalCount"] != float64(2500) {
			t.Errorf("offset %d: %d items, totalCount %v", offset, len(list), res.body["totalCount"])
		}
		_, hasNext := linkHref(t, res, "next")
		last, _ := linkHref(t, res, "last")
		if hasNext != (offset < 2000) || last != "/api/v2/members?limit=1000&offset=2000" {
			t.Errorf("offset %d: next present %v, last %q", offset, hasNext, last)
		}
		all = append(all, ids(list)...)
	}
	slices.Sort(all)
	if len(slices.Compact(all)) != 2500 {
		t.Errorf("%d distinct members over three pages", len(slices.Compact(all)))
	}
	generated := listIDs(t, srv, url.Values{"filter": {"team:" + GeneratedTeamKey + ",role:devops"}})
	if len(generated) != 118 || generated[0] != GeneratedMemberID(0) || generated[1] != GeneratedMemberID(21) {
		t.Errorf("team and role filter over generated members: %d, first %v", len(generated), generated[:2])
	}
}

func TestPageSizeCap(t *testing.T) {
	api, srv := newServer(t)
	api.SetPageSizeCap(10)
	res := get(t, srv, membersQuery(url.Values{"limit": {"1000"}, "offset": {"20"}}), authed())
	if len(items(t, res)) != 5 || res.body["totalCount"] != float64(SeedMemberCount) {
		t.Fatalf("capped page: %d items", len(items(t, res)))
	}
	res = get(t, srv, membersQuery(url.Values{"limit": {"1000"}}), authed())
	if next, _ := linkHref(t, res, "next"); len(items(t, res)) != 10 || next != "/api/v2/members?limit=10&offset=10" {
		t.Errorf("first capped page: %d items, next %q", len(items(t, res)), next)
	}
}

func TestMisrouteMemberReads(t *testing.T) {
	api, srv := newServer(t)
	api.MisrouteMemberReads(map[string]any{"_id": OwnerMemberID})
	if res := get(t, srv, "/api/v2/members/"+FullMemberID, authed()); res.body["_id"] != OwnerMemberID {
		t.Errorf("misrouted read = %v", res.body)
	}
	api.MisrouteMemberReads(nil)
	if res := get(t, srv, "/api/v2/members/"+FullMemberID, authed()); res.body["_id"] != FullMemberID {
		t.Errorf("restored read = %v", res.body["_id"])
	}
}
