package mockapi

import (
	"regexp"
	"strings"
	"testing"
)

var hex24 = regexp.MustCompile(`^[0-9a-f]{24}$`)

// TestSeedMembersAreConsistent guards the embedded data the constants and
// other tests rely on.
func TestSeedMembersAreConsistent(t *testing.T) {
	api := New()
	if len(api.data.memberIDs) != SeedMemberCount {
		t.Fatalf("seeded %d members, want %d", len(api.data.memberIDs), SeedMemberCount)
	}
	emails := map[string]bool{}
	for _, id := range api.data.memberIDs {
		m := api.data.members[id]
		if !hex24.MatchString(id) {
			t.Errorf("id %q is not 24 lowercase hex", id)
		}
		for _, field := range requiredMemberFields {
			if _, ok := m[field]; !ok {
				t.Errorf("%s: required field %q missing", id, field)
			}
		}
		self, _ := m["_links"].(map[string]any)["self"].(map[string]any)
		if self["href"] != "/api/v2/members/"+id || self["type"] != "application/json" {
			t.Errorf("%s: bad self link %v", id, self)
		}
		email := stringField(m, "email")
		if emails[email] {
			t.Errorf("duplicate email %q", email)
		}
		emails[email] = true
	}
	for id, email := range map[string]string{
		FullMemberID: FullMemberEmail, CaseMemberID: CaseMemberEmail,
		NearMissMemberID: NearMissMemberEmail, PlusMemberID: PlusMemberEmail,
	} {
		if got := stringField(api.data.members[id], "email"); got != email {
			t.Errorf("%s email = %q, want %q", id, got, email)
		}
	}
	if !strings.EqualFold(CaseMemberEmail, CaseLookupEmail) || CaseMemberEmail == CaseLookupEmail {
		t.Error("case member must differ from its lookup only by case")
	}
}

func TestSeedSpecialMembers(t *testing.T) {
	api := New()
	full := api.data.presentMember(api.data.members[FullMemberID], map[string]bool{"customRoles": true, "roleAttributes": true})
	for _, field := range append(fullMemberDefaultFields, "customRolesInfo", "roleAttributes") {
		if v, ok := full[field]; !ok || v == "" {
			t.Errorf("full member field %q missing or empty", field)
		}
	}
	pending := api.data.members[PendingMemberID]
	if pending["_pendingInvite"] != true || pending["_verified"] != false || pending["firstName"] != nil {
		t.Errorf("pending member = %v", pending)
	}
	external := api.data.members[ExternalMemberID]
	if external["_integrationMetadata"] == nil || external["hasPassword"] != false {
		t.Errorf("external member = %v", external)
	}
	if api.data.members[OwnerMemberID]["role"] != "owner" {
		t.Error("owner member is not an owner")
	}
}

func TestSeedUsers(t *testing.T) {
	api := New()
	keys := append([]string{FullUserKey, AnonymousUserKey}, OddUserKeys...)
	for _, key := range keys {
		if _, ok := api.data.users[recordID{UserProject, UserEnvironment, "", key}]; !ok {
			t.Errorf("user %q not seeded", key)
		}
	}
	if len(api.data.users) != len(keys) {
		t.Errorf("seeded %d users, want %d", len(api.data.users), len(keys))
	}
}
