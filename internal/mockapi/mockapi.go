// Package mockapi is an in-memory stand-in for the LaunchDarkly REST API endpoints the provider reads:
// members (one and the list), the legacy Users API, contexts, the caller identity, teams, custom roles
// and context kinds. It serves acceptance
// tests in-process (httptest.NewServer(api)) and the demo, the example tests and the benchmarks as a
// process (cmd/mockapi).
//
// Three parts: one data set, loaded from the seed and changed by tests (data.go); small table-driven
// routes that read it (routes.go, list.go); and one fault layer in front of them (faults.go). The mock is
// strict where the real API is strict (exact tokens, exact LD-API-Version for users, escaped path
// segments), so client bugs fail here rather than in production, and it records every request so tests
// can assert on what the client sent.
package mockapi

import (
	"net/http"
	"net/url"
	"sync"
)

// DefaultToken is accepted by every New mock and belongs to DefaultMemberID. It is fake but shaped like a
// real access token ("api-" + UUID), so clients that check the format accept it.
const DefaultToken = "api-00000000-0000-4000-8000-000000000001"

// API is the mock server. All state sits behind one mutex: handlers only touch memory, and one lock keeps
// the concurrent reads of parallel Terraform data sources race-free without ordering subtleties.
type API struct {
	mu sync.Mutex

	data   dataset
	tokens map[string]tokenGrant
	// answers replace a route's handler, after authentication (RetireUsersAPI, MisrouteMemberReads).
	answers map[string]answer
	// Behaviours a test switches on.
	looseEmailFilter bool
	pageSizeCap      int
	contextPaging    ContextPaging

	handler    http.Handler // the routes, behind the fault layer
	faults     *faultLayer
	requests   []Request
	unexpected []Request
}

// tokenGrant is what an accepted token resolves to. A forbidden token is kept apart from an unknown one
// because the API answers 403, not 401.
type tokenGrant struct {
	memberID  string
	forbidden bool
	// identity is what caller-identity answers; nil means a personal token's.
	identity map[string]any
}

// answer is what a route answers instead of its handler.
type answer struct {
	body any
	err  *apiError
}

// New returns a mock holding the seeded data set that accepts DefaultToken as the token of member
// DefaultMemberID ("me"), and the other seeded tokens.
func New() *API {
	a := &API{data: loadSeed(), tokens: map[string]tokenGrant{}, answers: map[string]answer{}, faults: newFaultLayer()}
	a.handler = a.faults.wrap(http.HandlerFunc(a.route))
	a.AddToken(DefaultToken, DefaultMemberID)
	a.AddToken(ServiceToken, "")
	a.AddToken(OAuthToken, FullMemberID)
	for token, identity := range seededIdentities {
		a.SetCallerIdentity(token, identity)
	}
	return a
}

// ServeHTTP records the request and hands it to the fault layer, so that Requests also sees the requests
// a fault answers on its own.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.requests = append(a.requests, newRequest(r))
	h := a.handler
	a.mu.Unlock()
	h.ServeHTTP(w, r)
}

// AddToken makes token valid; "me" resolves to memberID for its calls.
func (a *API) AddToken(token, memberID string) {
	a.update(func() { a.tokens[token] = tokenGrant{memberID: memberID} })
}

// ForbidToken makes token valid but without permission: every call made with it gets 403, which clients
// must report differently from a bad token (401).
func (a *API) ForbidToken(token string) {
	a.update(func() {
		grant := a.tokens[token]
		grant.forbidden = true
		a.tokens[token] = grant
	})
}

// SetCallerIdentity sets what GET /api/v2/caller-identity answers for token (the map is copied). A token
// without one gets a personal token's identity naming its member.
func (a *API) SetCallerIdentity(token string, identity map[string]any) {
	stored := mustCopyJSON(identity)
	a.update(func() {
		grant := a.tokens[token]
		grant.identity = stored
		a.tokens[token] = grant
	})
}

// SetLooseEmailFilter turns the members list's email filter into a case-insensitive substring match: an
// API looser than documented, so tests can prove a client checks every email it gets back instead of
// trusting the first.
func (a *API) SetLooseEmailFilter(on bool) { a.update(func() { a.looseEmailFilter = on }) }

// SetPageSizeCap makes the members list, the teams list and a team's roles and maintainers serve at most
// n items a page whatever limit asks for, as a server that caps its pages below the client's limit would;
// 0 removes the cap. Links and totalCount follow the page served.
func (a *API) SetPageSizeCap(n int) { a.update(func() { a.pageSizeCap = n }) }

// SetContextPaging chooses how the contexts list points to its next page.
func (a *API) SetContextPaging(p ContextPaging) { a.update(func() { a.contextPaging = p }) }

// RetireUsersAPI simulates the Users API after LaunchDarkly removes it: every users call gets 400
// invalid_request naming the retired version. What the real API answers after 2026-12-31 is not
// documented, so RetireUsersAPIWith can choose any answer.
func (a *API) RetireUsersAPI(on bool) {
	if !on {
		a.RetireUsersAPIWith(0, "", "")
		return
	}
	a.RetireUsersAPIWith(http.StatusBadRequest, "invalid_request",
		"API version "+UsersAPIVersion+" is no longer supported; the Users API was removed")
}

// RetireUsersAPIWith makes every Users API call get status with the API's error body {code, message};
// status 0 brings the Users API back.
func (a *API) RetireUsersAPIWith(status int, code, message string) {
	a.setAnswer("getUser", status != 0, answer{err: &apiError{status, code, message}})
}

// MisrouteMemberReads makes every GET /api/v2/members/{id} answer 200 with body, whatever member was
// asked for ({} or another member's record): a backend that answers another question. nil restores the
// normal answers.
func (a *API) MisrouteMemberReads(body map[string]any) {
	var stored map[string]any
	if body != nil {
		stored = mustCopyJSON(body)
	}
	a.setAnswer("getMember", body != nil, answer{body: stored})
}

func (a *API) setAnswer(route string, on bool, ans answer) {
	a.update(func() {
		delete(a.answers, route)
		if on {
			a.answers[route] = ans
		}
	})
}

// update runs f under the lock.
func (a *API) update(f func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f()
}

// Request is a snapshot of one received request. The Authorization header is redacted, so that test
// failure output never prints a token.
type Request struct {
	Method      string
	EscapedPath string
	Query       url.Values
	Header      http.Header
}

func newRequest(r *http.Request) Request {
	header := r.Header.Clone()
	if header == nil {
		header = http.Header{}
	}
	if len(header.Values("Authorization")) > 0 {
		header["Authorization"] = []string{"<redacted>"}
	}
	return Request{Method: r.Method, EscapedPath: r.URL.EscapedPath(), Query: r.URL.Query(), Header: header}
}

func cloneRequests(in []Request) []Request {
	out := make([]Request, len(in))
	for i, r := range in {
		r.Query, r.Header = url.Values(http.Header(r.Query).Clone()), r.Header.Clone()
		out[i] = r
	}
	return out
}

// Requests returns a copy of every request received, in arrival order.
func (a *API) Requests() []Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	return cloneRequests(a.requests)
}

// RequestCount returns how many requests have been received.
func (a *API) RequestCount() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.requests)
}

// Unexpected returns the requests that matched no known route (each was answered 404). Tests should
// assert it is empty: a request here is a path the real API would not recognise.
func (a *API) Unexpected() []Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	return cloneRequests(a.unexpected)
}
