package mockapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// apiVersionHeader is the header LaunchDarkly uses to pick an API version.
const apiVersionHeader = "LD-API-Version"

// UsersAPIVersion is the only API version that still serves the Users API.
const UsersAPIVersion = "20220603"

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

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, map[string]string{"code": e.code, "message": e.message})
}

// writeJSON encodes before writing the status so an encoding failure can
// still become a well-formed 500 instead of a truncated 200.
func writeJSON(w http.ResponseWriter, status int, body any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(body) != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"code":"internal_error","message":"The mock could not encode its response"}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
