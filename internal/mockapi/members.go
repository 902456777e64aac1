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
}

func newMemberStore() memberStore {
	return memberStore{byID: map[string]map[string]any{}}
}

// put stores member under its "_id", keeping the original position when it
// replaces an existing member.
func (s *memberStore) put(member map[string]any) {
	id, _ := member["_id"].(string)
	if _, exists := s.byID[id]; !exists {
		s.order = append(s.order, id)
	}
	s.byID[id] = member
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

// listMembers serves GET /api/v2/members with filter, limit and offset.
func (a *API) listMembers(r *http.Request, _ call) (any, *apiError) {
	query := r.URL.Query()
	page, apiErr := parsePage(query)
	if apiErr != nil {
		return nil, apiErr
	}
	filter, apiErr := parseMemberFilter(query.Get("filter"), a.looseEmailFilter)
	if apiErr != nil {
		return nil, apiErr
	}
	matches := a.members.matching(filter)
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
