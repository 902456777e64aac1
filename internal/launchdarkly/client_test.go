package launchdarkly

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

const testToken = "api-11111111-2222-4333-8444-555555555555"

// recorder is an httptest handler that answers with a fixed status and body and remembers each request.
type recorder struct {
	mu       sync.Mutex
	requests []*http.Request
	status   int
	body     string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.requests = append(r.requests, req.Clone(context.Background()))
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(r.status)
	_, _ = w.Write([]byte(r.body))
}

func (r *recorder) only(t *testing.T) *http.Request {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.requests) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(r.requests))
	}
	return r.requests[0]
}

func newTestClient(t *testing.T, status int, body string) (*Client, *recorder) {
	t.Helper()
	rec := &recorder{status: status, body: body}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	client, err := New(Config{BaseURL: srv.URL, Token: testToken, UserAgent: "terraform-provider-launchdarkly/test"})
	if err != nil {
		t.Fatal(err)
	}
	return client, rec
}

func TestGetMemberSendsHeadersAndExpand(t *testing.T) {
	client, rec := newTestClient(t, 200, `{"_id":"507f1f77bcf86cd799439011","email":"a@b.example"}`)
	member, err := client.GetMember(t.Context(), "me")
	if err != nil {
		t.Fatal(err)
	}
	if got := *member.Email; got != "a@b.example" {
		t.Errorf("email = %q", got)
	}
	req := rec.only(t)
	checks := map[string]string{
		"path":           req.URL.EscapedPath(),
		"expand":         req.URL.Query().Get("expand"),
		"Authorization":  req.Header.Get("Authorization"),
		"User-Agent":     req.Header.Get("User-Agent"),
		"LD-API-Version": strings.Join(req.Header.Values("LD-API-Version"), ","),
	}
	want := map[string]string{
		"path":           "/api/v2/members/me",
		"expand":         "customRoles,roleAttributes",
		"Authorization":  testToken,
		"User-Agent":     "terraform-provider-launchdarkly/test",
		"LD-API-Version": "20240415",
	}
	for k, w := range want {
		if checks[k] != w {
			t.Errorf("%s = %q, want %q", k, checks[k], w)
		}
	}
}

func TestGetUserPinsUsersAPIVersionAndEscapesKeys(t *testing.T) {
	cases := map[string]string{
		"a/b":        "/api/v2/users/my%20proj/env%3F/a%2Fb",
		"..":         "/api/v2/users/my%20proj/env%3F/%2E%2E",
		".":          "/api/v2/users/my%20proj/env%3F/%2E",
		"x#y%z":      "/api/v2/users/my%20proj/env%3F/x%23y%25z",
		"ünï":        "/api/v2/users/my%20proj/env%3F/%C3%BCn%C3%AF",
		"a.b":        "/api/v2/users/my%20proj/env%3F/a.b",
		"with space": "/api/v2/users/my%20proj/env%3F/with%20space",
	}
	for key, wantPath := range cases {
		t.Run(key, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"user": map[string]any{"key": key}})
			client, rec := newTestClient(t, 200, string(body))
			if _, err := client.GetUser(t.Context(), "my proj", "env?", key); err != nil {
				t.Fatal(err)
			}
			req := rec.only(t)
			if got := req.URL.EscapedPath(); got != wantPath {
				t.Errorf("path = %q, want %q", got, wantPath)
			}
			if got := req.Header.Values("LD-API-Version"); len(got) != 1 || got[0] != "20220603" {
				t.Errorf("LD-API-Version = %q, want exactly [20220603]", got)
			}
		})
	}
}

func TestMemberByEmailEscapesFilterAndChecksEachItem(t *testing.T) {
	body := `{"items":[
		{"_id":"aaaaaaaaaaaaaaaaaaaaaaaa","email":"dev+ci@acme.example.org"},
		{"_id":"bbbbbbbbbbbbbbbbbbbbbbbb","email":"Dev+CI@Acme.example"}],"totalCount":2}`
	client, rec := newTestClient(t, 200, body)
	member, err := client.MemberByEmail(t.Context(), "dev+ci@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	if *member.ID != "bbbbbbbbbbbbbbbbbbbbbbbb" {
		t.Errorf("picked %s, want the case-insensitive exact match", *member.ID)
	}
	req := rec.only(t)
	if got := req.URL.Query().Get("filter"); got != "email:dev+ci@acme.example" {
		t.Errorf("filter decoded by the server = %q; a raw + would have become a space", got)
	}
	if !strings.Contains(req.URL.RawQuery, "%2B") {
		t.Errorf("raw query %q does not escape +", req.URL.RawQuery)
	}
}

func TestMemberByEmailNoneAndAmbiguous(t *testing.T) {
	client, _ := newTestClient(t, 200, `{"items":[{"_id":"a","email":"sam@acme.example.org"}],"totalCount":1}`)
	if _, err := client.MemberByEmail(t.Context(), "sam@acme.example"); !errors.Is(err, ErrMemberNotFound) {
		t.Errorf("near miss: err = %v, want ErrMemberNotFound", err)
	}
	client, _ = newTestClient(t, 200, `{"items":[{"_id":"a","email":"sam@acme.example"},{"_id":"b","email":"SAM@acme.example"}],"totalCount":2}`)
	_, err := client.MemberByEmail(t.Context(), "sam@acme.example")
	var ambiguous *AmbiguousEmailError
	if !errors.As(err, &ambiguous) || strings.Join(ambiguous.IDs, ",") != "a,b" {
		t.Errorf("err = %v, want an ambiguous match listing a,b", err)
	}
}

func TestAPIErrorMapping(t *testing.T) {
	cases := []struct {
		name, body string
		status     int
		wantText   string
		notFound   bool
	}{
		{"not found", `{"code":"not_found","message":"Invalid resource identifier"}`, 404,
			`HTTP 404 Not Found: Invalid resource identifier (code "not_found")`, true},
		{"unauthorized", `{"code":"unauthorized","message":"Invalid access token"}`, 401,
			`HTTP 401 Unauthorized: Invalid access token (code "unauthorized")`, false},
		{"html page", `<html><body>Bad gateway</body></html>`, 502,
			`HTTP 502 Bad Gateway (the response carried no LaunchDarkly error message)`, false},
		{"retired version", `{"code":"invalid_request","message":"API version 20220603 is no longer supported"}`, 400,
			`HTTP 400 Bad Request: API version 20220603 is no longer supported (code "invalid_request")`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			client, _ := newTestClient(t, tc.status, tc.body)
			_, err := client.GetMember(t.Context(), "me")
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status {
				t.Fatalf("err = %v, want an *APIError with status %d", err, tc.status)
			}
			if err.Error() != tc.wantText {
				t.Errorf("text = %q, want %q", err.Error(), tc.wantText)
			}
			if IsNotFound(err) != tc.notFound {
				t.Errorf("IsNotFound = %v", IsNotFound(err))
			}
			if strings.Contains(err.Error(), testToken) {
				t.Error("the error holds the token")
			}
		})
	}
}

func TestDecodeKeepsAbsentFieldsNil(t *testing.T) {
	client, _ := newTestClient(t, 200, `{"_id":"x","firstName":null,"customRoles":[],"_lastSeen":0}`)
	m, err := client.GetMember(t.Context(), "x")
	if err != nil {
		t.Fatal(err)
	}
	if m.FirstName != nil || m.LastName != nil || m.Teams != nil || m.RoleAttributes != nil {
		t.Errorf("absent or null fields decoded to values: %+v", m)
	}
	if m.CustomRoles == nil || len(m.CustomRoles) != 0 || m.LastSeen == nil || *m.LastSeen != 0 {
		t.Errorf("present empty or zero fields lost: customRoles=%v lastSeen=%v", m.CustomRoles, m.LastSeen)
	}
}

func TestInvalidJSONNamesEndpointAndStatus(t *testing.T) {
	client, _ := newTestClient(t, 200, `{"_id":`)
	_, err := client.GetMember(t.Context(), "me")
	if err == nil || !strings.Contains(err.Error(), "GET /api/v2/members/me") || !strings.Contains(err.Error(), "HTTP 200") {
		t.Errorf("err = %v, want one naming the endpoint and status", err)
	}
}

// The ambiguity message counts the matching members and names each one's ID; a member listed without an
// ID stops the read instead, so the count is never short ("0 members").
func TestAmbiguousEmailNamesEveryMatch(t *testing.T) {
	cases := map[string]struct{ body, want string }{
		"no IDs":      {`{"items":[{"email":"sam@acme.example"},{"email":"SAM@acme.example"}],"totalCount":2}`, `listed a member without an _id`},
		"one ID":      {`{"items":[{"_id":"a","email":"sam@acme.example"},{"email":"SAM@acme.example"}],"totalCount":2}`, `listed a member without an _id`},
		"all the IDs": {`{"items":[{"_id":"a","email":"sam@acme.example"},{"_id":"b","email":"Sam@acme.example"},{"_id":"c","email":"x@acme.example"}],"totalCount":3}`, `2 members have the email address "sam@acme.example": a, b`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			client, _ := newTestClient(t, 200, tc.body)
			_, err := client.MemberByEmail(t.Context(), "sam@acme.example")
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "0 members") {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// A server that echoes the token in its error body does not get it into the error.
func TestTokenEchoedByTheServerIsMasked(t *testing.T) {
	client, _ := newTestClient(t, 401, `{"code":"unauthorized `+testToken+`","message":"Invalid access token `+testToken+`"}`)
	_, err := client.GetMember(t.Context(), "me")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || strings.Contains(apiErr.Message+apiErr.Code, testToken) {
		t.Fatalf("err = %#v, want an *APIError without the token", err)
	}
	if strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "Invalid access token ********") {
		t.Errorf("err = %v; want the token masked", err)
	}
}

// A 200 that is not the user asked for is an error naming both, never a record with a foreign or no key.
func TestGetUserRefusesAnotherRecord(t *testing.T) {
	cases := map[string]string{
		`{"user":{"key":"someone-else"}}`: `asked for user "k", but the API answered with user "someone-else"`,
		`{}`:                              `asked for user "k", but the API answered with a record without a user key`,
		`{"user":{"key":"K"}}`:            `asked for user "k", but the API answered with user "K"`,
	}
	for body, want := range cases {
		client, _ := newTestClient(t, 200, body)
		_, err := client.GetUser(t.Context(), "p", "e", "k")
		var mismatch *MismatchError
		if !errors.As(err, &mismatch) || err.Error() != want {
			t.Errorf("body %s: err = %v, want %q", body, err, want)
		}
	}
}
