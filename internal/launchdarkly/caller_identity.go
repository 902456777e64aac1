package launchdarkly

import "context"

// CallerIdentity describes the credential that made the request, as GET /api/v2/caller-identity returns
// it. Every field is optional and undocumented beyond its name, so each is a pointer or a nil slice, and
// the kind strings are kept as they come: their values are not enumerated anywhere.
type CallerIdentity struct {
	AccountID       *string  `json:"accountId"`
	EnvironmentID   *string  `json:"environmentId"`
	ProjectID       *string  `json:"projectId"`
	EnvironmentName *string  `json:"environmentName"`
	ProjectName     *string  `json:"projectName"`
	AuthKind        *string  `json:"authKind"`
	TokenKind       *string  `json:"tokenKind"`
	ClientID        *string  `json:"clientId"`
	TokenName       *string  `json:"tokenName"`
	TokenID         *string  `json:"tokenId"`
	MemberID        *string  `json:"memberId"`
	ServiceToken    *bool    `json:"serviceToken"`
	Scopes          []string `json:"scopes"`
}

// GetCallerIdentity reads what the API knows of the provider's own token: its kind, name and ID, the
// account, and the member or OAuth client behind it.
func (c *Client) GetCallerIdentity(ctx context.Context) (*CallerIdentity, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	var identity CallerIdentity
	if err := c.get(ctx, membersAPIVersion, c.endpoint(nil, "api", "v2", "caller-identity"), &identity); err != nil {
		return nil, err
	}
	return &identity, nil
}
