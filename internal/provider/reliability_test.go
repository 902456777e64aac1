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
			expectError(t, providerConfig(apiHost, mockapi.DefaultToken)+readMe, regexp.MustCompile(tc.want))
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
	expectError(t, providerConfig(apiHost, tildeToken)+readMe,
		regexp.MustCompile(`\A[^~]*token rejected[^~]*Invalid\s+access\s+token\s+\*{8}[^~]*\z`))
}

// A token that cannot be sent is refused before any request, on the argument or variable it came from,
// without being shown.
func TestAccTokenThatCannotBeSentIsRefused(t *testing.T) {
	cases := []struct {
		name, config string
		env          string
		want         *regexp.Regexp
	}{
		{"line break in access_token", `access_token = "` + tildeToken + `\n"`, "",
			regexp.MustCompile(`\A[^~]*Invalid LaunchDarkly token[^~]*access_token[^~]*line\s+break[^~]*trimspace\(\)[^~]*\z`)},
		{"NUL in oauth_token", `oauth_token = "` + tildeToken + `\u0000"`, "",
			regexp.MustCompile(`\A[^~]*Invalid LaunchDarkly token[^~]*oauth_token[^~]*control\s+character\s+U\+0000[^~]*\z`)},
		{"line break in the environment", ``, tildeToken + "\n",
			regexp.MustCompile(`\A[^~]*Invalid LaunchDarkly token[^~]*LAUNCHDARKLY_ACCESS_TOKEN\s+environment\s+variable[^~]*line\s+break[^~]*\z`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != "" {
				setenv(t, envAccessToken, tc.env)
			}
			api, apiURL := startMockAPI(t)
			expectError(t, fmt.Sprintf("provider \"launchdarkly\" {\n  api_host = %q\n  %s\n}\n", apiURL, tc.config)+readMe, tc.want)
			noRequests(t, api)
		})
	}
}

// Each configuration mistake gets one error that names it, before any request.
func TestAccConfigurationMistakesGetOneClearError(t *testing.T) {
	cases := []struct {
		name, arguments string
		env             map[string]string
		want            string
	}{
		{"empty access_token", `access_token = ""`, map[string]string{envAccessToken: mockapi.DefaultToken},
			words("Empty LaunchDarkly token", "`access_token` is set to an empty string", "leave it out (or set it to null) to use the LAUNCHDARKLY_ACCESS_TOKEN environment variable")},
		{"empty oauth_token", `oauth_token = ""`, map[string]string{envOAuthToken: mockapi.DefaultToken},
			words("Empty LaunchDarkly token", "`oauth_token` is set to an empty string")},
		{"empty api_host", `
  access_token = "x"
  api_host     = ""`, nil, words("Empty LaunchDarkly API host", "`api_host` is set to an empty string")},
		{"both tokens", `
  access_token = "api-a"
  oauth_token  = "oauth-b"`, nil, words("Conflicting LaunchDarkly tokens", "Keep only the one you mean: `access_token` for a personal or service access token, `oauth_token` for an OAuth token")},
		{"both token variables", ``, map[string]string{envAccessToken: "api-a", envOAuthToken: "oauth-b"},
			words("Conflicting LaunchDarkly tokens", "Both LAUNCHDARKLY_ACCESS_TOKEN and LAUNCHDARKLY_OAUTH_TOKEN are set")},
		{"api_host with an API path", `
  access_token = "x"
  api_host     = "https://app.launchdarkly.com/api/v2/members"`, nil,
			words("Invalid LaunchDarkly API host", `give the API host without an API path, for example "https://app.launchdarkly.com"`)},
		{"max_read_seconds in the environment", `access_token = "x"`, map[string]string{envMaxReadSeconds: "2m"},
			words("Invalid LAUNCHDARKLY_MAX_READ_SECONDS", "must be a whole number of seconds between 1 and 3600", `it is "2m"`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				setenv(t, k, v)
			}
			api, apiURL := startMockAPI(t)
			if !strings.Contains(tc.arguments, "api_host") {
				setenv(t, envAPIHost, apiURL)
			}
			expectError(t, "provider \"launchdarkly\" {\n  "+tc.arguments+"\n}\n"+readMe, regexp.MustCompile(tc.want))
			noRequests(t, api)
		})
	}
}

// api_host as copied from the API docs, with /api/v2, reaches the API instead of /api/v2/api/v2/....
func TestAccAPIHostWithTheAPIPathIsTheHost(t *testing.T) {
	t.Parallel()
	for _, suffix := range []string{"/api/v2", "/api/v2/", "/api"} {
		t.Run(suffix, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			expectState(t, mockProviderConfig(apiURL+suffix)+readMe, memberIs(mockapi.FullMemberID, mockapi.FullMemberEmail)...)
			if n := requestsTo(api, "/api/v2/members/me"); n == 0 {
				t.Errorf("no request reached /api/v2/members/me")
			}
		})
	}
}

// Members a server lists without IDs stop the read with a message that says so, never "0 members have
// the email address"; with IDs, every match is named (TestAccMemberAmbiguousEmail).
func TestAccAmbiguousEmailNeverCountsZero(t *testing.T) {
	apiHost, _ := hostileServer(t, false, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"items":[{"email":"sam@acme.example"},{"email":"SAM@acme.example"}],"totalCount":2}`)
	})
	expectError(t, providerConfig(apiHost, mockapi.DefaultToken)+memberBlock(`email = "sam@acme.example"`),
		regexp.MustCompile(words(`Reading LaunchDarkly member with email "sam@acme.example"`, "listed a member without an _id")))
}
