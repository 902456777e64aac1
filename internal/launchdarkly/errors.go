package launchdarkly

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"time"
)

// APIError is a non-2xx answer from the LaunchDarkly API.
type APIError struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is the API's machine-readable error code, such as "not_found". Empty when the body was not the
	// API's JSON error body (an HTML page from a proxy, say).
	Code string
	// Message is the API's human-readable message, empty like Code.
	Message string
}

func (e *APIError) Error() string {
	status := fmt.Sprintf("HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	switch {
	case e.Code != "" && e.Message != "":
		return fmt.Sprintf("%s: %s (code %q)", status, e.Message, e.Code)
	case e.Message != "":
		return fmt.Sprintf("%s: %s", status, e.Message)
	case e.Code != "":
		return fmt.Sprintf("%s (code %q)", status, e.Code)
	default:
		return status + " (the response carried no LaunchDarkly error message)"
	}
}

// newAPIError reads the API's {"code","message"} body when there is one; any other body is left out of the
// error rather than pasted into it. mask removes the token from what the server wrote, in case it echoed it.
func newAPIError(status int, body []byte, mask func(string) string) *APIError {
	var payload struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	_ = json.Unmarshal(body, &payload)
	return &APIError{StatusCode: status, Code: mask(payload.Code), Message: mask(payload.Message)}
}

// HasStatus reports whether err is an *APIError with the given HTTP status.
func HasStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == status
}

// IsNotFound reports whether err is the API's 404.
func IsNotFound(err error) bool { return HasStatus(err, http.StatusNotFound) }

// MismatchError is a 2xx answer that is not the record asked for: another key, or an empty object. The
// client never hands such a record on, so state never holds a foreign or null key.
type MismatchError struct {
	// Asked and Got describe the record requested and the one that came back.
	Asked, Got string
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("asked for %s, but the API answered with %s", e.Asked, e.Got)
}

// A refused connection means nothing listens at the address: far more often a mistake in api_host than
// a server restarting. It is retried once, after refusedRetryWait, and the second refusal ends the request.
const (
	maxRefusals      = 2
	refusedRetryWait = 250 * time.Millisecond
)

// ConnectionRefusedError is a request whose connection was refused, on the quick retry too.
type ConnectionRefusedError struct {
	// Path is the request's path; Address is the host and port that refused the connection (a proxy's,
	// when one is configured).
	Path, Address string
	// BaseURL is the client's Config.BaseURL, and BaseURLSource where it came from (Config.BaseURLSource),
	// for a message that names what to fix.
	BaseURL, BaseURLSource string
	// Attempts is how many connections were refused.
	Attempts int
	Err      error
}

func (e *ConnectionRefusedError) Error() string {
	return fmt.Sprintf("GET %s: the connection to %s was refused (%s): nothing is listening at this address",
		e.Path, e.Address, attempts(e.Attempts))
}

func (e *ConnectionRefusedError) Unwrap() error { return e.Err }

func isConnectionRefused(err error) bool {
	return err != nil && errors.Is(err, syscall.ECONNREFUSED)
}

// refused is the error of a request whose connection was refused attempts times.
func (c *Client) refused(path string, attempts int, err error) error {
	address := "the API host"
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Addr != nil {
		address = opErr.Addr.String()
	}
	return &ConnectionRefusedError{Path: path, Address: address, BaseURL: c.baseURL, BaseURLSource: c.baseURLSource,
		Attempts: attempts, Err: err}
}
