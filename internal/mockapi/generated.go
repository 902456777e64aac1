package mockapi

import "fmt"

// GeneratedTeamKey is the team every third generated member belongs to.
const GeneratedTeamKey = "generated"

// GeneratedMemberID is the ID of the i-th generated member (see
// AddGeneratedMembers): 24 hex digits, unlike any seeded ID.
func GeneratedMemberID(i int) string { return fmt.Sprintf("9e4e%020x", i) }

// GeneratedMemberEmail is the email of the i-th generated member.
func GeneratedMemberEmail(i int) string { return fmt.Sprintf("member.%05d@generated.acme.example", i) }

// AddGeneratedMembers adds n members after the existing ones, for paging
// tests and benchmarks; it is opt-in so that other tests' counts do not
// change. The data follow a fixed pattern, so every run gets the same
// account: member i has role reader, writer, reader, no_access, admin by
// i%5, the DevOps custom role when i%7 == 0, team GeneratedTeamKey when
// i%3 == 0, MFA enabled when i is even, and has never signed in when
// i%10 == 0 (else it was last seen i minutes after 2026-05-28T21:46:40Z).
// Calling it again replaces the first n generated members in place.
func (a *API) AddGeneratedMembers(n int) {
	for i := range n {
		a.PutMember(generatedMember(i))
	}
}

func generatedMember(i int) map[string]any {
	id := GeneratedMemberID(i)
	member := map[string]any{
		"_links":         map[string]any{"self": link("/api/v2/members/" + id)},
		"_id":            id,
		"firstName":      "Generated",
		"lastName":       fmt.Sprintf("Member %05d", i),
		"role":           []string{"reader", "writer", "reader", "no_access", "admin"}[i%5],
		"email":          GeneratedMemberEmail(i),
		"_pendingInvite": false,
		"_verified":      true,
		"customRoles":    []string{},
		"mfa":            map[bool]string{true: "enabled", false: "disabled"}[i%2 == 0],
		"_lastSeen":      int64(1780004800000) + int64(i)*60_000,
		"creationDate":   int64(1700000000000) + int64(i)*1000,
	}
	if i%10 == 0 {
		member["_lastSeen"] = 0
	}
	if i%7 == 0 {
		member["customRoles"] = []string{DevOpsRoleID}
	}
	if i%3 == 0 {
		member["teams"] = []map[string]any{{
			"key": GeneratedTeamKey, "name": "Generated Team", "customRoleKeys": []string{},
			"_links": map[string]any{"self": link("/api/v2/teams/" + GeneratedTeamKey)},
		}}
	}
	return member
}
