package launchdarkly

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// memberExpand asks for the fields the API leaves out by default, so one request fills every attribute.
const memberExpand = "customRoles,roleAttributes"

// Member is an account member as GET /api/v2/members/{id} returns it. Every field the API may omit is a
// pointer, nil slice or nil map, so that "absent" stays distinguishable from a zero value.
type Member struct {
	Links                   map[string]Link      `json:"_links"`
	ID                      *string              `json:"_id"`
	FirstName               *string              `json:"firstName"`
	LastName                *string              `json:"lastName"`
	Role                    *string              `json:"role"`
	Email                   *string              `json:"email"`
	PendingInvite           *bool                `json:"_pendingInvite"`
	Verified                *bool                `json:"_verified"`
	PendingEmail            *string              `json:"_pendingEmail"`
	CustomRoles             []string             `json:"customRoles"`
	CustomRolesInfo         []CustomRoleInfo     `json:"customRolesInfo"`
	MFA                     *string              `json:"mfa"`
	MFAEnforced             *bool                `json:"mfaEnforced"`
	MFAGracePeriodExpiresAt *int64               `json:"mfaGracePeriodExpiresAt"`
	HasPassword             *bool                `json:"hasPassword"`
	ExcludedDashboards      []string             `json:"excludedDashboards"`
	LastSeen                *int64               `json:"_lastSeen"`
	LastSeenMetadata        *LastSeenMetadata    `json:"_lastSeenMetadata"`
	IntegrationMetadata     *IntegrationMetadata `json:"_integrationMetadata"`
	Teams                   []MemberTeam         `json:"teams"`
	PermissionGrants        []PermissionGrant    `json:"permissionGrants"`
	CreationDate            *int64               `json:"creationDate"`
	OAuthProviders          []string             `json:"oauthProviders"`
	Version                 *int64               `json:"version"`
	RoleAttributes          map[string][]string  `json:"roleAttributes"`
}

// Link is one entry of an object's _links.
type Link struct {
	Href *string `json:"href"`
	Type *string `json:"type"`
}

// CustomRoleInfo is one entry of customRolesInfo (present with expand=customRoles).
type CustomRoleInfo struct {
	ID   *string `json:"_id"`
	Key  *string `json:"key"`
	Name *string `json:"name"`
}

// LastSeenMetadata tells which token the member's last session used.
type LastSeenMetadata struct {
	TokenID *string `json:"tokenId"`
}

// IntegrationMetadata describes a member provisioned by an external identity provider (SCIM).
type IntegrationMetadata struct {
	ExternalID     *string         `json:"externalId"`
	ExternalURL    *string         `json:"externalUrl"`
	LastChecked    *int64          `json:"lastChecked"`
	ExternalStatus *ExternalStatus `json:"externalStatus"`
}

// ExternalStatus is the member's status in the external identity provider.
type ExternalStatus struct {
	Display *string `json:"display"`
	Value   *string `json:"value"`
}

// MemberTeam summarises a team the member belongs to.
type MemberTeam struct {
	Key            *string         `json:"key"`
	Name           *string         `json:"name"`
	CustomRoleKeys []string        `json:"customRoleKeys"`
	Links          map[string]Link `json:"_links"`
}

// PermissionGrant gives the member an action set or actions on one resource.
type PermissionGrant struct {
	Resource  *string  `json:"resource"`
	ActionSet *string  `json:"actionSet"`
	Actions   []string `json:"actions"`
}

// ErrMemberNotFound is returned by MemberByEmail when no member has the address.
var ErrMemberNotFound = errors.New("no member has this email address")

// AmbiguousEmailError is returned by MemberByEmail when several members match the address. IDs holds the
// ID of every match, so the count it gives is never short: ListMembers refuses a member without an ID.
type AmbiguousEmailError struct {
	Email string
	IDs   []string
}

func (e *AmbiguousEmailError) Error() string {
	return fmt.Sprintf("%d members have the email address %q: %s", len(e.IDs), e.Email, strings.Join(e.IDs, ", "))
}

// GetMember reads one member by ID, or the token's own member when id is "me".
func (c *Client) GetMember(ctx context.Context, id string) (*Member, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	query := url.Values{"expand": {memberExpand}}
	var member Member
	if err := c.get(ctx, APIVersion, c.endpoint(query, "api", "v2", "members", id), &member); err != nil {
		return nil, err
	}
	if err := checkMemberAnswers(id, &member); err != nil {
		return nil, err
	}
	return &member, nil
}

// checkMemberAnswers refuses a 200 whose member is not the one asked for: one without an _id (an empty
// object, say), or, unless id is "me", another member's. IDs are hexadecimal, so case does not matter.
func checkMemberAnswers(id string, member *Member) error {
	path := "/api/v2/members/" + escapePathSegment(id)
	switch {
	case member.ID == nil || *member.ID == "":
		return fmt.Errorf("GET %s answered HTTP 200 with a member that has no _id, not member %q", path, id)
	case id != "me" && !equalFoldASCII(*member.ID, id):
		return fmt.Errorf("GET %s answered HTTP 200 with member %q, not member %q; nothing was stored", path, *member.ID, id)
	}
	return nil
}

// MemberByEmail finds the one member whose email is the address (SameEmail). It reads every page
// the list filter returns, and, the filter's matching rules being undocumented, keeps only the exact
// matches (ListMembers checks each item).
func (c *Client) MemberByEmail(ctx context.Context, email string) (*Member, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	list, err := c.ListMembers(ctx, MemberFilter{Emails: []string{email}})
	if err != nil {
		return nil, err
	}
	matches := list.Members
	switch len(matches) {
	case 0:
		return nil, ErrMemberNotFound
	case 1:
		return &matches[0], nil
	default:
		ids := make([]string, 0, len(matches))
		for _, m := range matches {
			if m.ID != nil {
				ids = append(ids, *m.ID)
			}
		}
		return nil, &AmbiguousEmailError{Email: email, IDs: ids}
	}
}
