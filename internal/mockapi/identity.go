package mockapi

import (
	"maps"
	"net/http"
)

// Tokens of other kinds than DefaultToken (a personal token), each with its
// own caller identity. The API tells them apart by the token alone, and so
// does the mock.
const (
	// ServiceToken is a service token created by OwnerMemberID. It belongs to
	// no member: "me" is not found with it.
	ServiceToken = "api-00000000-0000-4000-8000-000000000002"
	// OAuthToken is a token an OAuth client obtained for FullMemberID.
	OAuthToken = "oauth-00000000-0000-4000-8000-000000000003"
)

// Values of the seeded caller identities.
const (
	AccountID         = "6511d0c3a8e4f20013b7a001"
	PersonalTokenID   = "6511d0c3a8e4f20013b7d001"
	ServiceTokenID    = "6511d0c3a8e4f20013b7d002"
	OAuthClientID     = "6511d0c3a8e4f20013b7f001"
	PersonalTokenName = "terraform (personal)"
	ServiceTokenName  = "ci-pipeline"
)

// seededIdentities are what GET /api/v2/caller-identity answers for each
// seeded token. The API documents none of the field values; these follow
// what LaunchDarkly's own CLI expects (ldcli whoami).
var seededIdentities = map[string]map[string]any{
	DefaultToken: {
		"accountId": AccountID, "authKind": "token", "tokenKind": "personal", "tokenName": PersonalTokenName,
		"tokenId": PersonalTokenID, "memberId": DefaultMemberID, "serviceToken": false,
	},
	ServiceToken: {
		"accountId": AccountID, "authKind": "token", "tokenKind": "service", "tokenName": ServiceTokenName,
		"tokenId": ServiceTokenID, "memberId": OwnerMemberID, "serviceToken": true,
	},
	OAuthToken: {
		"accountId": AccountID, "authKind": "oauth", "clientId": OAuthClientID, "memberId": FullMemberID,
		"scopes": []string{"reader", "writer"},
	},
}

// addSeededTokens makes the service and OAuth tokens valid and gives every
// seeded token its identity.
func (a *API) addSeededTokens() {
	a.AddToken(ServiceToken, "")
	a.AddToken(OAuthToken, FullMemberID)
	for token, identity := range seededIdentities {
		a.SetCallerIdentity(token, identity)
	}
}

// SetCallerIdentity sets what GET /api/v2/caller-identity answers for a
// token added with AddToken (the map is copied). A token without one gets a
// personal token's identity naming its member.
func (a *API) SetCallerIdentity(token string, identity map[string]any) {
	stored := mustCopyJSON(identity)
	a.mu.Lock()
	defer a.mu.Unlock()
	grant := a.tokens[token]
	grant.identity = stored
	a.tokens[token] = grant
}

// getCallerIdentity serves GET /api/v2/caller-identity for the request's
// token, which dispatch has already authenticated.
func (a *API) getCallerIdentity(r *http.Request, c call) (any, *apiError) {
	grant := a.tokens[r.Header.Get("Authorization")]
	if grant.identity != nil {
		return maps.Clone(grant.identity), nil
	}
	return map[string]any{
		"accountId": AccountID, "authKind": "token", "tokenKind": "personal", "memberId": c.callerID,
		"serviceToken": false,
	}, nil
}
