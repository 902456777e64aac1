package launchdarkly

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// CustomRole is a custom role as GET /api/v2/roles/{key} returns it.
type CustomRole struct {
	ID              *string           `json:"_id"`
	Key             *string           `json:"key"`
	Name            *string           `json:"name"`
	Description     *string           `json:"description"`
	BasePermissions *string           `json:"basePermissions"`
	Policy          []PolicyStatement `json:"policy"`
	Links           map[string]Link   `json:"_links"`
	Access          *Access           `json:"_access"`
}

// PolicyStatement is one statement of a custom role's policy. Each list has an inverse (not…) form, used
// when the positive one is empty.
type PolicyStatement struct {
	Effect       *string  `json:"effect"`
	Resources    []string `json:"resources"`
	NotResources []string `json:"notResources"`
	Actions      []string `json:"actions"`
	NotActions   []string `json:"notActions"`
}

// GetCustomRole reads a custom role by its key or its _id: what tells a custom role key from a typo
// before a members filter on roles matches nobody. An unknown role is a *NotFoundError.
func (c *Client) GetCustomRole(ctx context.Context, keyOrID string) (*CustomRole, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	if keyOrID == "" {
		return nil, errors.New("the custom role key is empty")
	}
	var role CustomRole
	if err := c.get(ctx, APIVersion, c.endpoint(nil, "api", "v2", "roles", keyOrID), &role); err != nil {
		return nil, namedNotFound(err, "custom role", keyOrID)
	}
	// A key is compared exactly; an _id, being hexadecimal, without regard to case.
	if deref(role.Key) != keyOrID && !strings.EqualFold(deref(role.ID), keyOrID) {
		got := describeKey("custom role", role.Key)
		if role.ID != nil {
			got += fmt.Sprintf(" (_id %q)", *role.ID)
		}
		return nil, &MismatchError{Asked: fmt.Sprintf("custom role %q", keyOrID), Got: got}
	}
	return &role, nil
}
