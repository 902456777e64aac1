package mockapi

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// currentVersion is what the provider sends on members calls.
const currentVersion = "20240415"

type response struct {
	status int
	header http.Header
	body   map[string]any
}

func newServer(t *testing.T) (*API, *httptest.Server) {
	t.Helper()
	api := New()
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return api, srv
}

// authed returns headers carrying DefaultToken plus the given pairs;
// repeating a name adds another value, which tests duplicate headers.
func authed(pairs ...string) http.Header {
	h := http.Header{}
	h.Set("Authorization", DefaultToken)
	for i := 0; i+1 < len(pairs); i += 2 {
		h.Add(pairs[i], pairs[i+1])
	}
	return h
}

// send issues a request for an already-escaped path (and optional query),
// keeping the escaping exactly as given.
func send(t *testing.T, srv *httptest.Server, method, escapedPathAndQuery string, header http.Header) response {
	t.Helper()
	u, err := url.Parse(srv.URL + escapedPathAndQuery)
	if err != nil {
		t.Fatalf("parse %q: %v", escapedPathAndQuery, err)
	}
	req, err := http.NewRequest(method, u.String(), nil)
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	req.URL = u
	req.Header = header
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, escapedPathAndQuery, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s %s: Content-Type = %q, want application/json", method, escapedPathAndQuery, ct)
	}
	var body map[string]any
	if err := json.Unmarshal(data, &body); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %v\n%s", method, escapedPathAndQuery, err, data)
	}
	return response{status: res.StatusCode, header: res.Header, body: body}
}

func get(t *testing.T, srv *httptest.Server, escapedPathAndQuery string, header http.Header) response {
	t.Helper()
	return send(t, srv, http.MethodGet, escapedPathAndQuery, header)
}

func wantStatus(t *testing.T, res response, status int) {
	t.Helper()
	if res.status != status {
		t.Fatalf("status = %d, want %d; body %v", res.status, status, res.body)
	}
}

func wantError(t *testing.T, res response, status int, code, message string) {
	t.Helper()
	wantStatus(t, res, status)
	if res.body["code"] != code || res.body["message"] != message {
		t.Fatalf("error body = %v, want code %q message %q", res.body, code, message)
	}
}

// escapeSegment escapes a path segment the way a correct client must:
// url.PathEscape leaves "." alone, so dot-only segments are encoded by hand
// to stop them being read as path navigation.
func escapeSegment(s string) string {
	if strings.Trim(s, ".") == "" {
		return strings.Repeat("%2E", len(s))
	}
	return url.PathEscape(s)
}

func userPath(project, environment, key string) string {
	return "/api/v2/users/" + escapeSegment(project) + "/" + escapeSegment(environment) + "/" + escapeSegment(key)
}

func membersQuery(values url.Values) string {
	return "/api/v2/members?" + values.Encode()
}

func items(t *testing.T, res response) []map[string]any {
	t.Helper()
	raw, ok := res.body["items"].([]any)
	if !ok {
		t.Fatalf("items missing: %v", res.body)
	}
	out := make([]map[string]any, len(raw))
	for i, item := range raw {
		out[i] = object(t, item, fmt.Sprintf("items[%d]", i))
	}
	return out
}

// object is v as a JSON object, failing the test when it is anything else.
func object(t *testing.T, v any, what string) map[string]any {
	t.Helper()
	obj, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is not a JSON object: %v", what, v)
	}
	return obj
}

func ids(members []map[string]any) []string {
	out := make([]string, len(members))
	for i, m := range members {
		out[i], _ = m["_id"].(string)
	}
	return out
}
