package launchdarkly

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// connCountingServer is an httptest server, plain or TLS, that counts the connections opened to it: a
// failed TLS handshake never becomes a request, but it is a connection.
func connCountingServer(t *testing.T, useTLS bool, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
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
	return srv, &conns
}

// Failures that every attempt would meet again fail on the first, saying what is wrong and what to do.
func TestFailuresNoRetryCanMendFailOnTheFirstAttempt(t *testing.T) {
	member := func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, memberJSON) }
	cases := []struct {
		name      string
		server    func(t *testing.T) (baseURL string, conns *atomic.Int64)
		wantConns int64
		want      []string
	}{
		{"certificate that does not verify", func(t *testing.T) (string, *atomic.Int64) {
			srv, conns := connCountingServer(t, true, member)
			return srv.URL, conns
		}, 1, []string{"the TLS certificate of 127.0.0.1:", "did not verify", "certificate signed by unknown authority", "api_host"}},
		{"https spoken to a plain-http server", func(t *testing.T) (string, *atomic.Int64) {
			srv, conns := connCountingServer(t, false, member)
			return strings.Replace(srv.URL, "http://", "https://", 1), conns
		}, 1, []string{"answered in plain HTTP, not HTTPS", "api_host"}},
		{"redirect to another host", func(t *testing.T) (string, *atomic.Int64) {
			other, _ := connCountingServer(t, false, member)
			srv, conns := connCountingServer(t, false, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
			})
			return srv.URL, conns
		}, 1, []string{"redirected to http://127.0.0.1:", "does not follow a redirect to another host", "api_host"}},
		{"redirect loop", func(t *testing.T) (string, *atomic.Int64) {
			srv, conns := connCountingServer(t, false, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, r.URL.String(), http.StatusFound)
			})
			return srv.URL, conns
		}, 1, []string{"redirect loop", "/api/v2/members/me"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			baseURL, conns := tc.server(t)
			client, waits := retryingClient(t, baseURL, 8, 5*time.Second)
			_, err := client.GetMember(t.Context(), "me")
			if err == nil {
				t.Fatal("the read succeeded")
			}
			for _, want := range append(tc.want, "GET /api/v2/members/me: ", "Not retried") {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err = %v\nwant it to say %q", err, want)
				}
			}
			if len(*waits) != 0 || conns.Load() != tc.wantConns {
				t.Errorf("%d connections and waits %v; want %d connection and no retry", conns.Load(), *waits, tc.wantConns)
			}
		})
	}
}

// A redirect loop ends at the first repeated URL: two requests, not five per attempt.
func TestRedirectLoopStopsAtTheFirstRepeat(t *testing.T) {
	server := newScriptedServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n%2 == 1 {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		http.Redirect(w, r, "/api/v2/members/me?expand=customRoles%2CroleAttributes", http.StatusFound)
	})
	client, _ := retryingClient(t, server.URL, 8, time.Second)
	_, err := client.GetMember(t.Context(), "me")
	if err == nil || !strings.Contains(err.Error(), "redirect loop") || server.requests.Load() != 2 {
		t.Errorf("err = %v after %d requests; want a redirect loop after 2", err, server.requests.Load())
	}
}

func TestNewRefusesATokenThatCannotBeSent(t *testing.T) {
	cases := map[string]struct{ token, want string }{
		"trailing newline":  {testToken + "\n", "a line break (character 41 of 41); LaunchDarkly tokens are printable ASCII without spaces at either end, so this one cannot be sent; if it is read from a file, wrap it in trimspace()"},
		"carriage return":   {"api-12\r\n34", "a line break (character 7 of 10)"},
		"NUL":               {"api-\x00x", "the control character U+0000 (character 5 of 6)"},
		"non-breaking":      {"api-1\u00a02", "the non-ASCII character U+00A0 (character 6 of 7)"},
		"leading space":     {" api-1", "a space (character 1 of 6)"},
		"empty":             {"", "the token is empty"},
		"DEL":               {"api\x7f", "the control character U+007F"},
		"tab inside it too": {"api-\tx", "the control character U+0009"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := New(Config{BaseURL: "https://app.launchdarkly.com", Token: tc.token})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
			if tc.token != "" && strings.Contains(err.Error(), strings.TrimSpace(tc.token)) {
				t.Errorf("the error shows the token: %v", err)
			}
		})
	}
	if _, err := New(Config{BaseURL: "https://app.launchdarkly.com", Token: "Bearer " + testToken}); err != nil {
		t.Errorf("a space inside the token is sendable: %v", err)
	}
}

func TestOnlyTransientNetworkErrorsAreRetryable(t *testing.T) {
	wrap := func(err error) error {
		return &url.Error{Op: "Get", URL: "https://app.launchdarkly.com/api/v2/members/me", Err: err}
	}
	cases := map[string]struct {
		err  error
		want bool
	}{
		"connection refused":   {wrap(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), true},
		"connection reset":     {wrap(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}), true},
		"DNS failure":          {wrap(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "x"}}), true},
		"server closed":        {wrap(io.EOF), true},
		"attempt timed out":    {wrap(context.DeadlineExceeded), true},
		"unknown authority":    {wrap(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}), false},
		"hostname mismatch":    {wrap(x509.HostnameError{Certificate: &x509.Certificate{}, Host: "x"}), false},
		"plain HTTP answer":    {wrap(http.ErrSchemeMismatch), false},
		"TLS alert":            {wrap(&net.OpError{Op: "remote error", Err: errors.New("tls: bad certificate")}), false},
		"refused redirect":     {wrap(&redirectError{"redirect loop"}), false},
		"invalid header value": {wrap(errors.New(`net/http: invalid header field value for "Authorization"`)), false},
		"anything else":        {wrap(errors.New("something new")), false},
		"cancelled":            {wrap(context.Canceled), false},
	}
	for name, tc := range cases {
		if got := isRetryable(0, tc.err); got != tc.want {
			t.Errorf("%s: retryable = %v, want %v", name, got, tc.want)
		}
	}
}

// The transient failures stay retried: a DNS name that does not resolve (.invalid never does) is tried
// again, as a refused connection is (TestRetriesConnectionRefused).
func TestDNSFailuresAreRetried(t *testing.T) {
	client, waits := retryingClient(t, "https://api.launchdarkly.invalid", 2, time.Second)
	_, err := client.GetMember(t.Context(), "me")
	if err == nil || len(*waits) != 2 || !strings.Contains(err.Error(), "gave up after 3 attempts") {
		t.Errorf("err = %v with waits %v; want the lookup retried twice", err, *waits)
	}
}
