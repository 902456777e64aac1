package mockapi

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// fullMemberDefaultFields are every §1 member field except the expand-only ones.
var fullMemberDefaultFields = []string{
	"_links", "_id", "firstName", "lastName", "role", "email", "_pendingInvite", "_verified",
	"_pendingEmail", "customRoles", "mfa", "mfaEnforced", "mfaGracePeriodExpiresAt", "hasPassword",
	"excludedDashboards", "_lastSeen", "_lastSeenMetadata", "_integrationMetadata", "teams",
	"permissionGrants", "creationDate", "oauthProviders", "version",
}

var requiredMemberFields = []string{
	"_links", "_id", "role", "email", "_pendingInvite", "_verified", "customRoles", "mfa", "_lastSeen", "creationDate",
}

func TestGetMemberByIDAndMe(t *testing.T) {
	_, srv := newServer(t)
	for _, id := range []string{"me", FullMemberID} {
		res := get(t, srv, "/api/v2/members/"+id, authed())
		wantStatus(t, res, http.StatusOK)
		for _, field := range fullMemberDefaultFields {
			if _, ok := res.body[field]; !ok {
				t.Errorf("%s: field %q missing", id, field)
			}
		}
		if res.body["email"] != FullMemberEmail {
			t.Errorf("%s: email = %v", id, res.body["email"])
		}
	}
}

func TestGetMemberKeepsEpochMillisExact(t *testing.T) {
	_, srv := newServer(t)
	res := get(t, srv, "/api/v2/members/"+FullMemberID, authed())
	if got := res.body["_lastSeen"]; got != float64(1785398400123) {
		t.Fatalf("_lastSeen = %v", got)
	}
}

func TestMinimalMemberHasOnlyRequiredFields(t *testing.T) {
	_, srv := newServer(t)
	res := get(t, srv, "/api/v2/members/"+MinimalMemberID+"?expand=customRoles,roleAttributes", authed())
	wantStatus(t, res, http.StatusOK)
	for field := range res.body {
		if !slices.Contains(requiredMemberFields, field) {
			t.Errorf("unexpected optional field %q", field)
		}
	}
	if len(res.body) != len(requiredMemberFields) {
		t.Errorf("got %d fields, want %d", len(res.body), len(requiredMemberFields))
	}
}

func TestGetUnknownMember(t *testing.T) {
	_, srv := newServer(t)
	res := get(t, srv, "/api/v2/members/000000000000000000000000", authed())
	wantError(t, res, http.StatusNotFound, "not_found", "Invalid resource identifier")
}

func TestExpandGatesOptionalFields(t *testing.T) {
	_, srv := newServer(t)
	cases := []struct {
		expand          string
		customRolesInfo bool
		roleAttributes  bool
	}{
		{"", false, false},
		{"customRoles", true, false},
		{"roleAttributes", false, true},
		{"customRoles,roleAttributes", true, true},
		{"roleAttributes, customRoles", true, true},
		{"teams", false, false},
	}
	for _, tc := range cases {
		path := "/api/v2/members/me"
		if tc.expand != "" {
			path += "?" + url.Values{"expand": {tc.expand}}.Encode()
		}
		res := get(t, srv, path, authed())
		_, hasInfo := res.body["customRolesInfo"]
		_, hasAttrs := res.body["roleAttributes"]
		if hasInfo != tc.customRolesInfo || hasAttrs != tc.roleAttributes {
			t.Errorf("expand=%q: customRolesInfo %v roleAttributes %v", tc.expand, hasInfo, hasAttrs)
		}
	}
}

func TestExpandDoesNotChangeStoredMember(t *testing.T) {
	_, srv := newServer(t)
	get(t, srv, "/api/v2/members/me?expand=customRoles", authed())
	res := get(t, srv, "/api/v2/members/me?expand=customRoles", authed())
	info, _ := res.body["customRolesInfo"].([]any)
	if len(info) != 2 {
		t.Fatalf("customRolesInfo = %v", res.body["customRolesInfo"])
	}
}

func TestMembersAcceptAnyAPIVersion(t *testing.T) {
	_, srv := newServer(t)
	for _, version := range []string{"", currentVersion, UsersAPIVersion, "beta"} {
		header := authed()
		if version != "" {
			header.Set("LD-API-Version", version)
		}
		wantStatus(t, get(t, srv, "/api/v2/members/me", header), http.StatusOK)
	}
}

func TestPutMemberAddsAndReplacesInPlace(t *testing.T) {
	api, srv := newServer(t)
	const id = "6511d0c3a8e4f20013b7ffff"
	member := map[string]any{"_id": id, "role": "reader", "email": "added@acme.example", "customRoles": []string{}}
	api.PutMember(member)
	member["email"] = "mutated@acme.example"
	res := get(t, srv, "/api/v2/members/"+id, authed())
	if res.body["email"] != "added@acme.example" {
		t.Fatalf("caller's later change leaked into the mock: %v", res.body["email"])
	}

	api.PutMember(map[string]any{"_id": MinimalMemberID, "role": "writer", "email": "kim.nguyen@acme.example"})
	list := items(t, get(t, srv, "/api/v2/members?limit=3", authed()))
	if got := ids(list); !slices.Equal(got, []string{FullMemberID, MinimalMemberID, PendingMemberID}) || list[1]["role"] != "writer" {
		t.Fatalf("replace moved or missed the member: %v", got)
	}
}

func TestPutMemberWithoutIDPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("PutMember without _id did not panic")
		}
	}()
	New().PutMember(map[string]any{"email": "x@acme.example"})
}
