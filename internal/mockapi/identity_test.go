package mockapi

import (
	"net/http"
	"slices"
	"testing"
)

func TestCallerIdentityDependsOnTheToken(t *testing.T) {
	api, srv := newServer(t)
	api.AddToken("api-extra", MinimalMemberID)
	cases := []struct {
		token string
		want  map[string]any
	}{
		{DefaultToken, map[string]any{"tokenKind": "personal", "memberId": DefaultMemberID, "serviceToken": false,
			"tokenId": PersonalTokenID, "tokenName": PersonalTokenName, "accountId": AccountID, "authKind": "token"}},
		{ServiceToken, map[string]any{"tokenKind": "service", "memberId": OwnerMemberID, "serviceToken": true,
			"tokenId": ServiceTokenID, "tokenName": ServiceTokenName, "accountId": AccountID, "authKind": "token"}},
		{OAuthToken, map[string]any{"authKind": "oauth", "clientId": OAuthClientID, "memberId": FullMemberID,
			"accountId": AccountID, "scopes": []any{"reader", "writer"}}},
		{"api-extra", map[string]any{"tokenKind": "personal", "memberId": MinimalMemberID, "serviceToken": false,
			"accountId": AccountID, "authKind": "token"}},
	}
	for _, tc := range cases {
		res := get(t, srv, "/api/v2/caller-identity", http.Header{"Authorization": {tc.token}})
		wantStatus(t, res, http.StatusOK)
		if len(res.body) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.token[:6], res.body, tc.want)
		}
		for k, v := range tc.want {
			if !equalJSON(res.body[k], v) {
				t.Errorf("%s: %s = %v, want %v", tc.token[:6], k, res.body[k], v)
			}
		}
	}
	if res := get(t, srv, "/api/v2/members/me", http.Header{"Authorization": {ServiceToken}}); res.status != http.StatusNotFound {
		t.Errorf("me with a service token: status %d", res.status)
	}
	wantStatus(t, get(t, srv, "/api/v2/caller-identity", http.Header{"Authorization": {"api-nope"}}), http.StatusUnauthorized)
}

func equalJSON(a, b any) bool {
	x, okX := a.([]any)
	y, okY := b.([]any)
	if okX && okY {
		return slices.Equal(x, y)
	}
	return a == b
}
