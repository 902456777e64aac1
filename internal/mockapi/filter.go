package mockapi

import (
	"slices"
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

// filterTerms builds the predicate for one field from its value. loose only
// affects email, see SetLooseEmailFilter.
var filterTerms = map[string]func(value string, loose bool) func(map[string]any) bool{
	"email": emailTerm,
	"query": queryTerm,
	"role":  roleTerm,
}

// parseMemberFilter parses "field:value,field:value". Unknown fields and
// malformed terms are rejected rather than ignored, because silently
// ignoring a term would make a client's typo look like a match-all.
func parseMemberFilter(raw string, looseEmail bool) (memberFilter, *apiError) {
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
		filter = append(filter, build(value, looseEmail))
	}
	return filter, nil
}

// emailTerm matches any of the "|"-separated addresses, ignoring case.
// Loose mode matches substrings to mimic an API that returns near misses.
func emailTerm(value string, loose bool) func(map[string]any) bool {
	values := strings.Split(strings.ToLower(value), "|")
	return func(member map[string]any) bool {
		email := strings.ToLower(stringField(member, "email"))
		for _, v := range values {
			if email == v || (loose && strings.Contains(email, v)) {
				return true
			}
		}
		return false
	}
}

// queryTerm is a case-insensitive substring search over email and names.
func queryTerm(value string, _ bool) func(map[string]any) bool {
	needle := strings.ToLower(value)
	return func(member map[string]any) bool {
		for _, field := range []string{"email", "firstName", "lastName"} {
			if strings.Contains(strings.ToLower(stringField(member, field)), needle) {
				return true
			}
		}
		return false
	}
}

// roleTerm matches any of the "|"-separated roles against the base role or
// any custom role; "admin" also matches "owner", as the API documents.
func roleTerm(value string, _ bool) func(map[string]any) bool {
	values := strings.Split(value, "|")
	return func(member map[string]any) bool {
		roles := append(stringsField(member, "customRoles"), stringField(member, "role"))
		for _, v := range values {
			if slices.Contains(roles, v) || (v == "admin" && slices.Contains(roles, "owner")) {
				return true
			}
		}
		return false
	}
}
