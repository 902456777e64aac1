package provider

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// What a user sees when the network, the server or the configuration is wrong: one clear error, after one
// attempt or none. The mechanics (which failures are retried, how waits are read) are tested in the client.

// hostileServer is a loopback server, plain or TLS, that counts the connections opened to it (a failed
// TLS handshake is a connection but never a request).
func hostileServer(t *testing.T, useTLS bool, h http.HandlerFunc) (string, *atomic.Int64) {
	t.Helper()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshakes are the point
	if useTLS {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv.URL, &conns
}

func TestAccFailuresNoRetryCanMendFailOnTheFirstAttempt(t *testing.T) {
	t.Parallel()
	notCalled := func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }
	cases := []struct {
		name   string
		server func(t *testing.T) (apiHost string, conns *atomic.Int64)
		want   string
	}{
		{"certificate that does not verify", func(t *testing.T) (string, *atomic.Int64) {
			return hostileServer(t, true, notCalled)
		}, words(`Reading LaunchDarkly member "me"`, "the TLS certificate of 127.0.0.1:", "did not verify",
			"certificate signed by unknown authority", "Check that api_host names the API host", "Not retried")},
		{"https spoken to a plain-http server", func(t *testing.T) (string, *atomic.Int64) {
			url, conns := hostileServer(t, false, notCalled)
			return strings.Replace(url, "http://", "https://", 1), conns
		}, words(`Reading LaunchDarkly member "me"`, "answered in plain HTTP, not HTTPS. Check api_host", "Not retried")},
		{"redirect to another host", func(t *testing.T) (string, *atomic.Int64) {
			other, _ := hostileServer(t, false, notCalled)
			return hostileServer(t, false, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other+r.URL.Path, http.StatusFound)
			})
		}, words(`Reading LaunchDarkly member "me"`, "the server redirected to http://127.0.0.1:",
			"does not follow a redirect to another host or scheme, because the token would go with it", "Not retried")},
		{"redirect loop", func(t *testing.T) (string, *atomic.Int64) {
			return hostileServer(t, false, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, r.URL.String(), http.StatusFound)
			})
		}, words(`Reading LaunchDarkly member "me"`, "redirect loop", "/api/v2/members/me, where it had already been")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			apiHost, conns := tc.server(t)
			expectError(t, providerAt(apiHost, mockapi.DefaultToken)+readMe, regexp.MustCompile(tc.want))
			if n := conns.Load(); n != 1 {
				t.Errorf("%d connections to the server; want 1, no retry", n)
			}
		})
	}
}

// The mock's 429 with a wait no read can take fails the read at once, saying how long was asked for; a
// wait longer than max_read_seconds leaves does the same.
func TestAccWaitsLongerThanTheReadMayTakeFailAtOnce(t *testing.T) {
	retryAfter := func(seconds string) func(*mockapi.API) {
		return func(api *mockapi.API) {
			api.InjectFault(mockapi.Always(), mockapi.Fault{Kind: mockapi.RateLimited, RetryAfter: seconds})
		}
	}
	oneRequest := func(t *testing.T, api *mockapi.API) {
		if n := api.RequestCount(); n != 1 {
			t.Errorf("%d requests; want 1", n)
		}
	}
	runAccCases(t, []accCase{
		{name: "Retry-After 1e10 seconds", prepare: retryAfter("10000000000"), config: readMe, requests: oneRequest,
			wantError: words(`Reading LaunchDarkly member "me"`, "LaunchDarkly answered HTTP 429 Too Many Requests",
				"gave up after 1 attempt: the server asked to wait",
				"more than 290 years (Retry-After: 10000000000), more than the 2 min left of max_read_seconds (2 min)")},
		{name: "Retry-After past max_read_seconds", prepare: retryAfter("5"), providerArguments: "max_read_seconds = 3",
			config: readMe, requests: oneRequest,
			wantError: words(`Reading LaunchDarkly member "me"`,
				"gave up after 1 attempt: the server asked to wait 5 s (Retry-After: 5), more than the",
				"left of max_read_seconds (3 s)")},
	})
}

// "~" appears nowhere else in Terraform's output, so a whole-output match of [^~]* proves the token absent.
const tildeToken = "api-echoed~token~do-not-print"

func TestAccTokenEchoedByTheServerIsMasked(t *testing.T) {
	apiHost, _ := hostileServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = fmt.Fprintf(w, `{"code":"unauthorized","message":"Invalid access token %s"}`, r.Header.Get("Authorization"))
	})
	expectError(t, providerAt(apiHost, tildeToken)+readMe,
		regexp.MustCompile(`\A[^~]*token rejected[^~]*Invalid\s+access\s+token\s+\*{8}[^~]*\z`))
}

// Members a server lists without IDs stop the read with a message that says so, never "0 members have
// the email address"; with IDs, every match is named (TestAccMemberAmbiguousEmail).
func TestAccAmbiguousEmailNeverCountsZero(t *testing.T) {
	apiHost, _ := hostileServer(t, false, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"items":[{"email":"sam@acme.example"},{"email":"SAM@acme.example"}],"totalCount":2}`)
	})
	expectError(t, providerAt(apiHost, mockapi.DefaultToken)+memberBlock(`email = "sam@acme.example"`),
		regexp.MustCompile(words(`Reading LaunchDarkly member with email "sam@acme.example"`, "listed a member without an _id")))
}
