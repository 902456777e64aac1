package launchdarkly

import (
	"context"
	"encoding/json"
	"fmt"
)

// UserRecord is a user as GET /api/v2/users/{projectKey}/{environmentKey}/{userKey} returns it. Every field
// is optional in the API.
type UserRecord struct {
	// LastPing is kept as the API's string: it may carry nanoseconds, and the provider exposes it verbatim.
	LastPing      *string         `json:"lastPing"`
	EnvironmentID *string         `json:"environmentId"`
	OwnerID       *string         `json:"ownerId"`
	User          *User           `json:"user"`
	Links         map[string]Link `json:"_links"`
	Access        *Access         `json:"_access"`
}

// User holds the attributes an SDK sent for the user.
type User struct {
	Key       *string `json:"key"`
	Secondary *string `json:"secondary"`
	IP        *string `json:"ip"`
	Country   *string `json:"country"`
	Email     *string `json:"email"`
	FirstName *string `json:"firstName"`
	LastName  *string `json:"lastName"`
	Avatar    *string `json:"avatar"`
	Name      *string `json:"name"`
	Anonymous *bool   `json:"anonymous"`
	// Custom is the custom attributes' JSON object, kept undecoded so that the caller decides how to type
	// its values (and can tell a key sent twice, which a Go map would hide).
	Custom       json.RawMessage `json:"custom"`
	PrivateAttrs []string        `json:"privateAttrs"`
}

// Access lists what the caller may and may not do with the user.
type Access struct {
	Allowed []AccessEntry `json:"allowed"`
	Denied  []AccessEntry `json:"denied"`
}

// AccessEntry is one action and the policy statement that decided it.
type AccessEntry struct {
	Action *string       `json:"action"`
	Reason *AccessReason `json:"reason"`
}

// AccessReason is the policy statement behind an AccessEntry.
type AccessReason struct {
	Effect       *string  `json:"effect"`
	Resources    []string `json:"resources"`
	NotResources []string `json:"notResources"`
	Actions      []string `json:"actions"`
	NotActions   []string `json:"notActions"`
	RoleName     *string  `json:"role_name"`
}

// GetUser reads a user record. It pins LD-API-Version 20220603, the last version that serves the Users
// API. Once that API has answered this Client that it is retired, GetUser returns that answer again
// without a request (see usersAPIState).
func (c *Client) GetUser(ctx context.Context, projectKey, environmentKey, userKey string) (*UserRecord, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	rawURL := c.endpoint(nil, "api", "v2", "users", projectKey, environmentKey, userKey)
	learned, err := c.users.begin(ctx, func() error { return c.stopped(ctx, pathOf(rawURL)) })
	if err != nil {
		return nil, err
	}
	var record UserRecord
	err = c.get(ctx, UsersAPIVersion, rawURL, &record)
	learned(err)
	if err != nil {
		return nil, err
	}
	if record.User == nil || record.User.Key == nil || *record.User.Key != userKey {
		got := "a record without a user key"
		if record.User != nil && record.User.Key != nil {
			got = fmt.Sprintf("user %q", *record.User.Key)
		}
		return nil, &MismatchError{Asked: fmt.Sprintf("user %q", userKey), Got: got}
	}
	return &record, nil
}
