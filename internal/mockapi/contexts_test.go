package mockapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func contextsHeader() http.Header {
	return authed("LD-API-Version", ContextsAPIVersion)
}

// userContextPath is the path of the user context key in the seeded project and environment.
func userContextPath(key string, query url.Values) string {
	path := "/api/v2/projects/" + UserProject + "/environments/" + UserEnvironment + "/contexts/user/" +
		escapeSegment(key)
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	return path
}

// nextHref is the href of a page's _links.next.
func nextHref(t *testing.T, res response) string {
	t.Helper()
	href, ok := object(t, object(t, res.body["_links"], "_links")["next"], "next")["href"].(string)
	if !ok {
		t.Fatalf("_links.next.href is not a string: %v", res.body["_links"])
	}
	return href
}

// applications lists each item's applicationId, in order.
func applications(t *testing.T, res response) []string {
	t.Helper()
	var out []string
	for _, item := range items(t, res) {
		out = append(out, fmt.Sprint(item["applicationId"]))
	}
	return out
}

func TestContextsPageWithTokenAndNextLink(t *testing.T) {
	_, srv := newServer(t)
	query := url.Values{"limit": {"50"}, "sort": {"-ts"}}
	first := get(t, srv, userContextPath(ManyVersionsKey, query), contextsHeader())
	wantStatus(t, first, http.StatusOK)
	apps := applications(t, first)
	if len(apps) != 50 || apps[0] != "App/60" || apps[49] != "App/11" {
		t.Fatalf("first page = %d items from %v to %v, want 50 from App/60 to App/11", len(apps), apps[0], apps[len(apps)-1])
	}
	if first.body["totalCount"] != float64(ManyVersionsCount) || first.body["_environmentId"] != EnvironmentID {
		t.Errorf("totalCount = %v, _environmentId = %v", first.body["totalCount"], first.body["_environmentId"])
	}
	next := nextHref(t, first)
	second := get(t, srv, next, contextsHeader())
	wantStatus(t, second, http.StatusOK)
	if apps := applications(t, second); len(apps) != 10 || apps[9] != "App/01" {
		t.Errorf("second page = %v, want the 10 oldest", apps)
	}
	if _, more := object(t, second.body["_links"], "_links")["next"]; more {
		t.Error("the last page has a next link")
	}
	if second.body["continuationToken"] == nil {
		t.Error("the last page has no continuationToken; the spec's token refers to a page's last item")
	}
	query.Set("continuationToken", fmt.Sprint(second.body["continuationToken"]))
	if end := get(t, srv, userContextPath(ManyVersionsKey, query), contextsHeader()); len(items(t, end)) != 0 {
		t.Errorf("the page after the last has items")
	}
}

func TestContextsSortAndFilter(t *testing.T) {
	_, srv := newServer(t)
	cases := map[string][]string{
		"ts":  {"JSClient/3.4.0", "GoSDK/6.1.0"},
		"-ts": {"GoSDK/6.1.0", "JSClient/3.4.0"},
		"":    {"JSClient/3.4.0", "GoSDK/6.1.0"}, // the order the versions were stored in
	}
	for sort, want := range cases {
		res := get(t, srv, userContextPath(FullUserKey, url.Values{"sort": {sort}}), contextsHeader())
		if got := applications(t, res); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("sort=%q: %v, want %v", sort, got, want)
		}
	}
	res := get(t, srv, userContextPath(FullUserKey, url.Values{"filter": {`applicationId equals "GoSDK/6.1.0"`}}), contextsHeader())
	if got := applications(t, res); fmt.Sprint(got) != "[GoSDK/6.1.0]" {
		t.Errorf("filtered: %v", got)
	}
}

func TestContextsRefusals(t *testing.T) {
	_, srv := newServer(t)
	cases := []struct {
		name   string
		path   string
		header http.Header
		status int
	}{
		{"limit above 50", userContextPath(FullUserKey, url.Values{"limit": {"51"}}), contextsHeader(), http.StatusBadRequest},
		{"a made-up token", userContextPath(FullUserKey, url.Values{"continuationToken": {"nope"}}), contextsHeader(), http.StatusBadRequest},
		{"an unknown sort", userContextPath(FullUserKey, url.Values{"sort": {"name"}}), contextsHeader(), http.StatusBadRequest},
		{"another filter", userContextPath(FullUserKey, url.Values{"filter": {`kind equals "user"`}}), contextsHeader(), http.StatusBadRequest},
		{"the Users API's version", userContextPath(FullUserKey, nil), authed("LD-API-Version", UsersAPIVersion), http.StatusBadRequest},
		{"an unknown environment", "/api/v2/projects/web-app/environments/staging/contexts/user/x", contextsHeader(), http.StatusNotFound},
		{"no token", userContextPath(FullUserKey, nil), http.Header{"LD-API-Version": {ContextsAPIVersion}}, http.StatusUnauthorized},
	}
	for _, tc := range cases {
		if res := get(t, srv, tc.path, tc.header); res.status != tc.status {
			t.Errorf("%s: status %d, want %d (%v)", tc.name, res.status, tc.status, res.body)
		}
	}
	res := get(t, srv, userContextPath("nobody", nil), contextsHeader())
	if wantStatus(t, res, http.StatusOK); len(items(t, res)) != 0 {
		t.Errorf("an unknown key has items")
	}
}

// Whatever the next page looks like, following it ends; the broken server points back forever.
func TestContextPagingModes(t *testing.T) {
	api, srv := newServer(t)
	api.SetContextPaging(PagingTokenOnly)
	res := get(t, srv, userContextPath(ManyVersionsKey, url.Values{"limit": {"50"}}), contextsHeader())
	if _, ok := res.body["_links"]; ok || res.body["continuationToken"] == nil {
		t.Errorf("token-only page: _links %v, continuationToken %v", res.body["_links"], res.body["continuationToken"])
	}
	api.SetContextPaging(PagingLinksOnly)
	res = get(t, srv, userContextPath(ManyVersionsKey, url.Values{"limit": {"50"}}), contextsHeader())
	href := nextHref(t, res)
	if _, ok := res.body["continuationToken"]; ok || !strings.HasPrefix(href, "/app.launchdarkly.com/api/v2/") {
		t.Errorf("links-only page: token %v, next %q", res.body["continuationToken"], href)
	}
	api.SetContextPaging(PagingRepeat)
	first := get(t, srv, userContextPath(FullUserKey, url.Values{"limit": {"1"}}), contextsHeader())
	second := get(t, srv, userContextPath(FullUserKey, url.Values{"limit": {"1"}, "continuationToken": {fmt.Sprint(first.body["continuationToken"])}}), contextsHeader())
	if first.body["continuationToken"] != second.body["continuationToken"] {
		t.Errorf("the repeating server moved on: %v then %v", first.body["continuationToken"], second.body["continuationToken"])
	}
}

func TestRetiredUsersAPIAnswersAsTold(t *testing.T) {
	api, srv := newServer(t)
	api.RetireUsersAPIWith(http.StatusGone, "gone", "This API has been removed")
	wantError(t, get(t, srv, userPath(UserProject, UserEnvironment, FullUserKey), usersHeader()), http.StatusGone, "gone", "This API has been removed")
	api.RetireUsersAPI(false)
	wantStatus(t, get(t, srv, userPath(UserProject, UserEnvironment, FullUserKey), usersHeader()), http.StatusOK)
}
