package mockapi

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// memberFilter is the AND of all terms in a members list "filter" value.
type memberFilter []func(member map[string]any) bool

func (f memberFilter) matches(member map[string]any) bool {
	for _, term := range f {
		if !term(member) {
			return false
		}
	}
	return true
}

// termContext is what a filter term may need beyond its value.
type termContext struct {
	// looseEmail, see SetLooseEmailFilter.
	looseEmail bool
	// roleKeys maps custom role IDs to their keys, so that "role" matches custom roles by key.
	roleKeys map[string]string
}

// filterTerms builds the predicate for one field from its value, or refuses
// the value.
var filterTerms = map[string]func(value string, tc termContext) (func(map[string]any) bool, *apiError){
	"email":    emailTerm,
	"query":    queryTerm,
	"role":     roleTerm,
	"id":       idTerm,
	"team":     teamTerm,
	"noteam":   noTeamTerm,
	"lastSeen": lastSeenTerm,
}

// parseMemberFilter parses "field:value,field:value". Unknown fields and
// malformed terms are rejected rather than ignored, because silently
// ignoring a term would make a client's typo look like a match-all.
func parseMemberFilter(raw string, tc termContext) (memberFilter, *apiError) {
	if raw == "" {
		return nil, nil
	}
	var filter memberFilter
	for _, term := range strings.Split(raw, ",") {
		field, value, ok := strings.Cut(term, ":")
		if !ok {
			return nil, invalidRequest("malformed filter term: " + term)
		}
		build, known := filterTerms[field]
		if !known {
			return nil, invalidRequest("unsupported filter field: " + field)
		}
		predicate, apiErr := build(value, tc)
		if apiErr != nil {
			return nil, apiErr
		}
		filter = append(filter, predicate)
	}
	return filter, nil
}

// emailTerm matches any of the "|"-separated addresses, ignoring case.
// Loose mode matches substrings to mimic an API that returns near misses.
func emailTerm(value string, tc termContext) (func(map[string]any) bool, *apiError) {
	values := strings.Split(strings.ToLower(value), "|")
	return func(member map[string]any) bool {
		email := strings.ToLower(stringField(member, "email"))
		for _, v := range values {
			if email == v || (tc.looseEmail && strings.Contains(email, v)) {
				return true
			}
		}
		return false
	}, nil
}

// queryTerm is a case-insensitive substring search over email and names.
func queryTerm(value string, _ termContext) (func(map[string]any) bool, *apiError) {
	needle := strings.ToLower(value)
	return func(member map[string]any) bool {
		for _, field := range []string{"email", "firstName", "lastName"} {
			if strings.Contains(strings.ToLower(stringField(member, field)), needle) {
				return true
			}
		}
		return false
	}, nil
}

// roleTerm matches any of the "|"-separated roles against the base role or
// any custom role, by key or ID; "admin" also matches "owner", as the API
// documents.
func roleTerm(value string, tc termContext) (func(map[string]any) bool, *apiError) {
	values := strings.Split(value, "|")
	return func(member map[string]any) bool {
		roles := []string{stringField(member, "role")}
		for _, id := range stringsField(member, "customRoles") {
			roles = append(roles, id)
			if key, ok := tc.roleKeys[id]; ok {
				roles = append(roles, key)
			}
		}
		for _, v := range values {
			if slices.Contains(roles, v) || (v == "admin" && slices.Contains(roles, "owner")) {
				return true
			}
		}
		return false
	}, nil
}

// idTerm matches any of the "|"-separated member IDs; IDs are hexadecimal,
// so case does not matter.
func idTerm(value string, _ termContext) (func(map[string]any) bool, *apiError) {
	values := strings.Split(strings.ToLower(value), "|")
	return func(member map[string]any) bool {
		return slices.Contains(values, strings.ToLower(stringField(member, "_id")))
	}, nil
}

// teamTerm matches the members of one team, its key compared without regard
// to case, as the API documents.
func teamTerm(value string, _ termContext) (func(map[string]any) bool, *apiError) {
	return func(member map[string]any) bool {
		return slices.ContainsFunc(teamKeys(member), func(key string) bool { return strings.EqualFold(key, value) })
	}, nil
}

// noTeamTerm: "true" matches members in no team, "false" those in at least
// one.
func noTeamTerm(value string, _ termContext) (func(map[string]any) bool, *apiError) {
	want, err := strconv.ParseBool(value)
	if err != nil || (value != "true" && value != "false") {
		return nil, invalidRequest("noteam must be true or false")
	}
	return func(member map[string]any) bool { return (len(teamKeys(member)) == 0) == want }, nil
}

// lastSeenTerm takes one of the documented JSON forms. The API leaves their
// edges undocumented; the mock decides: "never" is a _lastSeen of 0,
// "noData" a member without _lastSeen, and "before" a member seen at least
// once, before the time.
func lastSeenTerm(value string, _ termContext) (func(map[string]any) bool, *apiError) {
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
		return func(member map[string]any) bool {
			seen, ok := lastSeen(member)
			return ok && seen == 0
		}, nil
	case form.NoData != nil && *form.NoData && form.Never == nil && form.Before == nil:
		return func(member map[string]any) bool {
			_, ok := member["_lastSeen"]
			return !ok
		}, nil
	case form.Before != nil && form.Never == nil && form.NoData == nil:
		before, err := form.Before.Int64()
		if err != nil {
			return nil, bad
		}
		return func(member map[string]any) bool {
			seen, ok := lastSeen(member)
			return ok && seen > 0 && seen < before
		}, nil
	}
	return nil, bad
}

// teamKeys lists the keys of the member's teams.
func teamKeys(member map[string]any) []string {
	teams, _ := member["teams"].([]any)
	var keys []string
	for _, t := range teams {
		if team, ok := t.(map[string]any); ok {
			keys = append(keys, stringField(team, "key"))
		}
	}
	return keys
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
