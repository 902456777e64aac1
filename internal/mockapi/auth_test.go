package mockapi

import (
	"net/http"
	"testing"
)

func TestAuthRejectsMissingOrWrongToken(t *testing.T) {
	_, srv := newServer(t)
	cases := map[string]http.Header{
		"missing":      {},
		"wrong":        {"Authorization": {"api-00000000-0000-4000-8000-00000000dead"}},
		"bearer":       {"Authorization": {"Bearer " + DefaultToken}},
		"twice":        {"Authorization": {DefaultToken, DefaultToken}},
		"empty header": {"Authorization": {""}},
	}
	for name, header := range cases {
		t.Run(name, func(t *testing.T) {
			res := get(t, srv, "/api/v2/members/me", header)
			wantError(t, res, http.StatusUnauthorized, "unauthorized", "Invalid access token")
		})
	}
}

func TestForbiddenTokenGets403Everywhere(t *testing.T) {
	api, srv := newServer(t)
	const token = "api-00000000-0000-4000-8000-0000000000f0"
	api.AddToken(token, MinimalMemberID)
	api.ForbidToken(token)
	for _, path := range []string{"/api/v2/members/me", "/api/v2/members", userPath(UserProject, UserEnvironment, FullUserKey)} {
		res := get(t, srv, path, http.Header{"Authorization": {token}, "Ld-Api-Version": {UsersAPIVersion}})
		wantError(t, res, http.StatusForbidden, "forbidden", "Access to the requested resource was denied")
	}
}

func TestForbidUnknownTokenStillAnswers403(t *testing.T) {
	api, srv := newServer(t)
	const token = "api-00000000-0000-4000-8000-0000000000f1"
	api.ForbidToken(token)
	res := get(t, srv, "/api/v2/members/me", http.Header{"Authorization": {token}})
	wantStatus(t, res, http.StatusForbidden)
}

func TestAddTokenResolvesMeToItsMember(t *testing.T) {
	api, srv := newServer(t)
	const token = "api-00000000-0000-4000-8000-000000000002"
	api.AddToken(token, MinimalMemberID)
	res := get(t, srv, "/api/v2/members/me", http.Header{"Authorization": {token}})
	wantStatus(t, res, http.StatusOK)
	if res.body["_id"] != MinimalMemberID {
		t.Fatalf("me = %v, want %s", res.body["_id"], MinimalMemberID)
	}
}

func TestMeForTokenWithoutMemberIsNotFound(t *testing.T) {
	api, srv := newServer(t)
	const token = "api-00000000-0000-4000-8000-000000000003"
	api.AddToken(token, "")
	res := get(t, srv, "/api/v2/members/me", http.Header{"Authorization": {token}})
	wantError(t, res, http.StatusNotFound, "not_found", "Invalid resource identifier")
}

func TestRequestsRedactAuthorization(t *testing.T) {
	api, srv := newServer(t)
	get(t, srv, "/api/v2/members/me", authed("LD-API-Version", currentVersion))
	reqs := api.Requests()
	if len(reqs) != 1 {
		t.Fatalf("recorded %d requests, want 1", len(reqs))
	}
	got := reqs[0]
	if auth := got.Header.Values("Authorization"); len(auth) != 1 || auth[0] != "<redacted>" {
		t.Fatalf("Authorization recorded as %q", auth)
	}
	if got.Header.Get("LD-API-Version") != currentVersion || got.Method != http.MethodGet || got.EscapedPath != "/api/v2/members/me" {
		t.Fatalf("recorded %+v", got)
	}
}
