// Package mockapi is an in-memory stand-in for the LaunchDarkly REST API
// endpoints the provider reads: members (single and list) and the legacy
// Users API. It serves acceptance tests in-process (httptest.NewServer(api))
// and the demo as a separate process (cmd/mockapi).
//
// The mock is deliberately strict where the real API is strict (exact
// tokens, exact LD-API-Version for users, escaped path segments) so that
// client bugs fail here rather than in production, and it records every
// request so tests can assert on what the client actually sent.
package mockapi

import (
	"net/http"
	"sync"
)

// DefaultToken is accepted by every New mock and belongs to DefaultMemberID.
// It is fake but shaped like a real access token ("api-" + UUID) so that
// clients which sanity-check the format accept it.
const DefaultToken = "api-00000000-0000-4000-8000-000000000001"

// API is the mock server. All state sits behind one mutex because handlers
// only touch memory; a single lock keeps concurrent reads from parallel
// Terraform data sources race-free without any ordering subtleties.
type API struct {
	mu sync.Mutex

	handler http.Handler
	tokens  map[string]tokenGrant
	members memberStore
	users   map[userID][]byte

	contexts      map[contextID][]contextRecord
	environments  map[environmentRef]bool
	contextPaging ContextPaging

	looseEmailFilter bool
	// usersRetired, when set, is how every Users API call is answered.
	usersRetired *apiError

	requests   []Request
	unexpected []Request

	// ext holds injected faults, latency and the rate limit (faults.go).
	ext *extension
}

// tokenGrant is what an accepted token resolves to. A forbidden token is
// kept distinct from an unknown one because the API answers 403, not 401.
type tokenGrant struct {
	memberID  string
	forbidden bool
	// identity is what caller-identity answers; nil means a personal token's.
	identity map[string]any
}

// New returns a mock seeded with the embedded data set that accepts
// DefaultToken as the token of member DefaultMemberID ("me").
func New() *API {
	a := &API{
		tokens:  map[string]tokenGrant{},
		members: newMemberStore(),
		users:   map[userID][]byte{},

		contexts:     map[contextID][]contextRecord{},
		environments: map[environmentRef]bool{},
	}
	a.handler = http.HandlerFunc(a.route)
	a.ext = newExtension()
	a.Use(a.ext.middleware)
	a.loadSeed()
	a.AddToken(DefaultToken, DefaultMemberID)
	a.addSeededTokens()
	return a
}

// ServeHTTP records the request and hands it to the middleware chain, so
// Requests() also sees calls that middleware answers on its own.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.requests = append(a.requests, newRequest(r))
	h := a.handler
	a.mu.Unlock()
	h.ServeHTTP(w, r)
}

// Use wraps the router in middleware (fault injection, rate limiting, ...).
// Each call wraps everything added before it, so the last middleware added
// is the outermost and sees the request first.
func (a *API) Use(middleware func(http.Handler) http.Handler) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.handler = middleware(a.handler)
}

// AddToken makes token valid; "me" resolves to memberID for its calls.
func (a *API) AddToken(token, memberID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.tokens[token] = tokenGrant{memberID: memberID}
}

// ForbidToken makes token valid but lacking permission: every call made with
// it gets 403, which clients must report differently from a bad token (401).
func (a *API) ForbidToken(token string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	grant := a.tokens[token]
	grant.forbidden = true
	a.tokens[token] = grant
}

// SetLooseEmailFilter turns the members list "email" filter into a
// case-insensitive substring match. It simulates an API that is looser than
// documented, so tests can prove the client checks every returned email
// instead of trusting the first item.
func (a *API) SetLooseEmailFilter(on bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.looseEmailFilter = on
}

// RetireUsersAPI simulates the Users API after LaunchDarkly removes it:
// every users call gets 400 invalid_request, naming the retired version.
// What the real API answers after 2026-12-31 is not documented, so
// RetireUsersAPIWith can choose any answer.
func (a *API) RetireUsersAPI(on bool) {
	if !on {
		a.RetireUsersAPIWith(0, "", "")
		return
	}
	a.RetireUsersAPIWith(http.StatusBadRequest, "invalid_request",
		"API version "+UsersAPIVersion+" is no longer supported; the Users API was removed")
}

// RetireUsersAPIWith makes every Users API call get status with the API's
// error body {code, message}; status 0 brings the Users API back.
func (a *API) RetireUsersAPIWith(status int, code, message string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.usersRetired = nil
	if status != 0 {
		a.usersRetired = &apiError{status: status, code: code, message: message}
	}
}
