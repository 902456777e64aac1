package mockapi

import (
	"maps"
	"net/url"
	"strconv"
	"strings"
)

// The teams endpoints, a custom role by key and a project's context kinds, as the contract describes them
// for API version 20240415: the teams list pages at most 100 and expands neither roles nor projects; one
// team expands everything, roles and maintainers only as a first page.

// TeamsAPIVersion is the one API version the mock serves teams, custom roles and context kinds at.
const TeamsAPIVersion = "20240415"

var wrongTeamsVersion = invalidRequest("the mock serves teams, custom roles and context kinds at " +
	apiVersionHeader + " " + TeamsAPIVersion + " only")

// Page sizes of the teams endpoints.
const (
	teamsMaxLimit = 100 // the list's maximum in 20240415, and the mock's for /roles and /maintainers
	// An expanded roles or maintainers field holds this many, as the spec's examples' links show.
	expandedRolesLimit       = 25
	expandedMaintainersLimit = 20
)

// listTeams serves GET /api/v2/teams.
func (a *API) listTeams(c call) (any, *apiError) {
	limit, offset, apiErr := a.pageParams(c.query, teamsMaxLimit)
	if apiErr != nil {
		return nil, apiErr
	}
	if c.query.Has("sort") {
		// Documented on one page of the docs but not in the spec: a client must not rely on it.
		return nil, invalidRequest("the mock does not sort teams")
	}
	counts := a.data.memberCounts()
	filter, apiErr := teamFilter(c.query.Get("filter"), counts)
	if apiErr != nil {
		return nil, apiErr
	}
	var matches []*team
	for _, key := range a.data.teamKeys {
		if t := a.data.teams[key]; filter(t) {
			matches = append(matches, t)
		}
	}
	expand := parseExpand(c.query)
	items := []map[string]any{}
	for _, t := range matches[min(offset, len(matches)):min(offset+limit, len(matches))] {
		items = append(items, a.data.presentTeam(t, expand, counts, false))
	}
	return map[string]any{"items": items, "totalCount": len(matches), "_links": pageLinks(c.r.URL, limit, offset, len(matches))}, nil
}

// getTeam serves GET /api/v2/teams/{key}; the key is compared exactly.
func (a *API) getTeam(c call) (any, *apiError) {
	t, ok := a.data.teams[c.params["key"]]
	if !ok {
		return nil, errNotFound
	}
	return a.data.presentTeam(t, parseExpand(c.query), a.data.memberCounts(), true), nil
}

// getTeamRoles serves GET /api/v2/teams/{key}/roles.
func (a *API) getTeamRoles(c call) (any, *apiError) {
	t, ok := a.data.teams[c.params["key"]]
	if !ok {
		return nil, errNotFound
	}
	return a.relationPage(c, a.data.teamRoleItems(t))
}

// getTeamMaintainers serves GET /api/v2/teams/{key}/maintainers.
func (a *API) getTeamMaintainers(c call) (any, *apiError) {
	t, ok := a.data.teams[c.params["key"]]
	if !ok {
		return nil, errNotFound
	}
	return a.relationPage(c, a.data.memberSummaries(t.maintainers))
}

// getCustomRole serves GET /api/v2/roles/{key}, where the key may also be the role's _id.
func (a *API) getCustomRole(c call) (any, *apiError) {
	key := c.params["key"]
	role, ok := a.data.roles[key]
	if !ok {
		if key, ok = a.data.roleKeys[key]; ok {
			role, ok = a.data.roles[key]
		}
	}
	if !ok {
		return nil, errNotFound
	}
	out := maps.Clone(role)
	out["_links"] = map[string]any{"self": link("/api/v2/roles/" + escapeKey(key))}
	return out, nil
}

// getContextKinds serves GET /api/v2/projects/{project}/context-kinds: every kind, no paging.
func (a *API) getContextKinds(c call) (any, *apiError) {
	project := c.params["project"]
	if _, ok := a.data.projects[project]; !ok {
		return nil, errNotFound
	}
	items := []map[string]any{}
	items = append(items, a.data.contextKinds[project]...)
	return map[string]any{"items": items,
		"_links": map[string]any{"self": link("/api/v2/projects/" + escapeKey(project) + "/context-kinds")}}, nil
}

// pageParams reads limit (default 20, at most maxLimit) and offset, and applies SetPageSizeCap. A limit
// over the maximum is refused rather than capped, so that a client asking for more fails in tests.
func (a *API) pageParams(query url.Values, maxLimit int) (int, int, *apiError) {
	limit, ok := intParam(query, "limit", defaultLimit)
	if !ok || limit < 1 || limit > maxLimit {
		return 0, 0, invalidRequest("limit must be an integer between 1 and " + strconv.Itoa(maxLimit))
	}
	offset, ok := intParam(query, "offset", 0)
	if !ok || offset < 0 {
		return 0, 0, invalidRequest("offset must be a non-negative integer")
	}
	if a.pageSizeCap > 0 {
		limit = min(limit, a.pageSizeCap)
	}
	return limit, offset, nil
}

// relationPage serves one limit/offset page of a team's roles or maintainers.
func (a *API) relationPage(c call, all []any) (any, *apiError) {
	limit, offset, apiErr := a.pageParams(c.query, teamsMaxLimit)
	if apiErr != nil {
		return nil, apiErr
	}
	items := append([]any{}, all[min(offset, len(all)):min(offset+limit, len(all))]...)
	return map[string]any{"items": items, "totalCount": len(all), "_links": pageLinks(c.r.URL, limit, offset, len(all))}, nil
}

// teamFilter parses the list's filter: query (a case-insensitive substring of the key or the name) and
// nomembers (true: teams without members; false: teams with some). Unknown fields and malformed terms
// are refused, as in the members list.
func teamFilter(raw string, counts map[string]int) (func(*team) bool, *apiError) {
	var terms []func(*team) bool
	for term := range strings.SplitSeq(raw, ",") {
		if raw == "" {
			break
		}
		field, value, ok := strings.Cut(term, ":")
		switch {
		case !ok:
			return nil, invalidRequest("malformed filter term: " + term)
		case field == "query":
			needle := strings.ToLower(value)
			terms = append(terms, func(t *team) bool {
				return strings.Contains(strings.ToLower(t.key()), needle) ||
					strings.Contains(strings.ToLower(stringField(t.fields, "name")), needle)
			})
		case field == "nomembers":
			if value != "true" && value != "false" {
				return nil, invalidRequest("nomembers must be true or false")
			}
			terms = append(terms, func(t *team) bool { return (counts[t.key()] == 0) == (value == "true") })
		default:
			return nil, invalidRequest("unsupported filter field: " + field)
		}
	}
	return func(t *team) bool {
		for _, term := range terms {
			if !term(t) {
				return false
			}
		}
		return true
	}, nil
}

// presentTeam is a team as the list (single false) or GET /teams/{key} (single true) serves it. Fields
// gated by expand are left out unless asked for; the list expands neither roles nor projects, in
// 20240415.
func (d *dataset) presentTeam(t *team, expand map[string]bool, counts map[string]int, single bool) map[string]any {
	out := make(map[string]any, len(t.fields)+5)
	for field, value := range t.fields {
		if field != "roleAttributes" || expand["roleAttributes"] {
			out[field] = value
		}
	}
	path := teamPath(t.key())
	out["_links"] = map[string]any{"parent": link("/api/v2/teams"), "roles": link(path + "/roles"), "self": link(path)}
	if expand["members"] {
		out["members"] = map[string]any{"totalCount": counts[t.key()]}
	}
	if expand["maintainers"] {
		out["maintainers"] = firstPage(path+"/maintainers", d.memberSummaries(t.maintainers), expandedMaintainersLimit)
	}
	if single && expand["roles"] {
		out["roles"] = firstPage(path+"/roles", d.teamRoleItems(t), expandedRolesLimit)
	}
	if single && expand["projects"] {
		projects := []any{}
		for _, key := range t.projects {
			p := maps.Clone(d.projects[key])
			p["_links"] = map[string]any{"self": link("/api/v2/projects/" + escapeKey(key))}
			projects = append(projects, p)
		}
		out["projects"] = map[string]any{"items": projects, "totalCount": len(projects)}
	}
	return out
}

// firstPage is an expanded relation: its first limit items, its totalCount, and links to itself and,
// when more exist, to the next page of its own endpoint.
func firstPage(path string, all []any, limit int) map[string]any {
	links := map[string]any{"self": link(path + "?limit=" + strconv.Itoa(limit))}
	if len(all) > limit {
		links["next"] = link(path + "?limit=" + strconv.Itoa(limit) + "&offset=" + strconv.Itoa(limit))
	}
	return map[string]any{"items": append([]any{}, all[:min(limit, len(all))]...), "totalCount": len(all), "_links": links}
}

// teamRoleItems are a team's TeamCustomRole items.
func (d *dataset) teamRoleItems(t *team) []any {
	out := make([]any, 0, len(t.roles))
	for _, r := range t.roles {
		item := map[string]any{"key": r.key, "appliedOn": r.appliedOn}
		if name, ok := d.roles[r.key]["name"]; ok {
			item["name"] = name
		}
		out = append(out, item)
	}
	return out
}

// memberSummaries are the MemberSummary items of members: ID, links, email, role and names.
func (d *dataset) memberSummaries(ids []string) []any {
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		m := d.members[id]
		summary := map[string]any{"_id": id, "_links": map[string]any{"self": link("/api/v2/members/" + escapeKey(id))}}
		for _, field := range []string{"email", "role", "firstName", "lastName"} {
			if v, ok := m[field]; ok {
				summary[field] = v
			}
		}
		out = append(out, summary)
	}
	return out
}
