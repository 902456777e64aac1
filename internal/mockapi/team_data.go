package mockapi

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Teams, custom roles, projects and context kinds: seed/roles.json, seed/teams.json and
// seed/context-kinds.json, plus the roles and teams easier to write as code.
//
// Team membership has one record, memberTeams: a member's teams[] and a team's members are both read from
// it, so the two can never disagree, whichever of PutMember, PutTeam or SetTeamMembers changed it.

// Seeded teams. FullMemberID belongs to PlatformTeamKey and QATeamKey and to no other team; no other
// seeded member belongs to any team.
const (
	// PlatformTeamKey ("Platform Team") grants the DevOps role and has every Team field set.
	PlatformTeamKey = "platform"
	// QATeamKey ("QA Team") has no description and is maintained by FullMemberID.
	QATeamKey = "qa-team"
	// EmptyTeamKey has no members, custom roles or maintainers.
	EmptyTeamKey = "empty-team"
	// SCIMTeamKey is synced from Okta (_idpSynced) and has no maintainers.
	SCIMTeamKey = "okta-engineering"
	// ManyRolesTeamKey grants ManyRolesTeamRoleCount custom roles: more than an expanded first page (25).
	ManyRolesTeamKey = "release-managers"
	// ManyMaintainersTeamKey has ManyMaintainersCount maintainers: more than an expanded first page (20).
	ManyMaintainersTeamKey = "incident-response"
	// UnicodeTeamKey is named UnicodeTeamName.
	UnicodeTeamKey  = "team-3"
	UnicodeTeamName = "Équipe 3 – Zürich"
	// MixedCaseTeamKey has upper-case letters: the members filter finds it in any case, GET /teams/{key}
	// only as written.
	MixedCaseTeamKey = "Mobile-Squad"
)

// Sizes of the seeded teams.
const (
	ManyRolesTeamRoleCount = 31
	ManyMaintainersCount   = 23
	// FillerTeamCount teams, FillerTeamKey(1) to FillerTeamKey(100), take the list past one page of 100.
	FillerTeamCount = 100
	// SeedTeamCount is every seeded team: the nine above and the filler teams.
	SeedTeamCount = 9 + FillerTeamCount
)

// FillerTeamKey is the key of the i-th filler team, 1-based: "team-001". Filler team i is named
// "Team 001", has a description when i is odd, role attributes when i%10 == 0, the DevOps role when
// i%4 == 0, one maintainer (a seeded member) when i%3 == 0, is IdP-synced when i%20 == 0, and has no
// members.
func FillerTeamKey(i int) string { return fmt.Sprintf("team-%03d", i) }

// Seeded custom roles: DevOpsRoleID ("devops"), BackendDevsRoleID ("backend-devs"),
// AccessToTestProjectsRoleID, and ScopedRoleCount scoped roles.
const (
	AccessToTestProjectsRoleID = "6511d0c3a8e4f20013b7c003"
	ScopedRoleCount            = 30
	SeedCustomRoleCount        = 3 + ScopedRoleCount
)

// ScopedRoleKey is the key of the i-th scoped custom role, 1-based: "scoped-role-01", named "Scoped role 01".
func ScopedRoleKey(i int) string { return fmt.Sprintf("scoped-role-%02d", i) }

// ScopedRoleID is the _id of the i-th scoped custom role.
func ScopedRoleID(i int) string { return fmt.Sprintf("6511d0c3a8e4f20013b7c1%02x", i) }

// Seeded projects and context kinds.
const (
	// ContextKindsProject holds SeedContextKindCount context kinds: "user", "organization", "device",
	// NeverSeenContextKind and ArchivedContextKind.
	ContextKindsProject  = UserProject
	SeedContextKindCount = 5
	// NeverSeenContextKind has never been evaluated: it has no lastSeen.
	NeverSeenContextKind = "service"
	// ArchivedContextKind is archived and hidden in targeting.
	ArchivedContextKind = "legacy-account"
	// EmptyProject is a project without context kinds.
	EmptyProject = "mobile-app"
)

// teamData is the part of the data set about teams.
type teamData struct {
	teamKeys []string // creation order, the list's order
	teams    map[string]*team
	// memberTeams is the one record of membership: each member's team keys, in the order it joined them.
	memberTeams map[string][]string
	roles       map[string]map[string]any // custom roles by key, as GET /roles/{key} serves them, without _links
	projects    map[string]map[string]any // by key: _id, key, name
	// contextKinds are each project's kinds, in creation order.
	contextKinds map[string][]map[string]any
}

func newTeamData() teamData {
	return teamData{teams: map[string]*team{}, memberTeams: map[string][]string{}, roles: map[string]map[string]any{},
		projects: map[string]map[string]any{}, contextKinds: map[string][]map[string]any{}}
}

// team is a stored team. It is replaced whole, never changed in place, so a response being encoded
// after the lock is released never sees a change.
type team struct {
	// fields are what the API serves as they are: key, name, description, _creationDate, _lastModified,
	// _version, _idpSynced, _access, and roleAttributes (only with expand=roleAttributes).
	fields      map[string]any
	roles       []teamRole
	maintainers []string // member IDs
	projects    []string // project keys
}

// teamRole is a custom role a team grants, and when it was granted.
type teamRole struct {
	key       string
	appliedOn int64
}

func (t *team) key() string { return stringField(t.fields, "key") }

func (t *team) roleKeys() []string {
	keys := make([]string, 0, len(t.roles))
	for _, r := range t.roles {
		keys = append(keys, r.key)
	}
	return keys
}

// TeamSpec is a team for PutTeam: its own fields, and its relations by key and ID.
type TeamSpec struct {
	// Fields are the team's fields as the API serves them; "key" is required. Everything but _links,
	// members, roles, maintainers and projects is served as given (roleAttributes only with
	// expand=roleAttributes); those five are built from the key and the relations below.
	Fields map[string]any
	// RoleKeys are the custom roles the team grants, in order; each must be a custom role of the mock.
	RoleKeys []string
	// MaintainerIDs are members of the account, in order; a maintainer need not be a member of the team.
	MaintainerIDs []string
	// ProjectKeys are the projects the team can write to (expand=projects), in order.
	ProjectKeys []string
	// MemberIDs, when not nil, replace the team's members; nil keeps them.
	MemberIDs []string
}

// PutTeam adds a team after the existing ones, or replaces the one with the same key in place. The spec
// is deep-copied. It panics on a missing key or an unknown role, member or project, since that is a bug
// in the calling test.
func (a *API) PutTeam(spec TeamSpec) {
	spec.Fields = mustCopyJSON(spec.Fields)
	spec.RoleKeys, spec.MaintainerIDs = slices.Clone(spec.RoleKeys), slices.Clone(spec.MaintainerIDs)
	spec.ProjectKeys, spec.MemberIDs = slices.Clone(spec.ProjectKeys), slices.Clone(spec.MemberIDs)
	a.update(func() { a.data.putTeam(spec) })
}

// SetTeamMembers makes memberIDs the members of the team, in place of its current ones. It panics on an
// unknown team or member.
func (a *API) SetTeamMembers(teamKey string, memberIDs ...string) {
	a.update(func() { a.data.setTeamMembers(teamKey, memberIDs) })
}

// TeamMemberIDs returns the IDs of the team's members in the members list's order; nil for an unknown
// team. Tests compare a client's answer with it.
func (a *API) TeamMemberIDs(teamKey string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.data.teams[teamKey]; !ok {
		return nil
	}
	return a.data.teamMembers(teamKey)
}

// TeamKeys returns every team key in the teams list's order.
func (a *API) TeamKeys() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.data.teamKeys)
}

// PutCustomRole adds or replaces a custom role by its "key"; GET /api/v2/roles/{key} serves it as given,
// plus _links, and finds it by its "_id" too. It panics without a string key and _id.
func (a *API) PutCustomRole(role map[string]any) {
	stored := mustCopyJSON(role)
	a.update(func() { a.data.putCustomRole(stored) })
}

// PutContextKind adds a context kind to a project, or replaces the one with the same "key" in place; an
// unknown project is created (named after its key). It panics without a string key.
func (a *API) PutContextKind(projectKey string, kind map[string]any) {
	stored := mustCopyJSON(kind)
	a.update(func() {
		if _, ok := a.data.projects[projectKey]; !ok {
			a.data.putProject(map[string]any{"_id": fmt.Sprintf("7e57%020x", len(a.data.projects)),
				"key": projectKey, "name": projectKey})
		}
		a.data.putContextKind(projectKey, stored)
	})
}

// SpreadTeamKey is the key of the j-th team of AddGeneratedTeams, 0-based: "spread-000".
func SpreadTeamKey(j int) string { return fmt.Sprintf("spread-%03d", j) }

// AddGeneratedTeams adds n teams after the existing ones and spreads the generated members (see
// AddGeneratedMembers) over them, for benchmarks and paging tests of a large account: generated member i
// joins SpreadTeamKey(i%n) and, when i%4 == 0, also SpreadTeamKey((7i+1)%n), keeping the teams it
// had. Team j ("Spread team 000") grants ScopedRoleKey(j%30+1) and, when j is even, devops; generated
// member j, if any, maintains it. Call it after AddGeneratedMembers; calling it again resets the same
// teams in place.
func (a *API) AddGeneratedTeams(n int) {
	a.update(func() {
		d := &a.data
		members := make([][]string, n)
		for i := range d.generatedMembers {
			id := GeneratedMemberID(i)
			members[i%n] = append(members[i%n], id)
			if other := (7*i + 1) % n; i%4 == 0 && other != i%n {
				members[other] = append(members[other], id)
			}
		}
		for j := range n {
			roles := []string{ScopedRoleKey(j%ScopedRoleCount + 1)}
			if j%2 == 0 {
				roles = append(roles, "devops")
			}
			var maintainers []string
			if j < d.generatedMembers {
				maintainers = []string{GeneratedMemberID(j)}
			}
			created := int64(1700000000000) + int64(j)*86_400_000
			d.putTeam(TeamSpec{Fields: map[string]any{"key": SpreadTeamKey(j), "name": fmt.Sprintf("Spread team %03d", j),
				"_creationDate": created, "_lastModified": created + 1000, "_version": 1, "_idpSynced": false},
				RoleKeys: roles, MaintainerIDs: maintainers, MemberIDs: members[j]})
		}
	})
}

// seedTeams loads the custom roles, teams, projects and context kinds of the seed, after the members.
func (d *dataset) seedTeams() {
	var roles []map[string]any
	var teams []struct {
		Team        map[string]any `json:"team"`
		Roles       []string       `json:"roles"`
		Maintainers []string       `json:"maintainers"`
		Members     []string       `json:"members"`
		Projects    []string       `json:"projects"`
	}
	var projects []struct {
		Project      map[string]any   `json:"project"`
		ContextKinds []map[string]any `json:"contextKinds"`
	}
	for name, v := range map[string]any{"roles": &roles, "teams": &teams, "context-kinds": &projects} {
		readSeed(name, v)
	}
	for _, role := range roles {
		d.putCustomRole(mustCopyJSON(role))
	}
	for i := 1; i <= ScopedRoleCount; i++ {
		d.putCustomRole(map[string]any{"_id": ScopedRoleID(i), "key": ScopedRoleKey(i), "name": fmt.Sprintf("Scoped role %02d", i),
			"policy": []any{map[string]any{"effect": "allow", "resources": []any{fmt.Sprintf("proj/scoped-%02d:env/*:flag/*", i)},
				"actions": []any{"*"}}}})
	}
	for _, p := range projects {
		d.putProject(mustCopyJSON(p.Project))
		for _, kind := range p.ContextKinds {
			d.putContextKind(stringField(p.Project, "key"), mustCopyJSON(kind))
		}
	}
	for _, t := range teams {
		d.putTeam(TeamSpec{Fields: mustCopyJSON(t.Team), RoleKeys: t.Roles, MaintainerIDs: t.Maintainers,
			ProjectKeys: t.Projects, MemberIDs: t.Members})
	}
	for i := 1; i <= FillerTeamCount; i++ {
		created := int64(1690000000000) + int64(i)*3_600_000
		fields := map[string]any{"key": FillerTeamKey(i), "name": fmt.Sprintf("Team %03d", i), "_creationDate": created,
			"_lastModified": created + int64(i), "_version": 1 + i%3, "_idpSynced": i%20 == 0}
		if i%2 == 1 {
			fields["description"] = fmt.Sprintf("Filler team number %d", i)
		}
		if i%10 == 0 {
			fields["roleAttributes"] = map[string]any{"projectKeys": []any{UserProject}}
		}
		spec := TeamSpec{Fields: mustCopyJSON(fields)}
		if i%4 == 0 {
			spec.RoleKeys = []string{"devops"}
		}
		if i%3 == 0 {
			spec.MaintainerIDs = []string{d.memberIDs[i%SeedMemberCount]}
		}
		d.putTeam(spec)
	}
}

// readSeed decodes seed/<name>.json into v, panicking on bad data: the files ship with the binary and a
// test covers them.
func readSeed(name string, v any) {
	data, err := seedFiles.ReadFile("seed/" + name + ".json")
	if err == nil {
		err = decodeJSON(data, v)
	}
	if err != nil {
		panic("mockapi: seed/" + name + ".json: " + err.Error())
	}
}

func (d *dataset) putTeam(spec TeamSpec) {
	key := stringField(spec.Fields, "key")
	if key == "" {
		panic("mockapi: a team needs a non-empty string \"key\"")
	}
	t := &team{fields: spec.Fields, maintainers: spec.MaintainerIDs, projects: spec.ProjectKeys}
	created, _ := int64Field(spec.Fields, "_creationDate")
	for i, roleKey := range spec.RoleKeys {
		if _, ok := d.roles[roleKey]; !ok {
			panic(fmt.Sprintf("mockapi: team %q: unknown custom role %q; add it with PutCustomRole first", key, roleKey))
		}
		t.roles = append(t.roles, teamRole{key: roleKey, appliedOn: created + int64(i+1)*60_000})
	}
	for _, id := range spec.MaintainerIDs {
		d.mustHaveMember("team "+key+" maintainer", id)
	}
	for _, p := range spec.ProjectKeys {
		if _, ok := d.projects[p]; !ok {
			panic(fmt.Sprintf("mockapi: team %q: unknown project %q", key, p))
		}
	}
	if _, exists := d.teams[key]; !exists {
		d.teamKeys = append(d.teamKeys, key)
	}
	d.teams[key] = t
	if spec.MemberIDs != nil {
		d.setTeamMembers(key, spec.MemberIDs)
	}
}

func (d *dataset) setTeamMembers(key string, memberIDs []string) {
	if _, ok := d.teams[key]; !ok {
		panic(fmt.Sprintf("mockapi: unknown team %q", key))
	}
	for _, id := range memberIDs {
		d.mustHaveMember("team "+key+" member", id)
	}
	for id, keys := range d.memberTeams {
		if slices.Contains(keys, key) {
			d.setMemberTeams(id, slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == key }))
		}
	}
	for _, id := range memberIDs {
		if keys := d.memberTeams[id]; !slices.Contains(keys, key) {
			d.setMemberTeams(id, append(slices.Clone(keys), key))
		}
	}
}

// setMemberTeams replaces a member's teams with a new slice, never changing the old one in place.
func (d *dataset) setMemberTeams(id string, keys []string) {
	if len(keys) == 0 {
		delete(d.memberTeams, id)
		return
	}
	d.memberTeams[id] = keys
}

func (d *dataset) mustHaveMember(what, id string) {
	if _, ok := d.members[id]; !ok {
		panic(fmt.Sprintf("mockapi: %s: unknown member %q", what, id))
	}
}

// joinTeams makes a member's teams those of a teams[] array given with the member (PutMember), keeping
// its old behaviour of accepting any team: a team the mock does not know is created from the entry's key,
// name and customRoleKeys (and unknown roles with it). An entry that contradicts a known team's name or
// role keys panics, since the team holds them and the test would not get what it wrote.
func (d *dataset) joinTeams(memberID string, teams any) {
	entries, _ := teams.([]any)
	var keys []string
	for _, e := range entries {
		entry, _ := e.(map[string]any)
		key := stringField(entry, "key")
		if key == "" {
			panic(fmt.Sprintf("mockapi: member %q: a teams[] entry needs a non-empty string \"key\"", memberID))
		}
		name, hasName := entry["name"].(string)
		_, hasRoles := entry["customRoleKeys"]
		roleKeys := stringsField(entry, "customRoleKeys")
		t, known := d.teams[key]
		switch {
		case !known:
			fields := map[string]any{"key": key}
			if hasName {
				fields["name"] = name
			}
			for _, roleKey := range roleKeys {
				d.knowRole("", roleKey, roleKey)
			}
			d.putTeam(TeamSpec{Fields: fields, RoleKeys: roleKeys})
		case hasName && name != stringField(t.fields, "name"),
			hasRoles && !slices.Equal(append([]string{}, roleKeys...), t.roleKeys()):
			panic(fmt.Sprintf("mockapi: member %q: its teams[] entry for %q disagrees with the team's name or "+
				"custom roles; change the team with PutTeam instead", memberID, key))
		}
		if !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
	}
	d.setMemberTeams(memberID, keys)
}

// memberTeamSummaries is a member's teams[] (MemberTeamSummaryRep), nil when it is in no team.
func (d *dataset) memberTeamSummaries(memberID string) []any {
	keys := d.memberTeams[memberID]
	if len(keys) == 0 {
		return nil
	}
	out := make([]any, 0, len(keys))
	for _, key := range keys {
		t := d.teams[key]
		summary := map[string]any{"key": key, "customRoleKeys": t.roleKeys(),
			"_links": map[string]any{"self": link(teamPath(key))}}
		if name, ok := t.fields["name"]; ok {
			summary["name"] = name
		}
		out = append(out, summary)
	}
	return out
}

// teamMembers are the IDs of a team's members, in the members list's order.
func (d *dataset) teamMembers(key string) []string {
	out := []string{}
	for _, id := range d.memberIDs {
		if slices.Contains(d.memberTeams[id], key) {
			out = append(out, id)
		}
	}
	return out
}

// memberCounts is the number of members of each team that has any.
func (d *dataset) memberCounts() map[string]int {
	counts := map[string]int{}
	for _, keys := range d.memberTeams {
		for _, key := range keys {
			counts[key]++
		}
	}
	return counts
}

func (d *dataset) putCustomRole(role map[string]any) {
	key, id := stringField(role, "key"), stringField(role, "_id")
	if key == "" || id == "" {
		panic("mockapi: a custom role needs a non-empty string \"key\" and \"_id\"")
	}
	d.roles[key] = role
	d.roleKeys[id] = key
}

// knowRole records a custom role seen elsewhere (a member's customRolesInfo, a team of PutMember) so that
// GET /roles/{key} and the role filter find it; a role already known is left as it is.
func (d *dataset) knowRole(id, key, name string) {
	if key == "" {
		return
	}
	if _, ok := d.roles[key]; !ok {
		if id == "" {
			id = fmt.Sprintf("7e57%020x", len(d.roles))
		}
		d.putCustomRole(map[string]any{"_id": id, "key": key, "name": name, "policy": []any{}})
	}
	if id != "" {
		d.roleKeys[id] = key
	}
}

func (d *dataset) putProject(project map[string]any) {
	key := stringField(project, "key")
	if key == "" {
		panic("mockapi: a project needs a non-empty string \"key\"")
	}
	d.projects[key] = project
	if _, ok := d.contextKinds[key]; !ok {
		d.contextKinds[key] = nil
	}
}

func (d *dataset) putContextKind(projectKey string, kind map[string]any) {
	key := stringField(kind, "key")
	if key == "" {
		panic("mockapi: a context kind needs a non-empty string \"key\"")
	}
	kinds := slices.Clone(d.contextKinds[projectKey])
	if i := slices.IndexFunc(kinds, func(k map[string]any) bool { return stringField(k, "key") == key }); i >= 0 {
		kinds[i] = kind
	} else {
		kinds = append(kinds, kind)
	}
	d.contextKinds[projectKey] = kinds
}

// teamPath is the API path of a team.
func teamPath(key string) string { return "/api/v2/teams/" + escapeKey(key) }

// escapeKey escapes a key as one path segment, dots included, as a correct client must.
func escapeKey(key string) string {
	if key != "" && strings.Trim(key, ".") == "" {
		return strings.Repeat("%2E", len(key))
	}
	return url.PathEscape(key)
}
