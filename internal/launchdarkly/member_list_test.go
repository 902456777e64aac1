package launchdarkly

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeMembers is a members list server: it applies the email and id terms of the filter exactly (ignoring
// case), honours limit and offset, and records every request URL.
type fakeMembers struct {
	members []map[string]any
	// pageCap, when positive, serves at most this many items per page whatever limit asks for.
	pageCap int
	// noTotal leaves totalCount out of every page.
	noTotal bool
	// total, when set, is the totalCount of a page, given the number of matches and the page's length.
	total func(matches, page int) int
	// ignoreFilter serves every member whatever the filter says.
	ignoreFilter bool

	mu   sync.Mutex
	urls []string
}

func newFakeMembers(t *testing.T, n int, configure func(*fakeMembers)) (*Client, *fakeMembers) {
	t.Helper()
	f := &fakeMembers{}
	for i := range n {
		f.members = append(f.members, map[string]any{"_id": fakeID(i), "email": fakeEmail(i), "role": "reader"})
	}
	if configure != nil {
		configure(f)
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	client, err := New(Config{BaseURL: srv.URL, Token: testToken, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return client, f
}

func fakeID(i int) string    { return fmt.Sprintf("%024x", i) }
func fakeEmail(i int) string { return fmt.Sprintf("member.%05d+tag@acme.example", i) }

func (f *fakeMembers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.urls = append(f.urls, "http://"+r.Host+r.URL.RequestURI())
	f.mu.Unlock()
	query := r.URL.Query()
	limit, _ := strconv.Atoi(query.Get("limit"))
	offset, _ := strconv.Atoi(query.Get("offset"))
	if f.pageCap > 0 {
		limit = min(limit, f.pageCap)
	}
	var matches []map[string]any
	for _, m := range f.members {
		if f.ignoreFilter || matchesTerms(m, query.Get("filter")) {
			matches = append(matches, m)
		}
	}
	page := matches[min(offset, len(matches)):min(offset+limit, len(matches))]
	body := map[string]any{"items": page}
	switch {
	case f.total != nil:
		body["totalCount"] = f.total(len(matches), len(page))
	case !f.noTotal:
		body["totalCount"] = len(matches)
	}
	_ = json.NewEncoder(w).Encode(body)
}

func matchesTerms(m map[string]any, filter string) bool {
	for _, term := range strings.Split(filter, ",") {
		field, value, _ := strings.Cut(term, ":")
		if field != "email" && field != "id" {
			continue
		}
		key := map[string]string{"email": "email", "id": "_id"}[field]
		got, _ := m[key].(string)
		if !slices.ContainsFunc(strings.Split(value, "|"), func(v string) bool { return strings.EqualFold(v, got) }) {
			return false
		}
	}
	return true
}

func (f *fakeMembers) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.urls)
}

func memberIDs(members []Member) []string {
	out := make([]string, len(members))
	for i, m := range members {
		out[i] = deref(m.ID)
	}
	return out
}

func TestListMembersReadsEveryPageInThreeRequests(t *testing.T) {
	client, fake := newFakeMembers(t, 2500, nil)
	list, err := client.ListMembers(t.Context(), MemberFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Members) != 2500 || deref(list.Members[2499].ID) != fakeID(2499) {
		t.Fatalf("listed %d members", len(list.Members))
	}
	urls := fake.requests()
	if len(urls) != 3 {
		t.Fatalf("%d requests, want 3", len(urls))
	}
	for i, raw := range urls {
		u, _ := url.Parse(raw)
		q := u.Query()
		if q.Get("limit") != "1000" || q.Get("offset") != strconv.Itoa(i*1000) || q.Get("expand") != "customRoles,roleAttributes" || q.Has("filter") {
			t.Errorf("request %d: %s", i, u.RawQuery)
		}
	}
}

// A listing ends on an empty page, or on a short page that totalCount agrees is the last: never on one
// signal alone, and a count that disagrees with what was read is a warning.
func TestOffsetPagerStopConditions(t *testing.T) {
	const fewer, more = "fewer than the", "more than the"
	cases := []struct {
		name      string
		n         int
		configure func(*fakeMembers)
		requests  int
		warning   string
	}{
		{"a short last page and totalCount agree", 2500, nil, 3, ""},
		{"full pages: the empty page ends it", 2000, nil, 3, ""},
		{"without totalCount, the empty page ends it", 2500, func(f *fakeMembers) { f.noTotal = true }, 4, ""},
		{"an empty list is one request", 0, nil, 1, ""},
		// A server that serves fewer items than asked: offsets follow what arrived, nothing is skipped.
		{"pages smaller than the limit", 25, func(f *fakeMembers) { f.pageCap = 10 }, 3, ""},
		{"pages smaller than the limit, without totalCount", 25, func(f *fakeMembers) { f.pageCap = 10; f.noTotal = true }, 4, ""},
		// The spec's own wording: "the number of members returned".
		{"totalCount is the page's count", 2500, func(f *fakeMembers) { f.total = func(_, page int) int { return page } }, 3, more},
		{"totalCount too low", 2500, func(f *fakeMembers) { f.total = func(int, int) int { return 1500 } }, 3, more},
		{"totalCount too high", 2500, func(f *fakeMembers) { f.total = func(int, int) int { return 3000 } }, 4, fewer},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			client, fake := newFakeMembers(t, tc.n, tc.configure)
			list, err := client.ListMembers(t.Context(), MemberFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(list.Members) != tc.n || len(fake.requests()) != tc.requests {
				t.Errorf("%d members in %d requests, want %d in %d", len(list.Members), len(fake.requests()), tc.n, tc.requests)
			}
			switch {
			case tc.warning == "" && len(list.Warnings) > 0:
				t.Errorf("warnings %q, want none", list.Warnings)
			case tc.warning != "" && (len(list.Warnings) != 1 || !strings.Contains(list.Warnings[0], tc.warning) ||
				!strings.Contains(list.Warnings[0], fmt.Sprintf("listed %d members", tc.n))):
				t.Errorf("warnings %q, want one that says %q", list.Warnings, tc.warning)
			}
		})
	}
}

func TestListMembersRefusesAServerThatIgnoresOffset(t *testing.T) {
	client, _ := newTestClient(t, 200, `{"items":[{"_id":"aaaaaaaaaaaaaaaaaaaaaaaa"}],"totalCount":5}`)
	_, err := client.ListMembers(t.Context(), MemberFilter{})
	if err == nil || !strings.Contains(err.Error(), "answered offset 1 with members it had already listed") {
		t.Fatalf("err = %v", err)
	}
}

func TestListMembersSendsEveryFilterTerm(t *testing.T) {
	before := int64(1767225600000)
	cases := []struct {
		filter     MemberFilter
		wantFilter string
		wantSort   string
	}{
		{MemberFilter{Query: "ariel flores"}, "query:ariel flores", ""},
		{MemberFilter{Emails: []string{"a+b@acme.example", "A+B@ACME.example", "c@acme.example"}}, "email:a+b@acme.example|c@acme.example", ""},
		{MemberFilter{IDs: []string{fakeID(1), fakeID(2)}}, "id:" + fakeID(1) + "|" + fakeID(2), ""},
		{MemberFilter{Roles: []string{"admin", "devops"}}, "role:admin|devops", ""},
		{MemberFilter{TeamKey: "Platform"}, "team:Platform", ""},
		{MemberFilter{NoTeam: true}, "noteam:true", ""},
		{MemberFilter{LastSeenNever: true}, `lastSeen:{"never":true}`, ""},
		{MemberFilter{LastSeenBefore: &before}, `lastSeen:{"before":1767225600000}`, ""},
		{MemberFilter{Sort: SortLastSeenDesc}, "", "-lastSeen"},
		{MemberFilter{Query: "lee", Roles: []string{"reader"}, NoTeam: true, Sort: SortDisplayName},
			"query:lee,role:reader,noteam:true", "displayName"},
	}
	for _, tc := range cases {
		client, rec := newTestClient(t, 200, `{"items":[],"totalCount":0}`)
		// The filter alone: the checks of its roles and team (member_filter_checks_test.go) ask more.
		if _, err := client.listMembers(t.Context(), tc.filter, false); err != nil {
			t.Fatal(err)
		}
		q := rec.only(t).URL.Query()
		if q.Get("filter") != tc.wantFilter || q.Get("sort") != tc.wantSort || q.Has("filter") != (tc.wantFilter != "") {
			t.Errorf("%+v: filter=%q sort=%q, want %q and %q", tc.filter, q.Get("filter"), q.Get("sort"), tc.wantFilter, tc.wantSort)
		}
	}
}

func TestListMembersRefusesDelimitersAndEmptyValues(t *testing.T) {
	for _, filter := range []MemberFilter{
		{Emails: []string{"a@acme.example|b@acme.example"}},
		{IDs: []string{""}},
		{Roles: []string{"reader,writer"}},
		{Query: "a,b"},
		{TeamKey: "qa|dev"},
		{Sort: "email"},
	} {
		client, rec := newTestClient(t, 200, `{"items":[]}`)
		if _, err := client.ListMembers(t.Context(), filter); err == nil || !strings.Contains(err.Error(), "members filter") {
			t.Errorf("%+v: err = %v", filter, err)
		}
		if len(rec.requests) != 0 {
			t.Errorf("%+v: sent %d requests", filter, len(rec.requests))
		}
	}
}

func TestListMembersEmptySetMatchesNothingWithoutARequest(t *testing.T) {
	client, rec := newTestClient(t, 200, `{"items":[]}`)
	for _, filter := range []MemberFilter{{Emails: []string{}}, {IDs: []string{}, Query: "x"}, {Roles: []string{}}} {
		list, err := client.ListMembers(t.Context(), filter)
		if err != nil || len(list.Members) != 0 {
			t.Errorf("%+v: %v, %v", filter, list, err)
		}
	}
	if len(rec.requests) != 0 {
		t.Errorf("sent %d requests", len(rec.requests))
	}
}

func TestListMembersKeepsOnlyExactMatchesOnce(t *testing.T) {
	client, _ := newFakeMembers(t, 0, func(f *fakeMembers) {
		f.ignoreFilter = true
		f.members = []map[string]any{
			{"_id": fakeID(1), "email": "sam@acme.example.org"},
			{"_id": fakeID(2), "email": "Sam@Acme.example"},
			{"_id": strings.ToUpper(fakeID(2)), "email": "Sam@Acme.example"}, // the same member again
			{"_id": fakeID(3)},
		}
	})
	list, err := client.ListMembers(t.Context(), MemberFilter{Emails: []string{"sam@acme.example", "gone@acme.example"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := memberIDs(list.Members); !slices.Equal(got, []string{fakeID(2)}) {
		t.Errorf("members = %v, want only the exact match", got)
	}
	if !slices.Equal(list.MissingEmails, []string{"gone@acme.example"}) || list.MissingIDs != nil {
		t.Errorf("missing = %v / %v", list.MissingEmails, list.MissingIDs)
	}
	list, err = client.ListMembers(t.Context(), MemberFilter{IDs: []string{strings.ToUpper(fakeID(3)), fakeID(9)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := memberIDs(list.Members); !slices.Equal(got, []string{fakeID(3)}) || !slices.Equal(list.MissingIDs, []string{fakeID(9)}) {
		t.Errorf("members = %v, missing %v", got, list.MissingIDs)
	}
}

func TestListMembersRefusesAnItemWithoutID(t *testing.T) {
	client, _ := newTestClient(t, 200, `{"items":[{"email":"a@acme.example"}],"totalCount":1}`)
	if _, err := client.ListMembers(t.Context(), MemberFilter{}); err == nil || !strings.Contains(err.Error(), "without an _id") {
		t.Fatalf("err = %v", err)
	}
}

// Emails and IDs too long for one URL are left out of the filter, and the account's listing is matched
// against them here: every URL under the bound, the other terms still sent, the members asked for kept in
// the server's order, and what no member has reported missing.
func TestListMembersMatchesListsTooLongForAURLItself(t *testing.T) {
	const n = 600
	var emails, ids []string
	for i := range n {
		emails = append(emails, fakeEmail(i))
		ids = append(ids, fakeID(i))
	}
	cases := []struct {
		name   string
		filter MemberFilter
		want   int
	}{
		{"emails", MemberFilter{Emails: append(slices.Clone(emails), "gone@acme.example"), Query: "member"}, n},
		{"ids", MemberFilter{IDs: ids}, n},
		{"both, ids short", MemberFilter{Emails: emails, IDs: ids[:n/2]}, n / 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			client, fake := newFakeMembers(t, n+50, func(f *fakeMembers) { slices.Reverse(f.members) })
			list, err := client.ListMembers(t.Context(), tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			got := memberIDs(list.Members)
			if len(got) != tc.want || !slices.IsSortedFunc(got, func(a, b string) int { return strings.Compare(b, a) }) {
				t.Errorf("listed %d members, want %d in the server's (descending) order", len(got), tc.want)
			}
			for _, u := range fake.requests() {
				filter := mustQuery(t, u).Get("filter")
				switch {
				case len(u) > maxListURLBytes:
					t.Errorf("a %d-byte URL, over %d", len(u), maxListURLBytes)
				case strings.Contains(filter, "email:") || strings.Contains(filter, "id:"):
					t.Errorf("filter %.60q… still sends the long lists", filter)
				case tc.filter.Query != "" && filter != "query:"+tc.filter.Query:
					t.Errorf("filter %q lost the other terms", filter)
				}
			}
			// Terms combine with AND: an address whose member's ID is not asked for is missing.
			wantMissing := 0
			if tc.filter.Emails != nil {
				wantMissing = len(tc.filter.Emails) - tc.want
			}
			if len(list.MissingEmails) != wantMissing || len(list.MissingIDs) != 0 {
				t.Errorf("%d emails and %d IDs missing", len(list.MissingEmails), len(list.MissingIDs))
			}
		})
	}
}

func mustQuery(t *testing.T, rawURL string) url.Values {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func TestMemberByEmailFindsAMatchOnALaterPage(t *testing.T) {
	client, fake := newFakeMembers(t, 0, func(f *fakeMembers) {
		f.pageCap = 1
		f.ignoreFilter = true
		f.members = []map[string]any{
			{"_id": fakeID(1), "email": "sam@acme.example.org"},
			{"_id": fakeID(2), "email": "SAM@acme.example"},
		}
	})
	m, err := client.MemberByEmail(t.Context(), "sam@acme.example")
	if err != nil || deref(m.ID) != fakeID(2) || len(fake.requests()) != 2 {
		t.Fatalf("member %v, err %v, %d requests", m, err, len(fake.requests()))
	}
}

func TestGetMemberRefusesAnswersForAnotherMember(t *testing.T) {
	asked := "AAAAAAAAAAAAAAAAAAAAAAAA"
	cases := []struct {
		id, body, wantErr string
	}{
		{asked, `{"_id":"aaaaaaaaaaaaaaaaaaaaaaaa"}`, ""}, // IDs are hex: case does not matter
		{"me", `{"_id":"bbbbbbbbbbbbbbbbbbbbbbbb"}`, ""},
		{asked, `{"_id":"bbbbbbbbbbbbbbbbbbbbbbbb"}`, `with member "bbbbbbbbbbbbbbbbbbbbbbbb", not member "` + asked + `"`},
		{asked, `{}`, `a member that has no _id, not member "` + asked + `"`},
		{"me", `{"_id":""}`, `a member that has no _id, not member "me"`},
	}
	for _, tc := range cases {
		client, _ := newTestClient(t, 200, tc.body)
		_, err := client.GetMember(t.Context(), tc.id)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s → %s: %v", tc.id, tc.body, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s → %s: err = %v, want %q", tc.id, tc.body, err, tc.wantErr)
		case tc.wantErr != "" && errors.As(err, new(*APIError)):
			t.Errorf("%s → %s: a mismatch is not an API error: %v", tc.id, tc.body, err)
		}
	}
}

// U+212A KELVIN SIGN folds to "k" in Unicode, not in an email address: only ASCII letters are compared
// without case, so a look-alike address is neither matched nor reported found.
func TestEmailsMatchOnlyASCIILettersWithoutCase(t *testing.T) {
	const kelvin = "\u212Aelvin@acme.example"
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"kelvin@acme.example", "KELVIN@ACME.EXAMPLE", true},
		{"kelvin@acme.example", kelvin, false},
		{"élise@acme.example", "Élise@acme.example", false},
		{"élise@acme.example", "élise@ACME.example", true},
		{"ſam@acme.example", "sam@acme.example", false}, // U+017F LONG S folds to "s"
	} {
		if got := SameEmail(tc.a, tc.b); got != tc.same || (EmailKey(tc.a) == EmailKey(tc.b)) != tc.same {
			t.Errorf("SameEmail(%q, %q) = %v, EmailKey equal = %v; want %v", tc.a, tc.b, got,
				EmailKey(tc.a) == EmailKey(tc.b), tc.same)
		}
	}
	client, _ := newTestClient(t, 200, `{"items":[{"_id":"aaaaaaaaaaaaaaaaaaaaaaaa","email":"`+kelvin+`"}],"totalCount":1}`)
	if _, err := client.MemberByEmail(t.Context(), "kelvin@acme.example"); !errors.Is(err, ErrMemberNotFound) {
		t.Errorf("err = %v, want the look-alike address not found", err)
	}
	list, err := client.ListMembers(t.Context(), MemberFilter{Emails: []string{"kelvin@acme.example", kelvin}})
	if err != nil || len(list.Members) != 1 || len(list.MissingEmails) != 1 || list.MissingEmails[0] != "kelvin@acme.example" {
		t.Errorf("listed %v, missing %q, err %v; want only the Kelvin-sign address found", memberIDs(list.Members), list.MissingEmails, err)
	}
}
