package mockapi

import (
	"cmp"
	"slices"
	"strings"
)

// memberSortKeys are the fields the members list sorts by.
var memberSortKeys = map[string]func(a, b map[string]any) int{
	// displayName is the first and last name, falling back to the email.
	"displayName": func(a, b map[string]any) int { return cmp.Compare(displayName(a), displayName(b)) },
	// lastSeen puts never-seen and no-data members first, as the oldest.
	"lastSeen": func(a, b map[string]any) int {
		x, _ := lastSeen(a)
		y, _ := lastSeen(b)
		return cmp.Compare(x, y)
	},
}

// sortMembers orders members by the comma-separated sort fields, each
// descending with a "-" prefix; ties keep creation order. An unknown field
// is a 400, as a typo must not look like the default order.
func sortMembers(members []map[string]any, raw string) *apiError {
	if raw == "" {
		return nil
	}
	var compares []func(a, b map[string]any) int
	for _, field := range strings.Split(raw, ",") {
		name := strings.TrimPrefix(field, "-")
		compare, ok := memberSortKeys[name]
		if !ok {
			return invalidRequest("unsupported sort field: " + name)
		}
		if strings.HasPrefix(field, "-") {
			ascending := compare
			compare = func(a, b map[string]any) int { return ascending(b, a) }
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

func displayName(member map[string]any) string {
	name := strings.TrimSpace(stringField(member, "firstName") + " " + stringField(member, "lastName"))
	if name == "" {
		name = stringField(member, "email")
	}
	return strings.ToLower(name)
}
