package mockapi

import (
	"encoding/json"
	"net/http"
)

// userID locates a user record; keys are compared exactly, after the path
// segment has been unescaped.
type userID struct {
	project     string
	environment string
	key         string
}

// PutUser adds or replaces a full UserRecord JSON object, keyed by
// record["user"]["key"]. It panics if that key is missing or the record is
// not JSON, since that is a bug in the calling test.
func (a *API) PutUser(projectKey, environmentKey string, record map[string]any) {
	data, err := json.Marshal(record)
	if err != nil {
		panic("mockapi: PutUser record is not JSON: " + err.Error())
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.putUserJSON(projectKey, environmentKey, data)
}

// putUserJSON stores the encoded record as-is so the endpoint returns it
// byte-for-byte in content, without re-encoding numbers or key order.
func (a *API) putUserJSON(projectKey, environmentKey string, record []byte) {
	user, _ := mustDecodeObject(record)["user"].(map[string]any)
	key, ok := user["key"].(string)
	if !ok {
		panic("mockapi: user record needs a string user.key")
	}
	a.users[userID{projectKey, environmentKey, key}] = record
	a.environments[environmentRef{projectKey, environmentKey}] = true
}

// getUser serves GET /api/v2/users/{projectKey}/{environmentKey}/{userKey}.
// The route exists only in API version 20220603; any other version, or
// none, gets the same 404 an unknown route would.
func (a *API) getUser(r *http.Request, c call) (any, *apiError) {
	if a.usersRetired != nil {
		return nil, a.usersRetired
	}
	if !hasOnlyVersion(r.Header, UsersAPIVersion) {
		return nil, errNotFound
	}
	record, ok := a.users[userID{c.params[0], c.params[1], c.params[2]}]
	if !ok {
		return nil, errNotFound
	}
	return json.RawMessage(record), nil
}

// hasOnlyVersion reports whether the request carries exactly one
// LD-API-Version header with exactly version as its value.
func hasOnlyVersion(h http.Header, version string) bool {
	values := h.Values(apiVersionHeader)
	return len(values) == 1 && values[0] == version
}
