package mockapi

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"fmt"
	"strconv"
)

// The seeded data set: seed/*.json, plus the contexts easier to write as code (seedGeneratedContexts).

// Seeded member IDs, in creation order (the order the list endpoint uses).
const (
	// FullMemberID has every documented member field set, including the expand-only customRolesInfo and
	// roleAttributes.
	FullMemberID = "6511d0c3a8e4f20013b70001"
	// DefaultMemberID is who "me" means for DefaultToken.
	DefaultMemberID = FullMemberID
	// MinimalMemberID has only the fields the spec marks required.
	MinimalMemberID = "6511d0c3a8e4f20013b70002"
	// PendingMemberID is an invite that was never accepted.
	PendingMemberID = "6511d0c3a8e4f20013b70003"
	// ExternalMemberID is provisioned through SCIM (Okta).
	ExternalMemberID = "6511d0c3a8e4f20013b70004"
	// NearMissMemberID has NearMissMemberEmail, which contains CaseLookupEmail; it is created before
	// CaseMemberID so a loose filter lists it first.
	NearMissMemberID = "6511d0c3a8e4f20013b70005"
	// CaseMemberID is stored as CaseMemberEmail and looked up as CaseLookupEmail.
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

// SeedMemberCount is the number of seeded members: more than the members list's default page (20), so a
// request that forgets limit= sees a second page; the provider's pages of 1,000 hold them all.
const SeedMemberCount = 25

// Seeded users and contexts live in this project and environment.
const (
	UserProject     = "web-app"
	UserEnvironment = "production"
	// EnvironmentID is the _environmentId of the seeded environment.
	EnvironmentID = "6511d0c3a8e4f20013b7e001"
	// FullUserKey has every UserRecord and User field set, and two user contexts.
	FullUserKey = "user-key-123abc"
	// AnonymousUserKey has only user.key, user.anonymous and _links.
	AnonymousUserKey = "anon-3f9c2b7e-41d8-4a6e-9b1f-7c2d5e8a0b64"
	// ContextOnlyUserKey is a user context with no Users API record.
	ContextOnlyUserKey = "context-only-user"
	// OrganizationKey is a context of kind "organization" with nested attribute values.
	OrganizationKey = "acme-corp"
	// PreReleaseUserKey is a user context in the pre-release format, with _meta.secondary.
	PreReleaseUserKey = "pre-release-user"
	// BareDeviceKey is a context of kind "device" that carries only its kind and key.
	BareDeviceKey = "bare-device"
	// ManyVersionsKey is a user context sent by ManyVersionsCount applications, "App/01" (oldest) to
	// "App/60" (newest); version i has the name "version i" and last_seen 2026-11-01 plus i minutes.
	ManyVersionsKey   = "many-versions-user"
	ManyVersionsCount = 60
)

// OddUserKeys are seeded user keys, each with its user context, that break naive path building. Each
// record's name is "odd key " followed by the key, so a test can tell which record it reached.
var OddUserKeys = []string{"a/b", "with space", "what?", "hash#tag", "100%", "ünïcødé", "..", "."}

// Tokens of other kinds than DefaultToken (a personal token), each with its own caller identity.
const (
	// ServiceToken is a service token created by OwnerMemberID. It belongs to no member: "me" is not found.
	ServiceToken = "api-00000000-0000-4000-8000-000000000002"
	// OAuthToken is a token an OAuth client obtained for FullMemberID.
	OAuthToken = "oauth-00000000-0000-4000-8000-000000000003"
)

// Values of the seeded caller identities.
const (
	AccountID         = "6511d0c3a8e4f20013b7a001"
	PersonalTokenID   = "6511d0c3a8e4f20013b7d001"
	ServiceTokenID    = "6511d0c3a8e4f20013b7d002"
	OAuthClientID     = "6511d0c3a8e4f20013b7f001"
	PersonalTokenName = "terraform (personal)"
	ServiceTokenName  = "ci-pipeline"
)

// seededIdentities are what GET /api/v2/caller-identity answers for each seeded token. The API documents
// none of the values; these follow what LaunchDarkly's own CLI expects (ldcli whoami).
var seededIdentities = map[string]map[string]any{
	DefaultToken: {"accountId": AccountID, "authKind": "token", "tokenKind": "personal", "tokenName": PersonalTokenName,
		"tokenId": PersonalTokenID, "memberId": DefaultMemberID, "serviceToken": false},
	ServiceToken: {"accountId": AccountID, "authKind": "token", "tokenKind": "service", "tokenName": ServiceTokenName,
		"tokenId": ServiceTokenID, "memberId": OwnerMemberID, "serviceToken": true},
	OAuthToken: {"accountId": AccountID, "authKind": "oauth", "clientId": OAuthClientID, "memberId": FullMemberID,
		"scopes": []string{"reader", "writer"}},
}

// dataset is everything the routes serve.
type dataset struct {
	memberIDs []string // creation order, the list's order
	members   map[string]map[string]any
	// roleKeys maps each custom role ID seen in a customRolesInfo or held by the custom roles to its key,
	// so that the role filter finds custom roles by key.
	roleKeys map[string]string
	// generatedMembers is how many members AddGeneratedMembers has added.
	generatedMembers int
	teamData
	// users and contexts are kept as raw JSON, so that hostile values reach the client as sent.
	users        map[recordID][]byte
	contexts     map[recordID][]contextVersion
	environments map[[2]string]bool // project and environment keys: contexts of others are not found
}

// recordID locates a user record (kind "") or a context's versions; keys are compared exactly, after
// the path segment has been unescaped.
type recordID struct{ project, environment, kind, key string }

// contextVersion is one stored version of a context and the fields the route sorts and filters on.
type contextVersion struct {
	raw           json.RawMessage
	lastSeen      string
	applicationID string
}

//go:embed seed/*.json
var seedFiles embed.FS

// loadSeed reads the embedded files. It panics on bad data: the files ship with the binary and a test
// covers them.
func loadSeed() dataset {
	d := dataset{members: map[string]map[string]any{}, roleKeys: map[string]string{}, users: map[recordID][]byte{},
		contexts: map[recordID][]contextVersion{}, environments: map[[2]string]bool{}, teamData: newTeamData()}
	var members []json.RawMessage
	var users, contexts []struct {
		ProjectKey     string          `json:"projectKey"`
		EnvironmentKey string          `json:"environmentKey"`
		Record         json.RawMessage `json:"record"`
	}
	for name, v := range map[string]any{"members": &members, "users": &users, "contexts": &contexts} {
		data, err := seedFiles.ReadFile("seed/" + name + ".json")
		if err == nil {
			err = json.Unmarshal(data, v)
		}
		if err != nil {
			panic("mockapi: seed/" + name + ".json: " + err.Error())
		}
	}
	for _, raw := range members {
		d.putMember(mustDecodeObject(raw))
	}
	for _, u := range users {
		d.putUser(u.ProjectKey, u.EnvironmentKey, u.Record)
	}
	for _, c := range contexts {
		d.putContext(c.ProjectKey, c.EnvironmentKey, "", "", c.Record)
	}
	for _, key := range OddUserKeys {
		d.putContext(UserProject, UserEnvironment, "", "", mustJSON(map[string]any{
			"context":  map[string]any{"kind": "user", "key": key, "name": "odd key " + key},
			"lastSeen": "2026-11-20T10:00:00Z", "applicationId": "GoSDK/6.1.0",
		}))
	}
	for i := 1; i <= ManyVersionsCount; i++ {
		d.putContext(UserProject, UserEnvironment, "", "", mustJSON(map[string]any{
			"context":  map[string]any{"kind": "user", "key": ManyVersionsKey, "name": "version " + strconv.Itoa(i)},
			"lastSeen": fmt.Sprintf("2026-11-01T%02d:%02d:00Z", i/60, i%60), "applicationId": fmt.Sprintf("App/%02d", i),
			"associatedContexts": i,
		}))
	}
	d.seedTeams()
	return d
}

// putMember stores member under its "_id", keeping its position when it replaces one. Its "teams", if
// any, become its team memberships (see joinTeams) rather than a stored field.
func (d *dataset) putMember(member map[string]any) {
	id := stringField(member, "_id")
	if _, exists := d.members[id]; !exists {
		d.memberIDs = append(d.memberIDs, id)
	}
	d.joinTeams(id, member["teams"])
	delete(member, "teams")
	d.members[id] = member
	infos, _ := member["customRolesInfo"].([]any)
	for _, info := range infos {
		if role, ok := info.(map[string]any); ok && stringField(role, "_id") != "" && stringField(role, "key") != "" {
			d.knowRole(stringField(role, "_id"), stringField(role, "key"), stringField(role, "name"))
		}
	}
}

func (d *dataset) putUser(project, environment string, record []byte) {
	user, _ := mustDecodeObject(record)["user"].(map[string]any)
	key, ok := user["key"].(string)
	if !ok {
		panic("mockapi: a user record needs a string user.key")
	}
	d.users[recordID{project, environment, "", key}] = record
	d.environments[[2]string{project, environment}] = true
}

func (d *dataset) putContext(project, environment, kind, key string, record []byte) {
	var head struct {
		Context       struct{ Kind, Key string } `json:"context"`
		LastSeen      string                     `json:"lastSeen"`
		ApplicationID string                     `json:"applicationId"`
	}
	_ = json.Unmarshal(record, &head)
	kind, key = cmp.Or(kind, head.Context.Kind), cmp.Or(key, head.Context.Key)
	if kind == "" || key == "" {
		panic("mockapi: a context needs a kind and key, given or in the record's context")
	}
	d.environments[[2]string{project, environment}] = true
	id := recordID{project, environment, kind, key}
	d.contexts[id] = append(d.contexts[id], contextVersion{
		raw: append(json.RawMessage(nil), record...), lastSeen: head.LastSeen, applicationID: head.ApplicationID,
	})
}

// PutMember adds or replaces a member by its "_id". The map is deep-copied, so later changes by the
// caller do not leak into the mock. It panics if member has no string "_id" or is not JSON, since that
// is a bug in the calling test.
func (a *API) PutMember(member map[string]any) {
	stored := mustCopyJSON(member)
	if stringField(stored, "_id") == "" {
		panic("mockapi: PutMember needs a non-empty string \"_id\"")
	}
	a.update(func() { a.data.putMember(stored) })
}

// PutUser adds or replaces a full UserRecord object, keyed by record["user"]["key"], served as encoded
// here. It panics if that key is missing, since that is a bug in the calling test.
func (a *API) PutUser(projectKey, environmentKey string, record map[string]any) {
	data := mustJSON(record)
	a.update(func() { a.data.putUser(projectKey, environmentKey, data) })
}

// PutContext adds a version of a context: a ContextRecord object whose "context" has a string kind and
// key. It panics on a record without them, since that is a bug in the calling test.
func (a *API) PutContext(projectKey, environmentKey string, record map[string]any) {
	a.PutContextJSON(projectKey, environmentKey, "", "", mustJSON(record))
}

// PutContextJSON adds a version of a context from raw JSON, served exactly as given: it may hold values
// no Go map can (a number like 1e100000000). kind and key locate it; when empty they are read from the
// record's context.
func (a *API) PutContextJSON(projectKey, environmentKey, kind, key string, record []byte) {
	a.update(func() { a.data.putContext(projectKey, environmentKey, kind, key, record) })
}

// GeneratedTeamKey is the team every third generated member belongs to.
const GeneratedTeamKey = "generated"

// GeneratedMemberID is the ID of the i-th generated member (see AddGeneratedMembers): 24 hex digits,
// unlike any seeded ID.
func GeneratedMemberID(i int) string { return fmt.Sprintf("9e4e%020x", i) }

// GeneratedMemberEmail is the email of the i-th generated member.
func GeneratedMemberEmail(i int) string { return fmt.Sprintf("member.%05d@generated.acme.example", i) }

// AddGeneratedMembers adds n members after the existing ones, for paging tests and benchmarks; it is
// opt-in so that other tests' counts do not change. Every run gets the same account: member i has role
// reader, writer, reader, no_access, admin by i%5, the DevOps custom role when i%7 == 0, team
// GeneratedTeamKey when i%3 == 0, MFA enabled when i is even, and has never signed in when i%10 == 0
// (else it was last seen i minutes after 2026-05-28T21:46:40Z). Calling it again replaces the first n
// generated members in place, and with them any team memberships AddGeneratedTeams gave them.
func (a *API) AddGeneratedMembers(n int) {
	a.update(func() { a.data.generatedMembers = max(a.data.generatedMembers, n) })
	for i := range n {
		id := GeneratedMemberID(i)
		member := map[string]any{
			"_links": map[string]any{"self": link("/api/v2/members/" + id)}, "_id": id,
			"firstName": "Generated", "lastName": fmt.Sprintf("Member %05d", i), "email": GeneratedMemberEmail(i),
			"role":           []string{"reader", "writer", "reader", "no_access", "admin"}[i%5],
			"_pendingInvite": false, "_verified": true, "customRoles": []string{},
			"mfa":       map[bool]string{true: "enabled", false: "disabled"}[i%2 == 0],
			"_lastSeen": int64(1780004800000) + int64(i)*60_000, "creationDate": int64(1700000000000) + int64(i)*1000,
		}
		if i%10 == 0 {
			member["_lastSeen"] = 0
		}
		if i%7 == 0 {
			member["customRoles"] = []string{DevOpsRoleID}
		}
		if i%3 == 0 {
			member["teams"] = []map[string]any{{"key": GeneratedTeamKey, "name": "Generated Team",
				"customRoleKeys": []string{}, "_links": map[string]any{"self": link("/api/v2/teams/" + GeneratedTeamKey)}}}
		}
		a.PutMember(member)
	}
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("mockapi: value is not JSON: %v", err))
	}
	return data
}

// mustCopyJSON deep-copies v through JSON, keeping numbers as json.Number so that epoch milliseconds
// round-trip exactly.
func mustCopyJSON(v any) map[string]any { return mustDecodeObject(mustJSON(v)) }

func mustDecodeObject(data []byte) map[string]any {
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		panic(fmt.Sprintf("mockapi: not a JSON object: %v", err))
	}
	return out
}

func stringField(m map[string]any, field string) string {
	s, _ := m[field].(string)
	return s
}

// int64Field reads an integer field, stored as a json.Number (decoded) or a Go integer (built in code).
func int64Field(m map[string]any, field string) (int64, bool) {
	switch v := m[field].(type) {
	case json.Number:
		n, err := v.Int64()
		return n, err == nil
	case int64:
		return v, true
	case int:
		return int64(v), true
	}
	return 0, false
}

// decodeJSON decodes data into v, keeping numbers as json.Number.
func decodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}
