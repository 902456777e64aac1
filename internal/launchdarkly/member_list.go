package launchdarkly

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// membersPageLimit is the largest page GET /api/v2/members serves at API version 20240415.
const membersPageLimit = 1000

// maxListURLBytes bounds the URL of every list request. Servers and proxies commonly refuse request lines
// over 8 KiB; half of that leaves room for whatever a proxy adds.
const maxListURLBytes = 4000

// Member sort orders GET /api/v2/members accepts; "-" descends.
const (
	SortDisplayName     = "displayName"
	SortDisplayNameDesc = "-displayName"
	SortLastSeen        = "lastSeen"
	SortLastSeenDesc    = "-lastSeen"
)

// MemberSorts lists every sort order ListMembers accepts.
var MemberSorts = []string{SortDisplayName, SortDisplayNameDesc, SortLastSeen, SortLastSeenDesc}

// MemberFilter narrows ListMembers. Its terms combine with AND; a zero field does not filter. A nil Emails,
// IDs or Roles does not filter either, while an empty non-nil one matches no member (and costs no request),
// so that a computed empty list never turns into "every member".
type MemberFilter struct {
	// Query matches email and name, without regard to case.
	Query string
	// Emails keeps members with any of these addresses, compared as SameEmail does.
	Emails []string
	// IDs keeps members with any of these IDs, compared without regard to case.
	IDs []string
	// Roles keeps members with any of these base or custom roles; "admin" also matches the owner.
	Roles []string
	// TeamKey keeps the members of this team (the key's case does not matter).
	TeamKey string
	// NoTeam keeps the members who are in no team.
	NoTeam bool
	// LastSeenNever keeps the members who have never signed in.
	LastSeenNever bool
	// LastSeenBefore, when set, keeps the members last seen before this time, in Unix milliseconds.
	LastSeenBefore *int64
	// Sort is one of MemberSorts, or "" for the API's own order.
	Sort string
}

// MemberList is what ListMembers found.
type MemberList struct {
	// Members are the matching members, each once, in the API's order (or sorted as asked).
	Members []Member
	// MissingEmails and MissingIDs are the filter's emails and IDs that no listed member has, in the
	// filter's order. Terms combine with AND, so an address is also missing when its member fails another term.
	MissingEmails []string
	MissingIDs    []string
	// Warnings are what the caller must tell the user although the listing succeeded: a server whose
	// totalCount disagrees with what it served (see paginateOffset).
	Warnings []string
}

// ListMembers reads every member that matches filter, all pages, with expand=customRoles,roleAttributes.
// A role that is neither a base role nor a custom role key is an *UnknownRolesError, and a team filter that
// lists nobody because no team has the key an *UnknownTeamError (member_filter_checks.go).
//
// The server's answer is checked rather than trusted: with Emails or IDs set, a member whose email or ID is
// not one of them exactly (ignoring the case of ASCII letters) is dropped, whatever the filter matched, and a member listed twice
// is kept once. The other terms are the API's to apply, as documented. Long Emails and IDs are split over
// several requests so that no URL exceeds maxListURLBytes; when that happens and Sort is set, the merged
// list is sorted here by the same key.
func (c *Client) ListMembers(ctx context.Context, filter MemberFilter) (*MemberList, error) {
	return c.listMembers(ctx, filter, true)
}

// listMembers is ListMembers, checking the filter's roles and team only when checkFilter is set: not for
// the teams' own listings, whose team is known to exist.
func (c *Client) listMembers(ctx context.Context, filter MemberFilter, checkFilter bool) (*MemberList, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	if err := filter.validate(); err != nil {
		return nil, err
	}
	emails := uniqueFold(filter.Emails)
	ids := uniqueFold(filter.IDs)
	result := &MemberList{}
	if isEmptyNotNil(filter.Emails) || isEmptyNotNil(filter.IDs) || isEmptyNotNil(filter.Roles) {
		result.MissingEmails, result.MissingIDs = emails, ids
		return result, nil
	}
	if checkFilter {
		if err := c.checkRoles(ctx, uniqueFold(filter.Roles)); err != nil {
			return nil, err
		}
	}
	filters, err := c.splitMemberFilter(filter, emails, ids)
	if err != nil {
		return nil, err
	}
	keep := exactMatch(emails, ids)
	seen := map[string]bool{}
	for _, f := range filters {
		if err := c.listMemberPages(ctx, f, filter.Sort, keep, seen, result); err != nil {
			return nil, err
		}
	}
	if len(filters) > 1 && filter.Sort != "" {
		sortMembers(result.Members, filter.Sort)
	}
	if checkFilter && filter.TeamKey != "" && len(result.Members) == 0 {
		if err := c.checkTeamFound(ctx, filter.TeamKey); err != nil {
			return nil, err
		}
	}
	result.MissingEmails = missing(emails, result.Members, func(m Member) *string { return m.Email })
	result.MissingIDs = missing(ids, result.Members, func(m Member) *string { return m.ID })
	return result, nil
}

// listMemberPages reads every page of one filter value into result, keeping the members keep accepts and
// that no earlier request of the listing returned (seen).
func (c *Client) listMemberPages(ctx context.Context, filter, sort string, keep func(Member) bool,
	seen map[string]bool, result *MemberList) error {
	listing := offsetListing{apiVersion: APIVersion, limit: membersPageLimit, noun: "members",
		pageURL: func(offset int) string { return c.membersURL(filter, sort, offset) }}
	listed := map[string]bool{} // by this filter value: a page of nothing new means the server ignores offset
	offset := 0
	warning, err := paginateOffset(ctx, c, listing, func(items []Member) error {
		fresh := 0
		for _, m := range items {
			if m.ID == nil || *m.ID == "" {
				return fmt.Errorf("GET /api/v2/members (offset %d) listed a member without an _id; "+
					"stopped rather than store a member that cannot be told apart", offset)
			}
			id := lowerASCII(*m.ID)
			if !listed[id] {
				listed[id] = true
				fresh++
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			if keep(m) {
				result.Members = append(result.Members, m)
			}
		}
		if fresh == 0 && offset > 0 && len(items) > 0 {
			return fmt.Errorf("GET /api/v2/members answered offset %d with members it had already listed; "+
				"stopped rather than loop (does the server ignore offset?)", offset)
		}
		offset += len(items)
		return nil
	})
	if warning != "" {
		result.Warnings = append(result.Warnings, warning)
	}
	return err
}

// membersURL is the URL of one page of the members list.
func (c *Client) membersURL(filter, sort string, offset int) string {
	query := url.Values{
		"expand": {memberExpand},
		"limit":  {strconv.Itoa(membersPageLimit)},
		"offset": {strconv.Itoa(offset)},
	}
	if filter != "" {
		query.Set("filter", filter)
	}
	if sort != "" {
		query.Set("sort", sort)
	}
	return c.endpoint(query, "api", "v2", "members")
}

// validate refuses what would change the meaning of the filter: "," separates its terms and "|" the values
// of one term, so neither may appear inside a value; an empty value would be a term without one.
func (f MemberFilter) validate() error {
	check := func(field, value string) error {
		switch {
		case value == "":
			return fmt.Errorf("members filter: %s holds an empty value", field)
		case strings.ContainsAny(value, ",|"):
			return fmt.Errorf("members filter: %s value %q contains \",\" or \"|\", which would change the filter", field, value)
		}
		return nil
	}
	var errs []error
	for _, v := range f.Emails {
		errs = append(errs, check("email", v))
	}
	for _, v := range f.IDs {
		errs = append(errs, check("id", v))
	}
	for _, v := range f.Roles {
		errs = append(errs, check("role", v))
	}
	if f.Query != "" {
		errs = append(errs, check("query", f.Query))
	}
	if f.TeamKey != "" {
		errs = append(errs, check("team", f.TeamKey))
	}
	if f.Sort != "" && !slices.Contains(MemberSorts, f.Sort) {
		errs = append(errs, fmt.Errorf("members filter: sort %q is not one of %s", f.Sort, strings.Join(MemberSorts, ", ")))
	}
	return errors.Join(errs...)
}

// fixedTerms are the filter terms every request of a listing carries: all but email and id.
func (f MemberFilter) fixedTerms() []string {
	var terms []string
	if f.Query != "" {
		terms = append(terms, "query:"+f.Query)
	}
	if f.Roles != nil {
		terms = append(terms, "role:"+strings.Join(uniqueFold(f.Roles), "|"))
	}
	if f.TeamKey != "" {
		terms = append(terms, "team:"+f.TeamKey)
	}
	if f.NoTeam {
		terms = append(terms, "noteam:true")
	}
	switch {
	case f.LastSeenNever:
		terms = append(terms, `lastSeen:{"never":true}`)
	case f.LastSeenBefore != nil:
		terms = append(terms, fmt.Sprintf(`lastSeen:{"before":%d}`, *f.LastSeenBefore))
	}
	return terms
}

// splitMemberFilter returns the filter values of a listing: one, unless emails and ids are too long for one
// URL, in which case each is cut into chunks and every email chunk is paired with every ID chunk (the terms
// combine with AND). The budget goes first to a list that fits in half of it whole.
func (c *Client) splitMemberFilter(f MemberFilter, emails, ids []string) ([]string, error) {
	fixed := f.fixedTerms()
	// The longest URL without the email and id terms: the largest offset the pager can reach.
	longest := len(c.membersURL(strings.Join(fixed, ","), f.Sort, maxPages*membersPageLimit))
	available := maxListURLBytes - longest
	emailBudget, idBudget := shareBudget(available, termCost("email:", emails), termCost("id:", ids))
	emailChunks, err := chunkTerm("email", emails, emailBudget)
	if err != nil {
		return nil, err
	}
	idChunks, err := chunkTerm("id", ids, idBudget)
	if err != nil {
		return nil, err
	}
	var filters []string
	for _, e := range emailChunks {
		for _, i := range idChunks {
			filters = append(filters, strings.Join(slices.Concat(fixed, e, i), ","))
		}
	}
	return filters, nil
}

// termCost is what the term "<prefix>a|b|…" adds to a URL, encoded, with the "," before it.
func termCost(prefix string, values []string) int {
	if values == nil {
		return 0
	}
	cost := len(url.QueryEscape(prefix))
	for _, v := range values {
		cost += valueCost(v)
	}
	return cost
}

// valueCost is one value's encoded length plus its encoded separator ("|" or ",").
func valueCost(v string) int { return len(url.QueryEscape(v)) + len("%7C") }

func shareBudget(available, emailCost, idCost int) (int, int) {
	switch {
	case emailCost+idCost <= available:
		return emailCost, idCost
	case idCost == 0:
		return available, 0
	case emailCost == 0:
		return 0, available
	case idCost <= available/2:
		return available - idCost, idCost
	case emailCost <= available/2:
		return emailCost, available - emailCost
	default:
		return available / 2, available - available/2
	}
}

// chunkTerm cuts values into "<field>:a|b|…" terms that each cost at most budget, returned as one-term
// slices; no values (a nil list) give a single empty slice, so that pairing chunks still works.
func chunkTerm(field string, values []string, budget int) ([][]string, error) {
	if values == nil {
		return [][]string{nil}, nil
	}
	prefix := field + ":"
	base := len(url.QueryEscape(prefix))
	var chunks [][]string
	var current []string
	cost := base
	for _, v := range values {
		if base+valueCost(v) > budget {
			return nil, fmt.Errorf("members filter: the %s value %q does not fit in a %d-byte request URL "+
				"next to the other terms", field, v, maxListURLBytes)
		}
		if cost+valueCost(v) > budget {
			chunks = append(chunks, []string{prefix + strings.Join(current, "|")})
			current, cost = nil, base
		}
		current = append(current, v)
		cost += valueCost(v)
	}
	return append(chunks, []string{prefix + strings.Join(current, "|")}), nil
}

// exactMatch accepts a member whose email is one of emails and whose ID is one of ids, ignoring the
// case of ASCII letters (SameEmail); an empty list accepts everything.
func exactMatch(emails, ids []string) func(Member) bool {
	in := func(values []string, v *string) bool {
		return len(values) == 0 ||
			(v != nil && slices.ContainsFunc(values, func(s string) bool { return equalFoldASCII(s, *v) }))
	}
	return func(m Member) bool { return in(emails, m.Email) && in(ids, m.ID) }
}

// missing lists the values that no member has in field, ignoring the case of ASCII letters.
func missing(values []string, members []Member, field func(Member) *string) []string {
	found := map[string]bool{}
	for _, m := range members {
		if v := field(m); v != nil {
			found[lowerASCII(*v)] = true
		}
	}
	var out []string
	for _, v := range values {
		if !found[lowerASCII(v)] {
			out = append(out, v)
		}
	}
	return out
}

// uniqueFold drops values equal, ignoring the case of ASCII letters, to an earlier one; nil stays nil.
func uniqueFold(values []string) []string {
	if values == nil {
		return nil
	}
	seen := map[string]bool{}
	out := []string{}
	for _, v := range values {
		if key := lowerASCII(v); !seen[key] {
			seen[key] = true
			out = append(out, v)
		}
	}
	return out
}

func isEmptyNotNil(values []string) bool { return values != nil && len(values) == 0 }

// sortMembers orders members as the API documents its sort: displayName is the first and last name,
// falling back to the email, compared without regard to case; lastSeen puts never-seen members first
// (as the oldest). The sort is stable, so ties keep the API's order.
func sortMembers(members []Member, order string) {
	descending := strings.HasPrefix(order, "-")
	var compare func(a, b Member) int
	switch strings.TrimPrefix(order, "-") {
	case SortDisplayName:
		compare = func(a, b Member) int { return cmp.Compare(displayName(a), displayName(b)) }
	case SortLastSeen:
		compare = func(a, b Member) int { return cmp.Compare(deref(a.LastSeen), deref(b.LastSeen)) }
	default:
		return
	}
	slices.SortStableFunc(members, func(a, b Member) int {
		if descending {
			return compare(b, a)
		}
		return compare(a, b)
	})
}

func displayName(m Member) string {
	name := strings.TrimSpace(deref(m.FirstName) + " " + deref(m.LastName))
	if name == "" {
		name = deref(m.Email)
	}
	return strings.ToLower(name)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
