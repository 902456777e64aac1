package mockapi

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The two list endpoints: members, filtered, sorted and paged by limit and offset; and a context's
// versions, paged by a continuation token.

// defaultLimit is the members list's page size when limit is not given.
const defaultLimit = 20

// listMembers serves GET /api/v2/members.
func (a *API) listMembers(c call) (any, *apiError) {
	limit, ok := intParam(c.query, "limit", defaultLimit)
	if !ok || limit < 1 || limit > 1000 {
		return nil, invalidRequest("limit must be an integer between 1 and 1000")
	}
	offset, ok := intParam(c.query, "offset", 0)
	if !ok || offset < 0 {
		return nil, invalidRequest("offset must be a non-negative integer")
	}
	if a.pageSizeCap > 0 {
		limit = min(limit, a.pageSizeCap)
	}
	filter, apiErr := a.memberFilter(c.query.Get("filter"))
	if apiErr != nil {
		return nil, apiErr
	}
	var matches []map[string]any
	for _, id := range a.data.memberIDs {
		if member := a.data.members[id]; filter(member) {
			matches = append(matches, member)
		}
	}
	if apiErr := sortMembers(matches, c.query.Get("sort")); apiErr != nil {
		return nil, apiErr
	}
	expand := parseExpand(c.query)
	items := []map[string]any{}
	for _, member := range matches[min(offset, len(matches)):min(offset+limit, len(matches))] {
		items = append(items, a.data.presentMember(member, expand))
	}
	return map[string]any{"items": items, "totalCount": len(matches), "_links": pageLinks(c.r.URL, limit, offset, len(matches))}, nil
}

// pageLinks are the _links of an offset-paged list: next only when more items exist, first and prev only
// past the first page, self and last always.
func pageLinks(u *url.URL, limit, offset, total int) map[string]any {
	links := map[string]any{"self": link(selfHref(u))}
	page := func(offset int) map[string]string { return link(pageHref(u, limit, offset)) }
	if offset+limit < total {
		links["next"] = page(offset + limit)
	}
	if offset > 0 {
		links["first"], links["prev"] = page(0), page(max(0, offset-limit))
	}
	links["last"] = page(max(0, total-1) / limit * limit)
	return links
}

// expandOnly maps each member field the API returns only on request to the expand value that asks for it.
var expandOnly = map[string]string{"customRolesInfo": "customRoles", "roleAttributes": "roleAttributes"}

func parseExpand(query url.Values) map[string]bool {
	set := map[string]bool{}
	for _, value := range query["expand"] {
		for _, field := range strings.Split(value, ",") {
			set[strings.TrimSpace(field)] = true
		}
	}
	return set
}

// presentMember is a shallow copy of member without the fields whose expand value was not asked for, and
// with the teams it belongs to. Stored members are never changed in place, so the copy may share their
// nested values.
func (d *dataset) presentMember(member map[string]any, expand map[string]bool) map[string]any {
	out := make(map[string]any, len(member)+1)
	for field, value := range member {
		if need, gated := expandOnly[field]; !gated || expand[need] {
			out[field] = value
		}
	}
	if teams := d.memberTeamSummaries(stringField(member, "_id")); teams != nil {
		out["teams"] = teams
	}
	return out
}

type memberPredicate = func(member map[string]any) bool

// filterTerms builds the predicate of one term of the filter from its value, or refuses the value. Terms
// with several values separate them with "|" and match any.
var filterTerms = map[string]func(a *API, value string) (memberPredicate, *apiError){
	// email ignores case; SetLooseEmailFilter makes it match substrings, as a looser API would.
	"email": func(a *API, value string) (memberPredicate, *apiError) {
		values, loose := strings.Split(strings.ToLower(value), "|"), a.looseEmailFilter
		return func(m map[string]any) bool {
			email := strings.ToLower(stringField(m, "email"))
			return slices.ContainsFunc(values, func(v string) bool { return email == v || loose && strings.Contains(email, v) })
		}, nil
	},
	// query searches email and names, ignoring case.
	"query": func(_ *API, value string) (memberPredicate, *apiError) {
		needle := strings.ToLower(value)
		return func(m map[string]any) bool {
			return slices.ContainsFunc([]string{"email", "firstName", "lastName"}, func(field string) bool {
				return strings.Contains(strings.ToLower(stringField(m, field)), needle)
			})
		}, nil
	},
	// role matches the base role or a custom role, by key or ID; "admin" also matches "owner", as documented.
	"role": func(a *API, value string) (memberPredicate, *apiError) {
		values := strings.Split(value, "|")
		return func(m map[string]any) bool {
			roles := []string{stringField(m, "role")}
			for _, id := range stringsField(m, "customRoles") {
				roles = append(roles, id)
				if key, ok := a.data.roleKeys[id]; ok {
					roles = append(roles, key)
				}
			}
			return slices.ContainsFunc(values, func(v string) bool {
				return slices.Contains(roles, v) || v == "admin" && slices.Contains(roles, "owner")
			})
		}, nil
	},
	// id ignores case: IDs are hexadecimal.
	"id": func(_ *API, value string) (memberPredicate, *apiError) {
		values := strings.Split(strings.ToLower(value), "|")
		return func(m map[string]any) bool { return slices.Contains(values, strings.ToLower(stringField(m, "_id"))) }, nil
	},
	// team compares the team key without regard to case, as documented; a key no team has matches nobody.
	"team": func(a *API, value string) (memberPredicate, *apiError) {
		return func(m map[string]any) bool {
			return slices.ContainsFunc(a.data.memberTeams[stringField(m, "_id")], func(key string) bool {
				return strings.EqualFold(key, value)
			})
		}, nil
	},
	// noteam: "true" matches members in no team, "false" those in at least one.
	"noteam": func(a *API, value string) (memberPredicate, *apiError) {
		if value != "true" && value != "false" {
			return nil, invalidRequest("noteam must be true or false")
		}
		return func(m map[string]any) bool {
			return (len(a.data.memberTeams[stringField(m, "_id")]) == 0) == (value == "true")
		}, nil
	},
	"lastSeen": lastSeenTerm,
}

// memberFilter parses "field:value,field:value", the AND of its terms. Unknown fields and malformed terms
// are refused rather than ignored: ignoring one would make a client's typo look like a match-all.
func (a *API) memberFilter(raw string) (memberPredicate, *apiError) {
	var terms []memberPredicate
	for term := range strings.SplitSeq(raw, ",") {
		if raw == "" {
			break
		}
		field, value, ok := strings.Cut(term, ":")
		build, known := filterTerms[field]
		if !ok {
			return nil, invalidRequest("malformed filter term: " + term)
		} else if !known {
			return nil, invalidRequest("unsupported filter field: " + field)
		}
		predicate, apiErr := build(a, value)
		if apiErr != nil {
			return nil, apiErr
		}
		terms = append(terms, predicate)
	}
	return func(m map[string]any) bool {
		return !slices.ContainsFunc(terms, func(term memberPredicate) bool { return !term(m) })
	}, nil
}

// lastSeenTerm takes one of the documented JSON forms. The API leaves their edges undocumented; the mock
// decides: "never" is a _lastSeen of 0, "noData" a member without _lastSeen, and "before" a member seen
// at least once, before the time.
func lastSeenTerm(_ *API, value string) (memberPredicate, *apiError) {
	var form struct {
		Never  *bool        `json:"never"`
		NoData *bool        `json:"noData"`
		Before *json.Number `json:"before"`
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(value)))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	bad := invalidRequest(`lastSeen must be one of {"never":true}, {"noData":true} or {"before":<unix ms>}`)
	if dec.Decode(&form) != nil {
		return nil, bad
	}
	switch {
	case form.Never != nil && *form.Never && form.NoData == nil && form.Before == nil:
		return func(m map[string]any) bool { seen, ok := lastSeen(m); return ok && seen == 0 }, nil
	case form.NoData != nil && *form.NoData && form.Never == nil && form.Before == nil:
		return func(m map[string]any) bool { _, ok := m["_lastSeen"]; return !ok }, nil
	case form.Before != nil && form.Never == nil && form.NoData == nil:
		before, err := form.Before.Int64()
		if err != nil {
			return nil, bad
		}
		return func(m map[string]any) bool { seen, ok := lastSeen(m); return ok && seen > 0 && seen < before }, nil
	}
	return nil, bad
}

// memberSortKeys are the fields the members list sorts by.
var memberSortKeys = map[string]func(a, b map[string]any) int{
	// displayName is the first and last name, else the email, ignoring case.
	"displayName": func(a, b map[string]any) int { return cmp.Compare(displayName(a), displayName(b)) },
	// lastSeen puts never-seen and no-data members first, as the oldest.
	"lastSeen": func(a, b map[string]any) int {
		x, _ := lastSeen(a)
		y, _ := lastSeen(b)
		return cmp.Compare(x, y)
	},
}

// sortMembers orders members by the comma-separated sort fields, each descending with a "-" prefix; ties
// keep creation order. An unknown field is a 400: a typo must not look like the default order.
func sortMembers(members []map[string]any, raw string) *apiError {
	var compares []func(a, b map[string]any) int
	for field := range strings.SplitSeq(raw, ",") {
		if raw == "" {
			break
		}
		name := strings.TrimPrefix(field, "-")
		compare, ok := memberSortKeys[name]
		if !ok {
			return invalidRequest("unsupported sort field: " + name)
		}
		if name != field {
			compare = func(a, b map[string]any) int { return memberSortKeys[name](b, a) }
		}
		compares = append(compares, compare)
	}
	slices.SortStableFunc(members, func(a, b map[string]any) int {
		for _, compare := range compares {
			if c := compare(a, b); c != 0 {
				return c
			}
		}
		return 0
	})
	return nil
}

func displayName(m map[string]any) string {
	return strings.ToLower(cmp.Or(strings.TrimSpace(stringField(m, "firstName")+" "+stringField(m, "lastName")), stringField(m, "email")))
}

// lastSeen reads a member's _lastSeen, a stored json.Number; false when it has none.
func lastSeen(m map[string]any) (int64, bool) {
	n, ok := m["_lastSeen"].(json.Number)
	if !ok {
		return 0, false
	}
	v, err := n.Int64()
	return v, err == nil
}

func stringsField(m map[string]any, field string) []string {
	list, _ := m[field].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// ContextPaging is how the contexts list tells a client where the next page is. The API documents both a
// _links.next link and a continuationToken without saying which a client must follow, so the mock can
// serve each shape, and a broken server.
type ContextPaging int

const (
	// PagingLinksAndToken sends _links.next when another page exists, and a continuationToken (a reference
	// to the page's last item) on every page that has items, the last one included.
	PagingLinksAndToken ContextPaging = iota
	// PagingTokenOnly sends no _links at all, only the continuationToken on every page that has items.
	PagingTokenOnly
	// PagingLinksOnly sends only _links.next, in the form of the spec's example, with a stray host in its
	// path ("/app.launchdarkly.com/api/v2/…").
	PagingLinksOnly
	// PagingRepeat is a broken server: every page points to the second page again.
	PagingRepeat
)

// applicationFilter is the one filter the contexts route accepts: applicationId equals "<id>".
var applicationFilter = regexp.MustCompile(`^applicationId equals "([^"]*)"$`)

// getContexts serves every version of one context, sorted by last seen (ts) and filtered by application,
// limit (at most 50) versions a page.
func (a *API) getContexts(c call) (any, *apiError) {
	project, environment := c.params["project"], c.params["environment"]
	if !a.data.environments[[2]string{project, environment}] {
		return nil, &apiError{http.StatusNotFound, "not_found", "Unknown project or environment"}
	}
	limit, ok := intParam(c.query, "limit", 20)
	if !ok || limit < 1 || limit > 50 {
		return nil, invalidRequest("limit must be an integer between 1 and 50")
	}
	offset := 0
	if token := c.query.Get("continuationToken"); token != "" {
		// Continuation tokens are opaque to clients; here they are an offset in disguise.
		data, err := base64.RawURLEncoding.DecodeString(token)
		if _, scanErr := fmt.Sscanf(string(data), "offset:%d", &offset); err != nil || scanErr != nil || offset < 0 {
			return nil, invalidRequest("invalid continuationToken")
		}
	}
	versions := slices.Clone(a.data.contexts[recordID{project, environment, c.params["kind"], c.params["key"]}])
	byTime := func(x, y contextVersion) int { return cmp.Compare(x.lastSeen, y.lastSeen) }
	switch c.query.Get("sort") {
	case "":
	case "ts":
		slices.SortStableFunc(versions, byTime)
	case "-ts":
		slices.SortStableFunc(versions, func(x, y contextVersion) int { return byTime(y, x) })
	default:
		return nil, invalidRequest("sort must be ts or -ts")
	}
	if filter := c.query.Get("filter"); filter != "" {
		m := applicationFilter.FindStringSubmatch(filter)
		if m == nil {
			return nil, invalidRequest("this route accepts only an applicationId filter")
		}
		versions = slices.DeleteFunc(versions, func(v contextVersion) bool { return v.applicationID != m[1] })
	}

	end := min(offset+limit, len(versions))
	items := []json.RawMessage{}
	for _, v := range versions[min(offset, len(versions)):end] {
		items = append(items, v.raw)
	}
	body := map[string]any{"_environmentId": EnvironmentID, "items": items}
	if c.query.Get("includeTotalCount") != "false" {
		body["totalCount"] = len(versions)
	}
	more, next := end < len(versions), end
	if a.contextPaging == PagingRepeat {
		more, next = true, limit
	}
	token := base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "offset:%d", next))
	if len(items) > 0 && a.contextPaging != PagingLinksOnly {
		body["continuationToken"] = token
	}
	if a.contextPaging != PagingTokenOnly {
		links := map[string]any{"self": link(selfHref(c.r.URL))}
		if more {
			query := c.r.URL.Query()
			query.Set("continuationToken", token)
			href := c.r.URL.EscapedPath() + "?" + query.Encode()
			if a.contextPaging == PagingLinksOnly {
				href = "/app.launchdarkly.com" + href
			}
			links["next"] = link(href)
		}
		body["_links"] = links
	}
	return body, nil
}

// intParam reads an integer query parameter; out-of-range values are the caller's to refuse, never
// clamped, so that a client paging with bad numbers notices.
func intParam(query url.Values, name string, fallback int) (int, bool) {
	if !query.Has(name) {
		return fallback, true
	}
	n, err := strconv.Atoi(query.Get(name))
	return n, err == nil
}

func selfHref(u *url.URL) string {
	if u.RawQuery == "" {
		return u.EscapedPath()
	}
	return u.EscapedPath() + "?" + u.RawQuery
}

// pageHref keeps every other query parameter (filter, expand), so that following a link repeats the
// same search.
func pageHref(u *url.URL, limit, offset int) string {
	query := u.Query()
	query.Set("limit", strconv.Itoa(limit))
	query.Set("offset", strconv.Itoa(offset))
	return u.EscapedPath() + "?" + query.Encode()
}

func link(href string) map[string]string {
	return map[string]string{"href": href, "type": "application/json"}
}
