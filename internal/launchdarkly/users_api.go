package launchdarkly

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
)

// usersAPIState is what a Client learned of the Users API during its life (one provider configuration in
// one Terraform operation). Once the API has answered that it is retired, GetUser answers the same at once
// instead of asking again: a hundred users read in `auto` cost one Users API request, not a hundred.
//
// The first request is a probe: GetUser calls made while it is out wait for its answer rather than all
// ask at once, so that even reads started together send one. Once any answer has come that is not a
// retirement, nobody waits any more.
type usersAPIState struct {
	mu      sync.Mutex
	retired error         // the retirement answer, once one came
	settled bool          // an answer came that was not a retirement
	probe   chan struct{} // open while the probe is out
}

// begin lets a Users API request go, or returns the remembered retirement; done must be called with the
// request's outcome. A wait for the probe ends with ctx, and stop says what to return then.
func (u *usersAPIState) begin(ctx context.Context, stop func() error) (done func(error), err error) {
	for {
		u.mu.Lock()
		switch {
		case u.retired != nil:
			err := u.retired
			u.mu.Unlock()
			return nil, err
		case u.settled:
			u.mu.Unlock()
			return u.learn, nil
		case u.probe == nil:
			probe := make(chan struct{})
			u.probe = probe
			u.mu.Unlock()
			return func(err error) {
				u.learn(err)
				u.mu.Lock()
				u.probe = nil // settled, retired, or a failure that taught nothing: the next one probes
				u.mu.Unlock()
				close(probe)
			}, nil
		}
		probe := u.probe
		u.mu.Unlock()
		select {
		case <-probe:
		case <-ctx.Done():
			if err := stop(); err != nil {
				return nil, err
			}
			return nil, ctx.Err()
		}
	}
}

// learn notes what a Users API request's outcome says of the API.
func (u *usersAPIState) learn(err error) {
	var apiErr *APIError
	answered := err == nil || errors.As(err, &apiErr)
	u.mu.Lock()
	defer u.mu.Unlock()
	switch {
	case isUsersAPIRetirement(err):
		u.retired = err
	case answered:
		u.settled = true
	}
}

// isUsersAPIRetirement says whether err is the Users API saying it is gone: 410 Gone, or a client error
// whose code or message names API version 20220603, the only one that serves it. What LaunchDarkly
// will answer once it removes the API is not documented; 401, 403 and 429 are about the token or the
// rate, never about the API, and are not read as retirement whatever they say.
func isUsersAPIRetirement(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	switch status := apiErr.StatusCode; {
	case status == http.StatusGone:
		return true
	case status == http.StatusUnauthorized || status == http.StatusForbidden || status == http.StatusTooManyRequests:
		return false
	case status >= 400 && status < 500:
		return strings.Contains(apiErr.Code+" "+apiErr.Message, UsersAPIVersion)
	}
	return false
}
