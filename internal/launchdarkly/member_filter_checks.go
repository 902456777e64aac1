package launchdarkly

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The members list's filter takes team keys and role names it does not check: an unknown one matches
// nobody, with a 200 and no word. For an audit ("admins without MFA", "members of team X"), a typo would
// then pass as "nobody". ListMembers tells them apart: every role that is not a base role must be a custom
// role's key (one GET /api/v2/roles/{key} each, before the listing), and a team filter that listed nobody
// must name a team that exists (TeamExists, after it).

// BaseRoles are the base roles the members list's role filter takes, as LaunchDarkly writes them.
var BaseRoles = []string{"reader", "writer", "admin", "owner", "no_access"}

// UnknownRolesError names the roles of a filter that are neither base roles nor custom role keys.
type UnknownRolesError struct {
	Roles []string
}

func (e *UnknownRolesError) Error() string {
	quoted := make([]string, len(e.Roles))
	for i, r := range e.Roles {
		quoted[i] = fmt.Sprintf("%q", r)
		if base := baseRoleFold(r); base != "" {
			quoted[i] += fmt.Sprintf(" (the base role is %q, in lower case)", base)
		}
	}
	return fmt.Sprintf("%s %s neither a base role (%s) nor the key of a custom role of this account",
		strings.Join(quoted, ", "), map[bool]string{true: "is", false: "are"}[len(e.Roles) == 1],
		strings.Join(BaseRoles, ", "))
}

// UnknownTeamError is a team filter that matched nobody because no team has the key.
type UnknownTeamError struct {
	Key string
}

func (e *UnknownTeamError) Error() string {
	return fmt.Sprintf("no team has the key %q (compared without regard to case, as the filter does)", e.Key)
}

// checkRoles refuses the roles that are neither base roles nor custom role keys.
func (c *Client) checkRoles(ctx context.Context, roles []string) error {
	var unknown []string
	for _, role := range roles {
		if slices.Contains(BaseRoles, role) {
			continue
		}
		_, err := c.GetCustomRole(ctx, role)
		var notFound *NotFoundError
		switch {
		case errors.As(err, &notFound):
			unknown = append(unknown, role)
		case err != nil:
			return fmt.Errorf("checking that the role %q of the members filter exists: %w", role, err)
		}
	}
	if unknown != nil {
		return &UnknownRolesError{Roles: unknown}
	}
	return nil
}

// checkTeamFound refuses a team filter that listed nobody when no team has the key; a team that exists and
// has no members is a list of nobody, rightly.
func (c *Client) checkTeamFound(ctx context.Context, key string) error {
	exists, err := c.TeamExists(ctx, key)
	switch {
	case err != nil:
		return fmt.Errorf("the members of team %q are none; checking that the team exists: %w", key, err)
	case !exists:
		return &UnknownTeamError{Key: key}
	}
	return nil
}

// baseRoleFold is the base role r is in another case, or "".
func baseRoleFold(r string) string {
	for _, base := range BaseRoles {
		if equalFoldASCII(base, r) {
			return base
		}
	}
	return ""
}
