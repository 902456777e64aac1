package mockapi

import (
	"net/http"
	"net/url"
	"strings"
)

// param marks a path segment that is captured instead of matched literally.
const param = "{}"

// call carries what the router learned about a request to its handler.
type call struct {
	callerID string
	params   []string
}

// handler computes a response body under the API lock. It returns values
// that are never mutated afterwards, so the router can encode them after
// releasing the lock.
type handler func(a *API, r *http.Request, c call) (any, *apiError)

// route is one known endpoint. Routes are a table rather than a ServeMux
// because ServeMux cleans and unescapes paths, which would let "a%2Fb" or
// "%2E%2E" reach the wrong user key.
type route struct {
	name    string
	pattern []string
	serve   handler
}

var routes = []route{
	{name: "listMembers", pattern: []string{"api", "v2", "members"}, serve: (*API).listMembers},
	{name: "getMember", pattern: []string{"api", "v2", "members", param}, serve: (*API).getMember},
	{name: "getUser", pattern: []string{"api", "v2", "users", param, param, param}, serve: (*API).getUser},
	{name: "getContexts", pattern: []string{"api", "v2", "projects", param, "environments", param, "contexts", param, param}, serve: (*API).getContexts},
	{name: "getCallerIdentity", pattern: []string{"api", "v2", "caller-identity"}, serve: (*API).getCallerIdentity},
}

// route is the innermost handler, wrapped by any middleware added with Use.
// The order of checks is: LD-API-Version count, route, auth, method.
// Unknown routes are answered before auth so that Unexpected() records a
// mistyped path even when the test also got the token wrong.
func (a *API) route(w http.ResponseWriter, r *http.Request) {
	if len(apiVersions(r.Header)) > 1 {
		writeError(w, errTooManyVersions)
		return
	}
	rt, params, ok := matchRoute(r.URL.EscapedPath())
	if !ok {
		a.recordUnexpected(r)
		writeError(w, errNotFound)
		return
	}
	body, apiErr := a.dispatch(rt, r, params)
	if apiErr != nil {
		if apiErr == errMethodNotAllowed {
			w.Header().Set("Allow", http.MethodGet)
		}
		writeError(w, apiErr)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// dispatch authenticates and runs the handler while holding the lock.
func (a *API) dispatch(rt route, r *http.Request, params []string) (any, *apiError) {
	a.mu.Lock()
	defer a.mu.Unlock()
	callerID, apiErr := a.authenticate(r.Header)
	if apiErr != nil {
		return nil, apiErr
	}
	if r.Method != http.MethodGet {
		return nil, errMethodNotAllowed
	}
	return rt.serve(a, r, call{callerID: callerID, params: params})
}

func (a *API) recordUnexpected(r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.unexpected = append(a.unexpected, newRequest(r))
}

// authenticate accepts exactly one Authorization value equal to a known
// token, sent raw as the API expects (no "Bearer" scheme).
func (a *API) authenticate(h http.Header) (string, *apiError) {
	values := h.Values("Authorization")
	if len(values) != 1 {
		return "", errUnauthorized
	}
	grant, ok := a.tokens[values[0]]
	if !ok {
		return "", errUnauthorized
	}
	if grant.forbidden {
		return "", errForbidden
	}
	return grant.memberID, nil
}

// apiVersions lists every LD-API-Version value, treating a comma-joined
// header the same as a repeated one, as HTTP allows intermediaries to merge
// them.
func apiVersions(h http.Header) []string {
	var versions []string
	for _, value := range h.Values(apiVersionHeader) {
		for _, v := range strings.Split(value, ",") {
			versions = append(versions, strings.TrimSpace(v))
		}
	}
	return versions
}

// matchRoute finds the route for an escaped path and returns its captured
// parameters, unescaped.
func matchRoute(escapedPath string) (route, []string, bool) {
	segments, ok := splitPath(escapedPath)
	if !ok {
		return route{}, nil, false
	}
	for _, rt := range routes {
		if params, ok := matchPattern(rt.pattern, segments); ok {
			return rt, params, true
		}
	}
	return route{}, nil, false
}

// splitPath splits an escaped path on "/" and unescapes each segment, so
// an encoded slash stays inside its segment. Empty segments and raw "." or
// ".." are rejected: a proxy would normalise those before the API saw them,
// so they can never name a key.
func splitPath(escapedPath string) ([]string, bool) {
	if !strings.HasPrefix(escapedPath, "/") {
		return nil, false
	}
	raw := strings.Split(escapedPath[1:], "/")
	segments := make([]string, len(raw))
	for i, s := range raw {
		if s == "" || s == "." || s == ".." {
			return nil, false
		}
		unescaped, err := url.PathUnescape(s)
		if err != nil {
			return nil, false
		}
		segments[i] = unescaped
	}
	return segments, true
}

func matchPattern(pattern, segments []string) ([]string, bool) {
	if len(pattern) != len(segments) {
		return nil, false
	}
	var params []string
	for i, p := range pattern {
		switch {
		case p == param:
			params = append(params, segments[i])
		case p != segments[i]:
			return nil, false
		}
	}
	return params, true
}
