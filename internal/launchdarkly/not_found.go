package launchdarkly

import (
	"errors"
	"fmt"
	"net/http"
)

// NotFoundError is the API's 404 for one object the caller named. The API's own message ("Invalid
// resource identifier") names nothing; this error names the object. It unwraps to the *APIError, so
// IsNotFound and errors.As(err, **APIError) still hold.
type NotFoundError struct {
	// Kind is what was asked for: "team", "custom role" or "project".
	Kind string
	// Key is the key (or ID) that was asked for, as given.
	Key string
	// Err is the API's answer.
	Err *APIError
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no %s with key %q: LaunchDarkly answered %s", e.Kind, e.Key, e.Err)
}

func (e *NotFoundError) Unwrap() error { return e.Err }

// namedNotFound turns the API's 404 in err into a *NotFoundError for the kind and key asked for; any
// other error is returned as it is.
func namedNotFound(err error, kind, key string) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound {
		return &NotFoundError{Kind: kind, Key: key, Err: apiErr}
	}
	return err
}
