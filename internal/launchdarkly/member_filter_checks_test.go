package launchdarkly

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

func TestListMembersRefusesRolesThatAreNeitherBaseNorCustom(t *testing.T) {
	cases := []struct {
		roles   []string
		unknown []string
		detail  string
	}{
		{[]string{"Admin"}, []string{"Admin"}, `"Admin" (the base role is "admin", in lower case) is neither a base role`},
		{[]string{"admins", "devops", "reader"}, []string{"admins"}, `"admins" is neither a base role (reader, writer, admin, owner, no_access)`},
		{[]string{"devops", "no_access"}, nil, ""},
	}
	for _, tc := range cases {
		api := mockapi.New()
		client := newMockClient(t, api)
		_, err := client.ListMembers(t.Context(), MemberFilter{Roles: tc.roles})
		var unknown *UnknownRolesError
		switch {
		case tc.unknown == nil && err != nil:
			t.Errorf("%q: %v", tc.roles, err)
		case tc.unknown != nil && (!errors.As(err, &unknown) || !slices.Equal(unknown.Roles, tc.unknown)):
			t.Errorf("%q: err = %v, want the unknown roles %q", tc.roles, err, tc.unknown)
		case tc.unknown != nil && !strings.Contains(err.Error(), tc.detail):
			t.Errorf("%q: %v\nwant %q", tc.roles, err, tc.detail)
		case tc.unknown != nil:
			for _, req := range api.Requests() {
				if req.EscapedPath == "/api/v2/members" {
					t.Errorf("%q: the members were listed although a role is unknown", tc.roles)
				}
			}
		}
	}
}

func TestListMembersOfATeamThatDoesNotExist(t *testing.T) {
	client := newMockClient(t, mockapi.New())
	_, err := client.ListMembers(t.Context(), MemberFilter{TeamKey: "platfrom"})
	var unknown *UnknownTeamError
	if !errors.As(err, &unknown) || unknown.Key != "platfrom" {
		t.Errorf("err = %v, want an UnknownTeamError for platfrom", err)
	}
	// A team that exists, without members, lists nobody and is no error; nor is another case of a key.
	for _, key := range []string{mockapi.EmptyTeamKey, strings.ToUpper(mockapi.MixedCaseTeamKey)} {
		list, err := client.ListMembers(t.Context(), MemberFilter{TeamKey: key})
		if err != nil || len(list.Members) != 0 {
			t.Errorf("%s: %v, %d members; want none and no error", key, err, len(list.Members))
		}
	}
}
