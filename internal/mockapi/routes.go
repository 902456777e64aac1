package mockapi

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The API's endpoints: a table of routes, each a path pattern, the API version it is served at and a
// handler of a few lines over the data set. The router does everything they share.

// apiVersionHeader is the header LaunchDarkly uses to pick an API version.
const apiVersionHeader = "LD-API-Version"

// UsersAPIVersion is the only API version that still serves the Users API.
const UsersAPIVersion = "20220603"

// ContextsAPIVersion is the API version the mock serves contexts at.
const ContextsAPIVersion = "20240415"

// route is one endpoint. Routes are a table rather than a ServeMux because ServeMux cleans and unescapes
// paths, which would let "a%2Fb" or "%2E%2E" reach the wrong key.
type route struct {
	name string
	// path has "{name}" for each segment the handler reads from call.params.
	path string
	// version, when set, is the one LD-API-Version the route serves; any other, or none, gets wrongVersion.
	version      string
	wrongVersion *apiError
	serve        func(a *API, c call) (any, *apiError)
}

var routes = []route{
	{name: "listMembers", path: "/api/v2/members", serve: (*API).listMembers},
	{name: "getMember", path: "/api/v2/members/{id}", serve: (*API).getMember},
	// The Users API exists only at its version: any other gets the 404 an unknown route would.
	{name: "getUser", path: "/api/v2/users/{project}/{environment}/{key}",
		version: UsersAPIVersion, wrongVersion: errNotFound, serve: (*API).getUser},
	{name: "getContexts", path: "/api/v2/projects/{project}/environments/{environment}/contexts/{kind}/{key}",
		version: ContextsAPIVersion, serve: (*API).getContexts,
		wrongVersion: invalidRequest("the mock serves contexts at " + apiVersionHeader + " " + ContextsAPIVersion + " only")},
	{name: "getCallerIdentity", path: "/api/v2/caller-identity", serve: (*API).getCallerIdentity},
	{name: "listTeams", path: "/api/v2/teams", version: TeamsAPIVersion, wrongVersion: wrongTeamsVersion, serve: (*API).listTeams},
	{name: "getTeam", path: "/api/v2/teams/{key}", version: TeamsAPIVersion, wrongVersion: wrongTeamsVersion, serve: (*API).getTeam},
	{name: "getTeamRoles", path: "/api/v2/teams/{key}/roles", version: TeamsAPIVersion, wrongVersion: wrongTeamsVersion,
		serve: (*API).getTeamRoles},
	{name: "getTeamMaintainers", path: "/api/v2/teams/{key}/maintainers", version: TeamsAPIVersion,
		wrongVersion: wrongTeamsVersion, serve: (*API).getTeamMaintainers},
	{name: "getCustomRole", path: "/api/v2/roles/{key}", version: TeamsAPIVersion, wrongVersion: wrongTeamsVersion,
		serve: (*API).getCustomRole},
	{name: "getContextKinds", path: "/api/v2/projects/{project}/context-kinds", version: TeamsAPIVersion,
		wrongVersion: wrongTeamsVersion, serve: (*API).getContextKinds},
}

// call is what the router learned about a request, for its handler.
type call struct {
	r      *http.Request
	query  url.Values
	params map[string]string
	grant  tokenGrant
}

// getMember serves one member, where "me" is the token's member.
func (a *API) getMember(c call) (any, *apiError) {
	id := c.params["id"]
	if id == "me" {
		id = c.grant.memberID
	}
	member, ok := a.data.members[id]
	if !ok {
		return nil, errNotFound
	}
	return a.data.presentMember(member, parseExpand(c.query)), nil
}

// getUser serves one user record of a project's environment.
func (a *API) getUser(c call) (any, *apiError) {
	record, ok := a.data.users[recordID{c.params["project"], c.params["environment"], "", c.params["key"]}]
	if !ok {
		return nil, errNotFound
	}
	return json.RawMessage(record), nil
}

// getCallerIdentity serves who the request's token is.
func (a *API) getCallerIdentity(c call) (any, *apiError) {
	if c.grant.identity != nil {
		return maps.Clone(c.grant.identity), nil
	}
	return map[string]any{"accountId": AccountID, "authKind": "token", "tokenKind": "personal",
		"memberId": c.grant.memberID, "serviceToken": false}, nil
}

// apiError is an error response in the API's {"code","message"} shape.
type apiError struct {
	status  int
	code    string
	message string
}

var (
	errUnauthorized     = &apiError{http.StatusUnauthorized, "unauthorized", "Invalid access token"}
	errForbidden        = &apiError{http.StatusForbidden, "forbidden", "Access to the requested resource was denied"}
	errNotFound         = &apiError{http.StatusNotFound, "not_found", "Invalid resource identifier"}
	errMethodNotAllowed = &apiError{http.StatusMethodNotAllowed, "method_not_allowed", "Method not allowed"}
	errTooManyVersions  = invalidRequest("Too many values for parameter " + apiVersionHeader)
)

func invalidRequest(message string) *apiError {
	return &apiError{http.StatusBadRequest, "invalid_request", message}
}

// route is the innermost handler. It checks, in order: the LD-API-Version count, the route, the token,
// the method, then any answer that replaces the route's handler, the route's API version, and the
// handler. Unknown routes are answered before the token is checked, so that Unexpected records a mistyped
// path even when the test also got the token wrong.
func (a *API) route(w http.ResponseWriter, r *http.Request) {
	if len(apiVersions(r.Header)) > 1 {
		writeError(w, errTooManyVersions)
		return
	}
	rt, params, ok := matchRoute(r.URL.EscapedPath())
	if !ok {
		a.update(func() { a.unexpected = append(a.unexpected, newRequest(r)) })
		writeError(w, errNotFound)
		return
	}
	body, apiErr := a.serve(rt, call{r: r, query: r.URL.Query(), params: params})
	switch {
	case apiErr == errMethodNotAllowed:
		w.Header().Set("Allow", http.MethodGet)
		fallthrough
	case apiErr != nil:
		writeError(w, apiErr)
	default:
		writeJSON(w, http.StatusOK, body)
	}
}

// serve runs the checks that need the data and the handler under the lock. Handlers return values that
// are never changed afterwards, so the response is encoded after the lock is released.
func (a *API) serve(rt route, c call) (any, *apiError) {
	a.mu.Lock()
	defer a.mu.Unlock()
	values := c.r.Header.Values("Authorization")
	grant, known := a.tokens[strings.Join(values, "")]
	switch {
	case len(values) != 1 || !known:
		return nil, errUnauthorized
	case grant.forbidden:
		return nil, errForbidden
	case c.r.Method != http.MethodGet:
		return nil, errMethodNotAllowed
	}
	if ans, ok := a.answers[rt.name]; ok {
		return ans.body, ans.err
	}
	if rt.version != "" {
		if versions := c.r.Header.Values(apiVersionHeader); len(versions) != 1 || versions[0] != rt.version {
			return nil, rt.wrongVersion
		}
	}
	c.grant = grant
	return rt.serve(a, c)
}

// apiVersions lists every LD-API-Version value, a comma-joined header counting as repeated ones, as HTTP
// lets intermediaries merge them.
func apiVersions(h http.Header) []string {
	var versions []string
	for _, value := range h.Values(apiVersionHeader) {
		versions = append(versions, strings.Split(value, ",")...)
	}
	return versions
}

// matchRoute finds the route of an escaped path and its parameters, unescaped.
func matchRoute(escapedPath string) (route, map[string]string, bool) {
	segments, ok := splitPath(escapedPath)
	if !ok {
		return route{}, nil, false
	}
	for _, rt := range routes {
		pattern := strings.Split(rt.path[1:], "/")
		if len(pattern) != len(segments) {
			continue
		}
		params := map[string]string{}
		for i, p := range pattern {
			if strings.HasPrefix(p, "{") {
				params[strings.Trim(p, "{}")] = segments[i]
			} else if p != segments[i] {
				params = nil
				break
			}
		}
		if params != nil {
			return rt, params, true
		}
	}
	return route{}, nil, false
}

// splitPath splits an escaped path on "/" and unescapes each segment, so that an encoded slash stays in
// its segment. Empty segments and raw "." or ".." are refused: a proxy would normalise those before the
// API saw them, so they can never name a key.
func splitPath(escapedPath string) ([]string, bool) {
	if !strings.HasPrefix(escapedPath, "/") {
		return nil, false
	}
	segments := strings.Split(escapedPath[1:], "/")
	for i, s := range segments {
		unescaped, err := url.PathUnescape(s)
		if s == "" || s == "." || s == ".." || err != nil {
			return nil, false
		}
		segments[i] = unescaped
	}
	return segments, true
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, map[string]string{"code": e.code, "message": e.message})
}

// writeJSON encodes before writing the status, so that an encoding failure can still become a
// well-formed 500 instead of a truncated 200.
func writeJSON(w http.ResponseWriter, status int, body any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(body) != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"code":"internal_error","message":"The mock could not encode its response"}` + "\n")
	}
	writeBody(w, status, "application/json", buf.Bytes())
}

func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
