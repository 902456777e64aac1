package launchdarkly

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// scriptedServer answers the n-th request (1-based) with script(n, w, r) and counts requests.
type scriptedServer struct {
	*httptest.Server
	requests atomic.Int64
}

func newScriptedServer(t *testing.T, script func(n int, w http.ResponseWriter, r *http.Request)) *scriptedServer {
	t.Helper()
	s := &scriptedServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		script(int(s.requests.Add(1)), w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// retryingClient is a client whose waits between attempts, and in its rate-limit gate, are recorded instead
// of slept: its clock moves by each wait, so that deadlines and rate-limit windows pass as if it had slept.
func retryingClient(t *testing.T, baseURL string, maxRetries int, timeout time.Duration) (*Client, *[]time.Duration) {
	t.Helper()
	c, err := New(Config{BaseURL: baseURL, Token: testToken, MaxRetries: maxRetries, HTTPTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return c, recordWaits(c)
}

// recordWaits replaces c's clock with one that starts now and moves only when c sleeps; it returns the
// waits taken.
func recordWaits(c *Client) *[]time.Duration {
	var mu sync.Mutex
	now := time.Now()
	waits := &[]time.Duration{}
	c.now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		*waits = append(*waits, d)
		now = now.Add(d)
		return ctx.Err()
	}
	return waits
}

const memberJSON = `{"_id":"507f1f77bcf86cd799439011","email":"a@acme.example"}`

func htmlPage(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, "<html><body><h1>Service Unavailable</h1></body></html>")
}

func TestIsRetryable(t *testing.T) {
	for status, want := range map[int]bool{
		429: true, 500: true, 502: true, 503: true, 504: true,
		501: false, 400: false, 401: false, 403: false, 404: false, 405: false, 409: false,
	} {
		if got := isRetryable(status, nil); got != want {
			t.Errorf("status %d: retryable = %v, want %v", status, got, want)
		}
	}
	errs := map[string]struct {
		err  error
		want bool
	}{
		"refused":   {&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true},
		"reset":     {fmt.Errorf("read: %w", syscall.ECONNRESET), true},
		"eof":       {fmt.Errorf("Get: %w", io.EOF), true},
		"timeout":   {context.DeadlineExceeded, true},
		"cancelled": {fmt.Errorf("Get: %w", context.Canceled), false},
		"other":     {errors.New("unsupported protocol scheme"), false},
	}
	for name, tc := range errs {
		if got := isRetryable(0, tc.err); got != tc.want {
			t.Errorf("%s: retryable = %v, want %v", name, got, tc.want)
		}
	}
}

func TestRetryWaitPrefersWhatTheServerSays(t *testing.T) {
	now := time.UnixMilli(1_800_000_000_000)
	ms := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).UnixMilli(), 10) }
	cases := []struct {
		name     string
		header   http.Header
		min, max time.Duration
	}{
		{"Retry-After seconds", http.Header{"Retry-After": {"3"}, "X-Ratelimit-Reset": {ms(time.Second)}}, 3 * time.Second, 3 * time.Second},
		{"reset epoch ms", http.Header{"X-Ratelimit-Reset": {ms(2 * time.Second)}}, 2 * time.Second, 2*time.Second + 50*time.Millisecond},
		{"later of both resets", http.Header{"X-Ratelimit-Reset": {ms(time.Second)}, "X-Ratelimit-Auth-Token-Reset": {ms(4 * time.Second)}}, 4 * time.Second, 4*time.Second + 50*time.Millisecond},
		{"reset in the past", http.Header{"X-Ratelimit-Reset": {ms(-time.Hour)}}, time.Millisecond, 201 * time.Millisecond},
		{"reset zero", http.Header{"X-Ratelimit-Reset": {"0"}, "Retry-After": {"0"}}, time.Millisecond, 201 * time.Millisecond},
		{"unparseable", http.Header{"X-Ratelimit-Reset": {"soon"}, "Retry-After": {"Wed, 21 Oct 2015 07:28:00 GMT"}}, time.Millisecond, 201 * time.Millisecond},
		{"far reset capped", http.Header{"X-Ratelimit-Reset": {ms(time.Hour)}}, MaxWait, MaxWait + 50*time.Millisecond},
		{"huge Retry-After capped", http.Header{"Retry-After": {"86400"}}, MaxWait, MaxWait},
		{"no headers", nil, time.Millisecond, 201 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for range 20 { // jitter: every draw must stay in range
				if got, _ := retryWait(tc.header, 1, now); got < tc.min || got > tc.max {
					t.Fatalf("wait = %v, want within [%v, %v]", got, tc.min, tc.max)
				}
			}
		})
	}
}

func TestBackoffGrowsExponentiallyWithCap(t *testing.T) {
	for attempt, ceiling := range map[int]time.Duration{1: 200 * time.Millisecond, 3: 800 * time.Millisecond, 6: 6400 * time.Millisecond, 7: backoffCap, 64: backoffCap} {
		for range 50 {
			if got := backoff(attempt); got <= 0 || got > ceiling+time.Millisecond {
				t.Fatalf("attempt %d: backoff %v outside (0, %v]", attempt, got, ceiling)
			}
		}
	}
}

func TestRetriesServerErrorsThenSucceeds(t *testing.T) {
	server := newScriptedServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n <= 2 {
			htmlPage(w, http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, memberJSON)
	})
	client, waits := retryingClient(t, server.URL, 8, time.Second)
	if _, err := client.GetMember(t.Context(), "me"); err != nil {
		t.Fatal(err)
	}
	if n := server.requests.Load(); n != 3 || len(*waits) != 2 {
		t.Errorf("requests = %d, waits = %v; want 3 requests and 2 waits", n, *waits)
	}
}

func TestNeverRetriesOtherClientErrors(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 501} {
		server := newScriptedServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `{"code":"x","message":"no"}`)
		})
		client, _ := retryingClient(t, server.URL, 8, time.Second)
		_, err := client.GetMember(t.Context(), "me")
		if !HasStatus(err, status) || server.requests.Load() != 1 {
			t.Errorf("status %d: err = %v after %d requests; want it after 1", status, err, server.requests.Load())
		}
	}
}

func TestGivesUpAfterMaxRetriesWithStatus(t *testing.T) {
	server := newScriptedServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		htmlPage(w, http.StatusBadGateway)
	})
	client, _ := retryingClient(t, server.URL, 3, time.Second)
	_, err := client.GetMember(t.Context(), "me")
	if !HasStatus(err, 502) || server.requests.Load() != 4 || !strings.Contains(err.Error(), "gave up after 4 attempts") {
		t.Errorf("err = %v after %d requests; want HTTP 502 after 4", err, server.requests.Load())
	}
	if strings.Contains(err.Error(), "<html") || strings.Contains(err.Error(), "JSON") {
		t.Errorf("err = %v; an HTML error page must be reported by its status, not its body or as bad JSON", err)
	}
}

func TestRetries429WithRetryAfter(t *testing.T) {
	server := newScriptedServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"code":"rate_limited","message":"slow down"}`)
			return
		}
		_, _ = io.WriteString(w, memberJSON)
	})
	client, waits := retryingClient(t, server.URL, 8, time.Second)
	if _, err := client.GetMember(t.Context(), "me"); err != nil {
		t.Fatal(err)
	}
	if len(*waits) != 1 || (*waits)[0] != 2*time.Second {
		t.Errorf("waits = %v, want exactly [2s] from Retry-After", *waits)
	}
}

func TestRetriesDroppedConnections(t *testing.T) {
	server := newScriptedServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			hijacker, ok := w.(http.Hijacker)
			if !ok {
				t.Error("the test server cannot drop connections")
				return
			}
			conn, _, _ := hijacker.Hijack()
			_ = conn.Close()
			return
		}
		_, _ = io.WriteString(w, memberJSON)
	})
	client, _ := retryingClient(t, server.URL, 8, time.Second)
	if _, err := client.GetMember(t.Context(), "me"); err != nil || server.requests.Load() != 2 {
		t.Errorf("err = %v after %d requests; want success on the second", err, server.requests.Load())
	}
}

// Nothing listening at the address is a configuration mistake far more often than a restart: one quick
// retry, then an error that names the address, whatever max_retries allows.
func TestConnectionRefusedIsRetriedOnceQuickly(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := listener.Addr().String()
	_ = listener.Close() // nothing listens there now
	for _, maxRetries := range []int{0, 8} {
		t.Run(fmt.Sprintf("max_retries %d", maxRetries), func(t *testing.T) {
			client, waits := retryingClient(t, "http://"+addr, maxRetries, time.Second)
			client.baseURLSource = "the `api_host` argument"
			_, err = client.GetMember(t.Context(), "me")
			var refused *ConnectionRefusedError
			if !errors.As(err, &refused) || !errors.Is(err, syscall.ECONNREFUSED) {
				t.Fatalf("err = %v, want a *ConnectionRefusedError", err)
			}
			want := ConnectionRefusedError{Path: "/api/v2/members/me", Address: addr, BaseURL: "http://" + addr,
				BaseURLSource: "the `api_host` argument", Attempts: min(maxRetries+1, 2), Err: refused.Err}
			if *refused != want {
				t.Errorf("err = %+v\nwant %+v", *refused, want)
			}
			if len(*waits) != want.Attempts-1 || (len(*waits) == 1 && (*waits)[0] != refusedRetryWait) {
				t.Errorf("waits %v; want one of %v at most", *waits, refusedRetryWait)
			}
		})
	}
}

// hangingServer never answers: each request waits until its client gives up.
func hangingServer(t *testing.T) *scriptedServer {
	t.Helper()
	return newScriptedServer(t, func(_ int, _ http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
}

// bounded is t's context with a deadline, for a read that only the client's own timeouts end: if they
// fail, the read ends in the deadline's error, which the test's assertions reject, instead of hanging.
func bounded(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// waitUntil polls cond until it holds, failing the test after 5 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within 5 s", what)
		}
	}
}

func TestTimedOutAttemptsAreRetriedThenReported(t *testing.T) {
	server := hangingServer(t)
	client, _ := retryingClient(t, server.URL, 1, 50*time.Millisecond)
	_, err := client.GetMember(bounded(t), "me")
	if err == nil || !strings.Contains(err.Error(), "timeout") || server.requests.Load() != 2 {
		t.Errorf("err = %v after %d requests; want a timeout error after 2", err, server.requests.Load())
	}
}

func TestCancellationStopsTheReadAtOnce(t *testing.T) {
	server := hangingServer(t)
	client, err := New(Config{BaseURL: server.URL, Token: testToken, MaxRetries: 8, HTTPTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := client.GetMember(ctx, "me"); done <- err }()
	waitUntil(t, "request", func() bool { return server.requests.Load() > 0 })
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the read went on after its context was cancelled")
	}
	if n := server.requests.Load(); n != 1 {
		t.Errorf("%d requests; a cancelled read must not be retried", n)
	}
}

func TestBodyLargerThanTheCapIsAnError(t *testing.T) {
	server := newScriptedServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"_id":"x","pad":"`+strings.Repeat("x", maxBodyBytes)+`"}`)
	})
	client, _ := retryingClient(t, server.URL, 8, 10*time.Second)
	_, err := client.GetMember(t.Context(), "me")
	if err == nil || !strings.Contains(err.Error(), "larger than 10 MiB") || server.requests.Load() != 1 {
		t.Errorf("err = %v after %d requests; want one 'larger than 10 MiB' error", err, server.requests.Load())
	}
}

func TestTruncatedJSONNamesEndpointAndStatus(t *testing.T) {
	server := newScriptedServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, memberJSON[:len(memberJSON)/2])
	})
	client, _ := retryingClient(t, server.URL, 8, time.Second)
	_, err := client.GetMember(t.Context(), "me")
	if err == nil || !strings.Contains(err.Error(), "GET /api/v2/members/me (HTTP 200) is not the JSON expected") {
		t.Errorf("err = %v", err)
	}
}

func TestEmpty5xxBodyIsRetriedThenReportedByStatus(t *testing.T) {
	server := newScriptedServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusGatewayTimeout)
	})
	client, _ := retryingClient(t, server.URL, 2, time.Second)
	_, err := client.GetMember(t.Context(), "me")
	if !HasStatus(err, 504) || server.requests.Load() != 3 {
		t.Errorf("err = %v after %d requests", err, server.requests.Load())
	}
}

func TestRedirectsNeverCarryTheTokenToAnotherHost(t *testing.T) {
	var leaked atomic.Bool
	other := newScriptedServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("Authorization") != "")
		_, _ = io.WriteString(w, memberJSON)
	})
	server := newScriptedServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	})
	client, _ := retryingClient(t, server.URL, 0, time.Second)
	_, err := client.GetMember(t.Context(), "me")
	if err == nil || !strings.Contains(err.Error(), "does not follow a redirect to another host") {
		t.Errorf("err = %v, want the cross-host redirect refused", err)
	}
	if other.requests.Load() != 0 || leaked.Load() {
		t.Error("the request reached the other host")
	}
}
