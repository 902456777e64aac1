package launchdarkly

import (
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
	// Members are the matching members, each once, in the API's order (sorted by it as asked).
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
// is kept once. The other terms are the API's to apply, as documented. Emails and IDs too long for one
// URL are matched here alone (filterValue).
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
	value, err := c.filterValue(filter, emails, ids)
	if err != nil {
		return nil, err
	}
	if err := c.listMemberPages(ctx, value, filter.Sort, exactMatch(emails, ids), result); err != nil {
		return nil, err
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

// listMemberPages reads every page of one filter value into result, keeping each member keep accepts once.
func (c *Client) listMemberPages(ctx context.Context, filter, sort string, keep func(Member) bool,
	result *MemberList) error {
	listing := offsetListing{apiVersion: APIVersion, limit: membersPageLimit, noun: "members",
		pageURL: func(offset int) string { return c.membersURL(filter, sort, offset) }}
	listed := map[string]bool{} // a page of nothing new means the server ignores offset
	offset := 0
	warning, err := paginateOffset(ctx, c, listing, func(items []Member) error {
		fresh := 0
		for _, m := range items {
			if m.ID == nil || *m.ID == "" {
				return fmt.Errorf("GET /api/v2/members (offset %d) listed a member without an _id; "+
					"stopped rather than store a member that cannot be told apart", offset)
			}
			id := lowerASCII(*m.ID)
			if listed[id] {
				continue
			}
			listed[id] = true
			fresh++
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

// filterValue is the filter of f's one listing: every term, or, when the emails and IDs would take the
// URL past maxListURLBytes, every term but those two. Then the server lists more than was asked for, and
// exactMatch keeps the members asked for, in the server's order: one listing of the account costs
// ⌈members/1000⌉ requests, fewer than filtering that many addresses a URL at a time would.
func (c *Client) filterValue(f MemberFilter, emails, ids []string) (string, error) {
	fixed := f.fixedTerms()
	all := slices.Clone(fixed)
	if emails != nil {
		all = append(all, "email:"+strings.Join(emails, "|"))
	}
	if ids != nil {
		all = append(all, "id:"+strings.Join(ids, "|"))
	}
	for _, terms := range [][]string{all, fixed} {
		filter := strings.Join(terms, ",")
		// The longest URL of the listing: at the largest offset the pager can reach.
		if len(c.membersURL(filter, f.Sort, maxPages*membersPageLimit)) <= maxListURLBytes {
			return filter, nil
		}
	}
	return "", fmt.Errorf("members filter: its terms other than the emails and IDs do not fit in a %d-byte "+
		"request URL; narrow the query or the roles", maxListURLBytes)
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

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
