package mockapi

import (
	"net/http"
	"net/url"
)

// Request is a snapshot of one received request. The Authorization header
// is redacted so that test failure output never prints a token.
type Request struct {
	Method      string
	EscapedPath string
	Query       url.Values
	Header      http.Header
}

// redacted replaces the Authorization header value in recorded requests.
const redacted = "<redacted>"

func newRequest(r *http.Request) Request {
	header := r.Header.Clone()
	if header == nil {
		header = http.Header{}
	}
	if values := header.Values("Authorization"); len(values) > 0 {
		header["Authorization"] = []string{redacted}
	}
	return Request{
		Method:      r.Method,
		EscapedPath: r.URL.EscapedPath(),
		Query:       r.URL.Query(),
		Header:      header,
	}
}

func (r Request) clone() Request {
	r.Query = cloneValues(r.Query)
	r.Header = r.Header.Clone()
	return r
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for key, values := range v {
		out[key] = append([]string(nil), values...)
	}
	return out
}

func cloneRequests(in []Request) []Request {
	out := make([]Request, len(in))
	for i, r := range in {
		out[i] = r.clone()
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

// Unexpected returns the requests that matched no known route (each was
// answered 404). Tests should assert it is empty: a non-empty list means
// the client built a path the real API would not recognise.
func (a *API) Unexpected() []Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	return cloneRequests(a.unexpected)
}
