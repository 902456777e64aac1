package mockapi

import (
	"embed"
	"encoding/json"
)

// Seeded member IDs, in creation order (the order the list endpoint uses).
const (
	// FullMemberID has every documented member field set, including the
	// expand-only customRolesInfo and roleAttributes.
	FullMemberID = "6511d0c3a8e4f20013b70001"
	// DefaultMemberID is who "me" means for DefaultToken.
	DefaultMemberID = FullMemberID
	// MinimalMemberID has only the fields the spec marks required.
	MinimalMemberID = "6511d0c3a8e4f20013b70002"
	// PendingMemberID is an invite that was never accepted.
	PendingMemberID = "6511d0c3a8e4f20013b70003"
	// ExternalMemberID is provisioned through SCIM (Okta).
	ExternalMemberID = "6511d0c3a8e4f20013b70004"
	// NearMissMemberID has NearMissMemberEmail, which contains CaseLookupEmail;
	// it is created before CaseMemberID so a loose filter lists it first.
	NearMissMemberID = "6511d0c3a8e4f20013b70005"
	// CaseMemberID is stored as CaseMemberEmail and looked up as
	// CaseLookupEmail.
	CaseMemberID = "6511d0c3a8e4f20013b70006"
	// PlusMemberID has an email with "+", which breaks unescaped queries.
	PlusMemberID = "6511d0c3a8e4f20013b70007"
	// OwnerMemberID is the account owner; the role filter "admin" matches it.
	OwnerMemberID = "6511d0c3a8e4f20013b70008"
)

// Seeded member emails that tests look up.
const (
	FullMemberEmail     = "ariel.flores@acme.example"
	CaseMemberEmail     = "Sam.Lee@Acme.example"
	CaseLookupEmail     = "sam.lee@acme.example"
	NearMissMemberEmail = "sam.lee@acme.example.org"
	PlusMemberEmail     = "dev+ci@acme.example"
)

// Seeded custom role IDs held in the full member's customRoles.
const (
	DevOpsRoleID      = "6511d0c3a8e4f20013b7c001"
	BackendDevsRoleID = "6511d0c3a8e4f20013b7c002"
)

// SeedMemberCount is the number of seeded members; more than one default
// page (20) so paging always has a next page.
const SeedMemberCount = 25

// Seeded user records live in this project and environment.
const (
	UserProject     = "web-app"
	UserEnvironment = "production"
	// FullUserKey has every UserRecord and User field set.
	FullUserKey = "user-key-123abc"
	// AnonymousUserKey has only user.key, user.anonymous and _links.
	AnonymousUserKey = "anon-3f9c2b7e-41d8-4a6e-9b1f-7c2d5e8a0b64"
)

// OddUserKeys are seeded keys that break naive path building. Each record's
// user.name is "odd key " followed by the key, so a test can tell which
// record it reached.
var OddUserKeys = []string{"a/b", "with space", "what?", "hash#tag", "100%", "ünïcødé", "..", "."}

//go:embed seed/*.json
var seedFiles embed.FS

// seededUser is one entry of seed/users.json or seed/contexts.json.
type seededUser struct {
	ProjectKey     string          `json:"projectKey"`
	EnvironmentKey string          `json:"environmentKey"`
	Record         json.RawMessage `json:"record"`
}

// loadSeed fills a new API from the embedded files. It panics on bad data:
// the files ship with the binary and a test covers them.
func (a *API) loadSeed() {
	var members []json.RawMessage
	mustUnmarshalSeed("seed/members.json", &members)
	for _, raw := range members {
		a.members.put(mustDecodeObject(raw))
	}
	var users []seededUser
	mustUnmarshalSeed("seed/users.json", &users)
	for _, u := range users {
		a.putUserJSON(u.ProjectKey, u.EnvironmentKey, u.Record)
	}
	var contexts []seededUser
	mustUnmarshalSeed("seed/contexts.json", &contexts)
	for _, c := range contexts {
		a.PutContextJSON(c.ProjectKey, c.EnvironmentKey, "", "", c.Record)
	}
	a.seedGeneratedContexts()
}

func mustUnmarshalSeed(name string, v any) {
	data, err := seedFiles.ReadFile(name)
	if err != nil {
		panic("mockapi: " + err.Error())
	}
	if err := json.Unmarshal(data, v); err != nil {
		panic("mockapi: " + name + ": " + err.Error())
	}
}
