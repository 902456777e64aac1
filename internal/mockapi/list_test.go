package mockapi

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
)

func linkHref(t *testing.T, res response, name string) (string, bool) {
	t.Helper()
	links, ok := res.body["_links"].(map[string]any)
	if !ok {
		t.Fatalf("_links missing: %v", res.body)
	}
	l, ok := links[name].(map[string]any)
	if !ok {
		return "", false
	}
	if l["type"] != "application/json" {
		t.Errorf("link %s type = %v", name, l["type"])
	}
	href, _ := l["href"].(string)
	return href, true
}

func TestListFirstPage(t *testing.T) {
	_, srv := newServer(t)
	res := get(t, srv, "/api/v2/members", authed())
	wantStatus(t, res, http.StatusOK)
	list := items(t, res)
	if len(list) != defaultLimit || res.body["totalCount"] != float64(SeedMemberCount) {
		t.Fatalf("got %d items, totalCount %v", len(list), res.body["totalCount"])
	}
	if got := ids(list)[:3]; !slices.Equal(got, []string{FullMemberID, MinimalMemberID, PendingMemberID}) {
		t.Fatalf("not in creation order: %v", got)
	}
	if _, ok := list[0]["customRolesInfo"]; ok {
		t.Error("customRolesInfo returned without expand")
	}
	wantLinks(t, res, map[string]string{
		"self": "/api/v2/members",
		"next": "/api/v2/members?limit=20&offset=20",
		"last": "/api/v2/members?limit=20&offset=20",
	})
}

func TestListFollowsNextToLastPage(t *testing.T) {
	_, srv := newServer(t)
	first := get(t, srv, "/api/v2/members?expand=roleAttributes&limit=10", authed())
	next, _ := linkHref(t, first, "next")
	second := get(t, srv, next, authed())
	next, _ = linkHref(t, second, "next")
	third := get(t, srv, next, authed())
	list := items(t, third)
	if len(list) != 5 || list[4]["_id"] == nil {
		t.Fatalf("last page has %d items", len(list))
	}
	wantLinks(t, third, map[string]string{
		"self":  "/api/v2/members?expand=roleAttributes&limit=10&offset=20",
		"first": "/api/v2/members?expand=roleAttributes&limit=10&offset=0",
		"prev":  "/api/v2/members?expand=roleAttributes&limit=10&offset=10",
		"last":  "/api/v2/members?expand=roleAttributes&limit=10&offset=20",
	})
	if _, ok := items(t, first)[0]["roleAttributes"]; !ok {
		t.Error("expand ignored in list")
	}
}

func TestListEmptyResult(t *testing.T) {
	_, srv := newServer(t)
	res := get(t, srv, membersQuery(url.Values{"filter": {"email:nobody@acme.example"}}), authed())
	if len(items(t, res)) != 0 || res.body["totalCount"] != float64(0) {
		t.Fatalf("got %v", res.body)
	}
	wantLinks(t, res, map[string]string{
		"self": "/api/v2/members?filter=email%3Anobody%40acme.example",
		"last": "/api/v2/members?filter=email%3Anobody%40acme.example&limit=20&offset=0",
	})
}

func wantLinks(t *testing.T, res response, want map[string]string) {
	t.Helper()
	for _, name := range []string{"self", "first", "prev", "next", "last"} {
		href, ok := linkHref(t, res, name)
		wantHref, wantOK := want[name]
		if ok != wantOK || href != wantHref {
			t.Errorf("link %s = %q (present %v), want %q (present %v)", name, href, ok, wantHref, wantOK)
		}
	}
}

func TestListRejectsBadPaging(t *testing.T) {
	_, srv := newServer(t)
	for _, q := range []string{"limit=0", "limit=1001", "limit=ten", "limit=", "offset=-1", "offset=x"} {
		res := get(t, srv, "/api/v2/members?"+q, authed())
		wantStatus(t, res, http.StatusBadRequest)
		if res.body["code"] != "invalid_request" {
			t.Errorf("%s: code %v", q, res.body["code"])
		}
	}
	for _, q := range []string{"limit=1", "limit=1000", "offset=0", "offset=500"} {
		wantStatus(t, get(t, srv, "/api/v2/members?"+q, authed()), http.StatusOK)
	}
}

func TestListFilters(t *testing.T) {
	_, srv := newServer(t)
	cases := []struct {
		filter string
		want   []string
	}{
		{"email:" + CaseLookupEmail, []string{CaseMemberID}},
		{"email:" + FullMemberEmail + "|" + PlusMemberEmail, []string{FullMemberID, PlusMemberID}},
		{"email:" + NearMissMemberEmail, []string{NearMissMemberID}},
		{"email:dev ci@acme.example", nil},
		{"query:LEE", []string{NearMissMemberID, CaseMemberID}},
		{"query:samantha", []string{NearMissMemberID}},
		{"role:reader,query:lee", []string{NearMissMemberID}},
		{"role:" + BackendDevsRoleID, []string{FullMemberID}},
		{"role:owner", []string{OwnerMemberID}},
	}
	for _, tc := range cases {
		res := get(t, srv, membersQuery(url.Values{"filter": {tc.filter}}), authed())
		wantStatus(t, res, http.StatusOK)
		if got := ids(items(t, res)); !slices.Equal(got, tc.want) {
			t.Errorf("filter %q = %v, want %v", tc.filter, got, tc.want)
		}
		if res.body["totalCount"] != float64(len(tc.want)) {
			t.Errorf("filter %q totalCount = %v", tc.filter, res.body["totalCount"])
		}
	}
}

func TestRoleAdminAlsoMatchesOwner(t *testing.T) {
	_, srv := newServer(t)
	got := ids(items(t, get(t, srv, membersQuery(url.Values{"filter": {"role:admin"}}), authed())))
	if !slices.Contains(got, FullMemberID) || !slices.Contains(got, OwnerMemberID) || slices.Contains(got, MinimalMemberID) {
		t.Fatalf("role:admin = %v", got)
	}
}

// TestPlusMustBeEscaped shows why clients must encode the filter: a raw "+"
// decodes as a space and finds nobody.
func TestPlusMustBeEscaped(t *testing.T) {
	_, srv := newServer(t)
	escaped := items(t, get(t, srv, membersQuery(url.Values{"filter": {"email:" + PlusMemberEmail}}), authed()))
	raw := items(t, get(t, srv, "/api/v2/members?filter=email:"+PlusMemberEmail, authed()))
	if got := ids(escaped); !slices.Equal(got, []string{PlusMemberID}) || len(raw) != 0 {
		t.Fatalf("escaped = %v, raw = %v", got, ids(raw))
	}
}

func TestLooseEmailFilterReturnsNearMissFirst(t *testing.T) {
	api, srv := newServer(t)
	api.SetLooseEmailFilter(true)
	got := ids(items(t, get(t, srv, membersQuery(url.Values{"filter": {"email:" + CaseLookupEmail}}), authed())))
	if !slices.Equal(got, []string{NearMissMemberID, CaseMemberID}) {
		t.Fatalf("loose filter = %v", got)
	}
	api.SetLooseEmailFilter(false)
	got = ids(items(t, get(t, srv, membersQuery(url.Values{"filter": {"email:" + CaseLookupEmail}}), authed())))
	if !slices.Equal(got, []string{CaseMemberID}) {
		t.Fatalf("strict filter = %v", got)
	}
}

func TestListRejectsBadFilter(t *testing.T) {
	_, srv := newServer(t)
	// accessCheck exists only up to API version 20220603.
	res := get(t, srv, membersQuery(url.Values{"filter": {"accessCheck:createFlag"}}), authed())
	wantError(t, res, http.StatusBadRequest, "invalid_request", "unsupported filter field: accessCheck")
	res = get(t, srv, membersQuery(url.Values{"filter": {"email:a@acme.example,"}}), authed())
	wantStatus(t, res, http.StatusBadRequest)
}
