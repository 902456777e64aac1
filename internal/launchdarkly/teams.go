package launchdarkly

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

// The teams list pages at most 100 at APIVersion (20240415), and no longer expands roles or projects.

// Page sizes of the teams endpoints.
const (
	// teamsPageLimit is the most GET /api/v2/teams serves in 20240415; the client never asks for more.
	teamsPageLimit = 100
	// teamRelationPageLimit is the page size of /teams/{key}/roles and /maintainers. Their maximum is not
	// documented; LaunchDarkly's own Terraform provider pages them at 100.
	teamRelationPageLimit = 100
	// An expanded roles or maintainers field is a first page of this size (the spec's examples' links).
	expandedRolesLimit       = 25
	expandedMaintainersLimit = 20
)

// teamReadConcurrency is how many per-team requests (custom roles, maintainers past a first page, a team's
// members) one listing has in flight at once. It pays: on the mock with 50 ms of latency per response,
// listing the seeded 109 teams took 6.4 s one request at a time, 1.7 s four at a time and 0.9 s eight at a
// time (the 240 teams of the large account: 16.6, 7.4 and 4.5 s). Four keeps one data source from
// crowding out the others Terraform reads at the same time; the client's rate-limit gate and
// MaxConcurrency still pace every request.
const teamReadConcurrency = 4

// Expand values: the list expands what it still can in 20240415; one team expands everything.
const (
	teamListExpand = "members,maintainers,roleAttributes"
	teamGetExpand  = "members,roles,roleAttributes,projects,maintainers"
)

// Team is a team as GET /api/v2/teams/{key} describes it, with its custom roles, maintainers and members
// read to the end. Every field the API may omit is a pointer, nil slice or nil map, so that "absent" stays
// distinguishable from a zero value; the three lists read to the end are never nil.
type Team struct {
	Key            *string             `json:"key"`
	Name           *string             `json:"name"`
	Description    *string             `json:"description"`
	CreationDate   *int64              `json:"_creationDate"`
	LastModified   *int64              `json:"_lastModified"`
	Version        *int64              `json:"_version"`
	IdpSynced      *bool               `json:"_idpSynced"`
	Links          map[string]Link     `json:"_links"`
	Access         *Access             `json:"_access"`
	RoleAttributes map[string][]string `json:"roleAttributes"`
	// Projects are the projects the team can write to: from GetTeam only, since the list no longer
	// expands them. The API does not page them.
	Projects *TeamProjects `json:"projects"`
	// MemberCount is the API's members.totalCount, a hint: Members is what was read.
	MemberCount *int64 `json:"-"`

	// CustomRoles are every custom role the team grants, past any first page, in the API's order.
	CustomRoles []TeamCustomRole `json:"-"`
	// Maintainers are every maintainer of the team, past any first page, in the API's order.
	Maintainers []MemberSummary `json:"-"`
	// Members are every member of the team, in the members list's order.
	Members []TeamMember `json:"-"`
	// Warnings say where the server's counts disagreed with what it served while the team's roles,
	// maintainers and members were read (see paginateOffset).
	Warnings []string `json:"-"`
}

// TeamList is what ListTeams found.
type TeamList struct {
	// Teams are the teams, in the API's order, each once.
	Teams []Team
	// Warnings say where the server's counts disagreed with what it served, the teams list's and each
	// team's (see paginateOffset).
	Warnings []string
}

// warnings collects the pager's warnings of reads running at once.
type warnings struct {
	mu   sync.Mutex
	list []string
}

func (w *warnings) add(warning ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, s := range warning {
		if s != "" {
			w.list = append(w.list, s)
		}
	}
}

// TeamCustomRole is a custom role a team grants.
type TeamCustomRole struct {
	Key       *string       `json:"key"`
	Name      *string       `json:"name"`
	AppliedOn *int64        `json:"appliedOn"`
	Projects  *TeamProjects `json:"projects"`
}

// MemberSummary is a member as a team's maintainers list shows it.
type MemberSummary struct {
	ID        *string         `json:"_id"`
	Links     map[string]Link `json:"_links"`
	Email     *string         `json:"email"`
	Role      *string         `json:"role"`
	FirstName *string         `json:"firstName"`
	LastName  *string         `json:"lastName"`
}

// TeamProjects is a collection of projects, as a team or one of its roles expands it.
type TeamProjects struct {
	Items      []ProjectSummary `json:"items"`
	TotalCount *int64           `json:"totalCount"`
}

// ProjectSummary names a project.
type ProjectSummary struct {
	ID    *string         `json:"_id"`
	Key   *string         `json:"key"`
	Name  *string         `json:"name"`
	Links map[string]Link `json:"_links"`
}

// TeamMember is a member of a team: its ID, and its email as the members list gives it.
type TeamMember struct {
	ID    string
	Email *string
}

// CustomRoleKeys are the keys of the team's custom roles, in order; never nil.
func (t Team) CustomRoleKeys() []string {
	out := make([]string, 0, len(t.CustomRoles))
	for _, r := range t.CustomRoles {
		out = append(out, deref(r.Key))
	}
	return out
}

// MaintainerIDs are the IDs of the team's maintainers, in order; never nil.
func (t Team) MaintainerIDs() []string {
	out := make([]string, 0, len(t.Maintainers))
	for _, m := range t.Maintainers {
		out = append(out, deref(m.ID))
	}
	return out
}

// MemberIDs are the IDs of the team's members, in order; never nil.
func (t Team) MemberIDs() []string {
	out := make([]string, 0, len(t.Members))
	for _, m := range t.Members {
		out = append(out, m.ID)
	}
	return out
}

// teamJSON is a team as the API sends it: the expanded members, roles and maintainers are a count and two
// first pages, which the client completes into Team's fields.
type teamJSON struct {
	Team
	ExpandedMembers *struct {
		TotalCount *int64 `json:"totalCount"`
	} `json:"members"`
	ExpandedRoles       *offsetPage[TeamCustomRole] `json:"roles"`
	ExpandedMaintainers *offsetPage[MemberSummary]  `json:"maintainers"`
}

func (t *teamJSON) team() Team {
	out := t.Team
	if t.ExpandedMembers != nil {
		out.MemberCount = t.ExpandedMembers.TotalCount
	}
	return out
}

// ListTeams reads every team whose key or name contains query, ignoring case ("" lists them all), each one
// complete: every custom role (one GET /teams/{key}/roles per team, since the list no longer expands
// roles), every maintainer (the list's expanded first page, or /maintainers when that page may not be all),
// the role attributes, and the members. Teams come in the API's order, each once.
//
// Members are filled by one listing of every member of the account (1,000 a page), grouped by each
// member's teams[].key, rather than by one filtered listing per team. Measured with
// BenchmarkListTeamsMembers on the mock (the whole ListTeams; the requests are exact, the times the range
// of three runs on a 2-core machine shared with other builds, so rough):
//
//	account                            one listing, grouped               a listing per team
//	                                   requests  0 ms        50 ms        requests  0 ms          50 ms
//	seed: 25 members, 109 teams        113       0.03-0.15 s 1.7-1.8 s    221       0.04-0.26 s   3.1-3.5 s
//	large: 10,025 members, 240 teams   255       1.6-2.6 s   6.0-7.4 s    487       9-16 s        17-20 s
//	large, a query leaving one team    13        1.6-1.7 s                3         0.015-0.02 s
//
// Both read the teams (100 a page) and each team's custom roles (one request per team: the list no
// longer expands roles); the grouped listing then costs ⌈members/1000⌉ requests whatever the number of
// teams, the other at least one per team. So the grouped listing is used, with one exception: when the
// query leaves a single team, that team's filtered listing, which can never cost more than listing the
// whole account. Each team's member count from the list (expand=members) checks the grouping: a team whose
// count disagrees with the members grouped under it gets its own filtered listing, which the API documents
// as the way to list a team's members. No team means no members request at all.
func (c *Client) ListTeams(ctx context.Context, query string) (*TeamList, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	return c.listTeams(ctx, query, membersAuto)
}

// memberStrategy is how listTeams fills the members of the teams it listed.
type memberStrategy int

const (
	membersAuto    memberStrategy = iota // grouped, or per team for a single team
	membersGrouped                       // one listing of every member, grouped by teams[].key
	membersPerTeam                       // one filtered listing per team
)

func (c *Client) listTeams(ctx context.Context, query string, strategy memberStrategy) (*TeamList, error) {
	if strings.Contains(query, ",") {
		return nil, fmt.Errorf("teams query %q contains \",\", which would change the filter: the API has no escape for it", query)
	}
	var warned warnings
	teams, warning, err := c.listTeamPages(ctx, query)
	if err != nil {
		return nil, err
	}
	warned.add(warning)
	err = forEachTeam(ctx, len(teams), func(ctx context.Context, i int) error {
		key := deref(teams[i].Key)
		roles, rolesWarning, err := readTeamRelation(ctx, c, key, "roles", nil, 0, func(r TeamCustomRole) *string { return r.Key })
		if err != nil {
			return err
		}
		maintainers, maintainersWarning, err := readTeamRelation(ctx, c, key, "maintainers", teams[i].ExpandedMaintainers,
			expandedMaintainersLimit, func(m MemberSummary) *string { return m.ID })
		if err != nil {
			return err
		}
		warned.add(rolesWarning, maintainersWarning)
		teams[i].CustomRoles, teams[i].Maintainers = roles, maintainers
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]Team, len(teams))
	for i := range teams {
		out[i] = teams[i].team()
	}
	if strategy == membersAuto {
		strategy = membersGrouped
		if len(out) == 1 {
			strategy = membersPerTeam
		}
	}
	if strategy == membersGrouped {
		err = c.fillMembersGrouped(ctx, out, &warned)
	} else {
		err = c.fillMembersPerTeam(ctx, out, allTeams(len(out)), &warned)
	}
	if err != nil {
		return nil, err
	}
	return &TeamList{Teams: out, Warnings: warned.list}, nil
}

// listTeamPages reads every page of the teams list, 100 a page, each team once.
func (c *Client) listTeamPages(ctx context.Context, query string) ([]teamJSON, string, error) {
	listing := offsetListing{apiVersion: APIVersion, limit: teamsPageLimit, noun: "teams", pageURL: func(offset int) string {
		q := url.Values{"limit": {strconv.Itoa(teamsPageLimit)}, "offset": {strconv.Itoa(offset)}, "expand": {teamListExpand}}
		if query != "" {
			q.Set("filter", "query:"+query)
		}
		return c.endpoint(q, "api", "v2", "teams")
	}}
	var teams []teamJSON
	warning, err := readUnique(ctx, c, listing, func(t teamJSON) *string { return t.Key }, "a key",
		func(t teamJSON) { teams = append(teams, t) })
	return teams, warning, err
}

// readTeamRelation reads all of a team's custom roles or maintainers. An expanded first page is enough
// when it is short of its size and its totalCount agrees; otherwise the relation is read from
// /teams/{key}/{relation} from its start, 100 a page. Starting over rather than after the expanded page
// costs the same number of requests but for n%100 in 1..20 (n > 100), and needs no promise that the
// expanded page and the endpoint list in the same order.
func readTeamRelation[T any](ctx context.Context, c *Client, teamKey, relation string, expanded *offsetPage[T],
	expandedLimit int, id func(T) *string) ([]T, string, error) {
	out := []T{}
	if expanded != nil && len(expanded.Items) < expandedLimit && expanded.TotalCount != nil &&
		len(expanded.Items) >= *expanded.TotalCount && !slicesHaveMissingID(expanded.Items, id) {
		return append(out, expanded.Items...), "", nil
	}
	listing := offsetListing{apiVersion: APIVersion, limit: teamRelationPageLimit, noun: relation,
		pageURL: func(offset int) string {
			q := url.Values{"limit": {strconv.Itoa(teamRelationPageLimit)}, "offset": {strconv.Itoa(offset)}}
			return c.endpoint(q, "api", "v2", "teams", teamKey, relation)
		}}
	warning, err := readUnique(ctx, c, listing, id, "an identifier", func(item T) { out = append(out, item) })
	if err != nil {
		return nil, "", fmt.Errorf("reading the %s of team %q: %w", relation, teamKey, namedNotFound(err, "team", teamKey))
	}
	return out, warning, nil
}

func slicesHaveMissingID[T any](items []T, id func(T) *string) bool {
	for _, item := range items {
		if v := id(item); v == nil || *v == "" {
			return true
		}
	}
	return false
}

// readUnique reads every page of an offset-paged list through paginateOffset and hands on each item the
// first time its identifier appears. An item without one is an error (it could be neither told apart nor
// reported), and so is a page past the first that holds only items already read: a server that ignores
// offset would otherwise be read until the page bound.
func readUnique[T any](ctx context.Context, c *Client, listing offsetListing, id func(T) *string, idName string,
	keep func(T)) (string, error) {
	path := pathOf(listing.pageURL(0))
	seen := map[string]bool{}
	offset := 0
	return paginateOffset(ctx, c, listing, func(items []T) error {
		fresh := 0
		for _, item := range items {
			v := id(item)
			if v == nil || *v == "" {
				return fmt.Errorf("GET %s (offset %d) listed an item without %s; stopped rather than store "+
					"something that cannot be told apart", path, offset, idName)
			}
			if !seen[*v] {
				seen[*v] = true
				fresh++
				keep(item)
			}
		}
		if fresh == 0 && offset > 0 && len(items) > 0 {
			return fmt.Errorf("GET %s answered offset %d with items it had already listed; stopped rather "+
				"than loop (does the server ignore offset?)", path, offset)
		}
		offset += len(items)
		return nil
	})
}

// fillMembersGrouped lists every member of the account once and gives each team the members whose teams[]
// hold its key. A team whose count from the list disagrees is read on its own with the team filter.
func (c *Client) fillMembersGrouped(ctx context.Context, teams []Team, warned *warnings) error {
	if len(teams) == 0 {
		return nil
	}
	all, err := c.ListMembers(ctx, MemberFilter{})
	if err != nil {
		return fmt.Errorf("listing every member to find the members of each team: %w", err)
	}
	warned.add(all.Warnings...)
	byTeam := map[string][]TeamMember{}
	for _, m := range all.Members {
		joined := map[string]bool{}
		for _, t := range m.Teams {
			if key := deref(t.Key); key != "" && !joined[key] {
				joined[key] = true
				byTeam[key] = append(byTeam[key], TeamMember{ID: *m.ID, Email: m.Email})
			}
		}
	}
	var recheck []int
	for i := range teams {
		members := byTeam[deref(teams[i].Key)]
		if teams[i].MemberCount == nil || *teams[i].MemberCount != int64(len(members)) {
			recheck = append(recheck, i)
			continue
		}
		teams[i].Members = append([]TeamMember{}, members...)
	}
	return c.fillMembersPerTeam(ctx, teams, recheck, warned)
}

// fillMembersPerTeam reads the members of teams[i], for each i of which, with one filtered listing each.
func (c *Client) fillMembersPerTeam(ctx context.Context, teams []Team, which []int, warned *warnings) error {
	return forEachTeam(ctx, len(which), func(ctx context.Context, n int) error {
		t := &teams[which[n]]
		members, warning, err := c.teamMembers(ctx, deref(t.Key))
		t.Members = members
		warned.add(warning...)
		return err
	})
}

// teamMembers lists the members of one team with the members list's team filter. The filter ignores case,
// so a member is kept only when its teams[] holds the key exactly, or when it lists no teams at all (then
// the filter's word is all there is).
func (c *Client) teamMembers(ctx context.Context, key string) ([]TeamMember, []string, error) {
	list, err := c.listMembers(ctx, MemberFilter{TeamKey: key}, false)
	if err != nil {
		return nil, nil, fmt.Errorf("listing the members of team %q: %w", key, err)
	}
	out := []TeamMember{}
	for _, m := range list.Members {
		if m.Teams == nil || hasTeam(m.Teams, key) {
			out = append(out, TeamMember{ID: *m.ID, Email: m.Email})
		}
	}
	return out, list.Warnings, nil
}

func hasTeam(teams []MemberTeam, key string) bool {
	for _, t := range teams {
		if deref(t.Key) == key {
			return true
		}
	}
	return false
}

// GetTeam reads one team by its exact key, with every custom role, maintainer and member (IDs and emails,
// from the members list filtered by the team). An unknown key is a *NotFoundError, and no other request
// follows the 404.
func (c *Client) GetTeam(ctx context.Context, key string) (*Team, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	if err := checkTeamKey(key); err != nil {
		return nil, err
	}
	var t teamJSON
	err := c.get(ctx, APIVersion, c.endpoint(url.Values{"expand": {teamGetExpand}}, "api", "v2", "teams", key), &t)
	if err != nil {
		return nil, namedNotFound(err, "team", key)
	}
	if got := deref(t.Key); got != key {
		return nil, &MismatchError{Asked: fmt.Sprintf("team %q", key), Got: describeKey("team", t.Key)}
	}
	out := t.team()
	var warned warnings
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		var warning string
		out.CustomRoles, warning, err = readTeamRelation(gctx, c, key, "roles", t.ExpandedRoles, expandedRolesLimit,
			func(r TeamCustomRole) *string { return r.Key })
		warned.add(warning)
		return err
	})
	g.Go(func() (err error) {
		var warning string
		out.Maintainers, warning, err = readTeamRelation(gctx, c, key, "maintainers", t.ExpandedMaintainers,
			expandedMaintainersLimit, func(m MemberSummary) *string { return m.ID })
		warned.add(warning)
		return err
	})
	g.Go(func() (err error) {
		var found []string
		out.Members, found, err = c.teamMembers(gctx, key)
		warned.add(found...)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out.Warnings = warned.list
	return &out, nil
}

// TeamExists reports whether a team's key equals key without regard to ASCII case, the way the members
// list's team filter compares it: the answer that tells "no such team" from "a team with no members" after
// a filtered listing came back empty. It reads GET /teams?filter=query:<key>, every page until a match,
// because GET /teams/{key} compares exactly and would miss a key the filter accepts in another case.
func (c *Client) TeamExists(ctx context.Context, key string) (bool, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	if err := checkTeamKey(key); err != nil {
		return false, err
	}
	pageURL := func(offset int) string {
		q := url.Values{"limit": {strconv.Itoa(teamsPageLimit)}, "offset": {strconv.Itoa(offset)}, "filter": {"query:" + key}}
		return c.endpoint(q, "api", "v2", "teams")
	}
	type keyOnly struct {
		Key *string `json:"key"`
	}
	listing := offsetListing{apiVersion: APIVersion, limit: teamsPageLimit, noun: "teams", pageURL: pageURL}
	// The count is not checked here: the listing stops at the first match, before its end.
	_, err := paginateOffset(ctx, c, listing, func(items []keyOnly) error {
		for _, t := range items {
			if t.Key != nil && equalFoldASCII(*t.Key, key) {
				return errTeamFound
			}
		}
		return nil
	})
	if errors.Is(err, errTeamFound) {
		return true, nil
	}
	return false, err
}

// errTeamFound stops TeamExists's listing at the first match.
var errTeamFound = errors.New("team found")

// checkTeamKey refuses, before any request, a key that cannot be asked for: an empty one, or one holding
// "," or "|", which separate the terms and values of a filter and have no escape.
func checkTeamKey(key string) error {
	switch {
	case key == "":
		return errors.New("the team key is empty")
	case strings.ContainsAny(key, ",|"):
		return fmt.Errorf("team key %q contains \",\" or \"|\", which no team key holds and no filter can express", key)
	}
	return nil
}

// describeKey says what a 200 held instead of the object asked for.
func describeKey(kind string, key *string) string {
	if key == nil || *key == "" {
		return "a " + kind + " without a key"
	}
	return fmt.Sprintf("%s %q", kind, *key)
}

// forEachTeam runs f for 0..n-1, teamReadConcurrency at a time; the first error cancels the rest and is
// returned.
func forEachTeam(ctx context.Context, n int, f func(ctx context.Context, i int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(teamReadConcurrency)
	for i := range n {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			return f(gctx, i)
		})
	}
	return g.Wait()
}

func allTeams(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
