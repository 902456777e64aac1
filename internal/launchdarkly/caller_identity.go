package launchdarkly

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
)

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
// account, and the member or OAuth client behind it. An answer with neither a token kind nor an account
// ID identifies no one ({}, null, or every field null: a proxy's or a captive portal's empty 200, say) and
// is an error that shows what came back.
func (c *Client) GetCallerIdentity(ctx context.Context) (*CallerIdentity, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	rawURL := c.endpoint(nil, "api", "v2", "caller-identity")
	var raw json.RawMessage
	if err := c.get(ctx, APIVersion, rawURL, &raw); err != nil {
		return nil, err
	}
	var identity CallerIdentity
	if err := json.Unmarshal(raw, &identity); err != nil {
		return nil, fmt.Errorf("the response of GET %s (HTTP 200) is not the JSON expected: %w", pathOf(rawURL), err)
	}
	if isEmpty(identity.TokenKind) && isEmpty(identity.AccountID) {
		return nil, fmt.Errorf("GET %s answered HTTP 200 with neither a tokenKind nor an accountId, so it "+
			"identifies no one (a proxy or a captive portal answering in the API's place?). It sent: %s",
			pathOf(rawURL), c.maskString(abbreviateBytes(bytes.TrimSpace(raw), 300)))
	}
	return &identity, nil
}

func isEmpty(s *string) bool { return s == nil || *s == "" }
