package mockapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// expandOnly maps each member field the API returns only on request to the
// expand value that asks for it.
var expandOnly = map[string]string{
	"customRolesInfo": "customRoles",
	"roleAttributes":  "roleAttributes",
}

// memberStore keeps members in creation order because the list endpoint
// must page deterministically.
type memberStore struct {
	order []string
	byID  map[string]map[string]any
	// roleKeys maps each custom role ID seen in a customRolesInfo to its
	// key, so that the role filter finds custom roles by key.
	roleKeys map[string]string

	// pageSizeCap, when positive, caps every list page (SetPageSizeCap).
	pageSizeCap int
	// answer, when set, is what every single-member read returns
	// (MisrouteMemberReads).
	answer map[string]any
}

func newMemberStore() memberStore {
	return memberStore{byID: map[string]map[string]any{}, roleKeys: map[string]string{}}
}

// put stores member under its "_id", keeping the original position when it
// replaces an existing member.
func (s *memberStore) put(member map[string]any) {
	id, _ := member["_id"].(string)
	if _, exists := s.byID[id]; !exists {
		s.order = append(s.order, id)
	}
	s.byID[id] = member
	infos, _ := member["customRolesInfo"].([]any)
	for _, info := range infos {
		if role, ok := info.(map[string]any); ok && stringField(role, "_id") != "" && stringField(role, "key") != "" {
			s.roleKeys[stringField(role, "_id")] = stringField(role, "key")
		}
	}
}

// SetPageSizeCap makes the members list serve at most n items per page,
// whatever limit asks for, as a server that caps its pages below the
// client's limit would; 0 removes the cap. Links and totalCount follow the
// page actually served.
func (a *API) SetPageSizeCap(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.members.pageSizeCap = n
}

// MisrouteMemberReads makes every GET /api/v2/members/{id} answer 200 with
// body, whatever member was asked for ({} or another member's record): a
// backend that answers a different question. nil restores normal answers.
func (a *API) MisrouteMemberReads(body map[string]any) {
	var stored map[string]any
	if body != nil {
		stored = mustCopyJSON(body)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.members.answer = stored
}

// PutMember adds or replaces a member by its "_id". The map is deep-copied,
// so later changes by the caller do not leak into the mock. It panics if
// member has no string "_id" or cannot be encoded as JSON, since that is a
// bug in the test that called it.
func (a *API) PutMember(member map[string]any) {
	stored := mustCopyJSON(member)
	if id, _ := stored["_id"].(string); id == "" {
		panic("mockapi: PutMember needs a non-empty string \"_id\"")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.members.put(stored)
}

// mustCopyJSON deep-copies v through JSON, keeping numbers as json.Number
// so epoch milliseconds round-trip exactly.
func mustCopyJSON(v any) map[string]any {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("mockapi: value is not JSON: %v", err))
	}
	return mustDecodeObject(data)
}

func mustDecodeObject(data []byte) map[string]any {
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		panic(fmt.Sprintf("mockapi: not a JSON object: %v", err))
	}
	return out
}

// getMember serves GET /api/v2/members/{id}, where "me" is the caller.
func (a *API) getMember(r *http.Request, c call) (any, *apiError) {
	if a.members.answer != nil {
		return a.members.answer, nil
	}
	id := c.params[0]
	if id == "me" {
		id = c.callerID
	}
	member, ok := a.members.byID[id]
	if !ok {
		return nil, errNotFound
	}
	return presentMember(member, parseExpand(r.URL.Query())), nil
}

// listMembers serves GET /api/v2/members with filter, sort, limit and offset.
func (a *API) listMembers(r *http.Request, _ call) (any, *apiError) {
	query := r.URL.Query()
	page, apiErr := parsePage(query)
	if apiErr != nil {
		return nil, apiErr
	}
	if a.members.pageSizeCap > 0 {
		page.limit = min(page.limit, a.members.pageSizeCap)
	}
	filter, apiErr := parseMemberFilter(query.Get("filter"),
		termContext{looseEmail: a.looseEmailFilter, roleKeys: a.members.roleKeys})
	if apiErr != nil {
		return nil, apiErr
	}
	matches := a.members.matching(filter)
	if apiErr := sortMembers(matches, query.Get("sort")); apiErr != nil {
		return nil, apiErr
	}
	expand := parseExpand(query)
	items := make([]map[string]any, 0, page.limit)
	for _, member := range page.slice(matches) {
		items = append(items, presentMember(member, expand))
	}
	return map[string]any{
		"items":      items,
		"totalCount": len(matches),
		"_links":     page.links(r.URL, len(matches)),
	}, nil
}

func (s *memberStore) matching(filter memberFilter) []map[string]any {
	var out []map[string]any
	for _, id := range s.order {
		if member := s.byID[id]; filter.matches(member) {
			out = append(out, member)
		}
	}
	return out
}

// parseExpand reads the comma-separated expand parameter into a set.
func parseExpand(query map[string][]string) map[string]bool {
	set := map[string]bool{}
	for _, value := range query["expand"] {
		for _, field := range strings.Split(value, ",") {
			set[strings.TrimSpace(field)] = true
		}
	}
	return set
}

// presentMember returns a shallow copy of member without the fields whose
// expand value was not requested. Stored members are never mutated in
// place, so sharing nested values with the copy is safe.
func presentMember(member map[string]any, expand map[string]bool) map[string]any {
	out := make(map[string]any, len(member))
	for field, value := range member {
		if need, gated := expandOnly[field]; gated && !expand[need] {
			continue
		}
		out[field] = value
	}
	return out
}

func stringField(m map[string]any, field string) string {
	s, _ := m[field].(string)
	return s
}

func stringsField(m map[string]any, field string) []string {
	list, _ := m[field].([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
