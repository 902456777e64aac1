package mockapi

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

func TestUnknownRoutesAreRecorded(t *testing.T) {
	api, srv := newServer(t)
	paths := []string{
		"/",
		"/api/v2/member/me",
		"/api/v2/members/",
		"/api/v2/members/me/extra",
		"/api/v2//members",
		"/api/v2/users/web-app/production",
		"/api/v2/./members",
	}
	for _, path := range paths {
		wantError(t, get(t, srv, path, authed()), http.StatusNotFound, "not_found", "Invalid resource identifier")
	}
	unexpected := api.Unexpected()
	got := make([]string, len(unexpected))
	for i, r := range unexpected {
		got[i] = r.EscapedPath
	}
	if !slices.Equal(got, paths) {
		t.Fatalf("Unexpected() paths = %v, want %v", got, paths)
	}
	if api.RequestCount() != len(paths) {
		t.Fatalf("RequestCount = %d", api.RequestCount())
	}
}

func TestUnknownRouteRecordedEvenWithoutToken(t *testing.T) {
	api, srv := newServer(t)
	wantStatus(t, get(t, srv, "/api/v2/memebrs", http.Header{}), http.StatusNotFound)
	if len(api.Unexpected()) != 1 {
		t.Fatal("typo path not recorded")
	}
}

func TestKnownRoutesAreNotUnexpected(t *testing.T) {
	api, srv := newServer(t)
	get(t, srv, "/api/v2/members/000000000000000000000000", authed())
	get(t, srv, userPath(UserProject, UserEnvironment, "nobody"), usersHeader())
	if n := len(api.Unexpected()); n != 0 {
		t.Fatalf("%d known-route 404s recorded as unexpected", n)
	}
}

func TestOnlyGetIsAllowed(t *testing.T) {
	_, srv := newServer(t)
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		res := send(t, srv, method, "/api/v2/members/me", authed())
		wantStatus(t, res, http.StatusMethodNotAllowed)
		if res.body["code"] != "method_not_allowed" || res.header.Get("Allow") != http.MethodGet {
			t.Errorf("%s: body %v, Allow %q", method, res.body, res.header.Get("Allow"))
		}
	}
}

func TestRequestsReturnsCopies(t *testing.T) {
	api, srv := newServer(t)
	get(t, srv, "/api/v2/members?limit=5", authed("LD-API-Version", currentVersion))
	first := api.Requests()
	first[0].Query.Set("limit", "999")
	first[0].Header.Set("LD-API-Version", "tampered")
	again := api.Requests()[0]
	if again.Query.Get("limit") != "5" || again.Header.Get("LD-API-Version") != currentVersion {
		t.Fatalf("Requests() exposed internal state: %+v", again)
	}
}

func TestServeHTTPInProcess(t *testing.T) {
	api := New()
	req := httptest.NewRequest(http.MethodGet, "/api/v2/users/web-app/production/100%25", nil)
	req.Header.Set("Authorization", DefaultToken)
	req.Header.Set("LD-API-Version", UsersAPIVersion)
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, body %s", rec.Code, rec.Body)
	}
}

func TestSplitPath(t *testing.T) {
	cases := []struct {
		in   string
		want []string
		ok   bool
	}{
		{"/api/v2/users/p/e/a%2Fb", []string{"api", "v2", "users", "p", "e", "a/b"}, true},
		{"/api/v2/users/p/e/%2E%2E", []string{"api", "v2", "users", "p", "e", ".."}, true},
		{"/api/v2/users/p/e/%C3%BC", []string{"api", "v2", "users", "p", "e", "ü"}, true},
		{"/api/v2/users/p/e/..", nil, false},
		{"/api/v2/users/p/e/.", nil, false},
		{"/api/v2/users/p/e/%zz", nil, false},
		{"/api/v2/users/p/e/", nil, false},
		{"api/v2", nil, false},
	}
	for _, tc := range cases {
		got, ok := splitPath(tc.in)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("splitPath(%q) = %q, %v", tc.in, got, ok)
		}
	}
}
