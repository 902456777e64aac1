package launchdarkly

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rateLimited answers 429 with the given headers, then memberJSON from request okFrom on (0: never).
func rateLimited(t *testing.T, okFrom int, header func(n int) http.Header) *scriptedServer {
	t.Helper()
	return newScriptedServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if okFrom > 0 && n >= okFrom {
			_, _ = io.WriteString(w, memberJSON)
			return
		}
		for name, values := range header(n) {
			w.Header()[name] = values
		}
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"code":"rate_limited","message":"slow down"}`)
	})
}

func fixed(name, value string) func(int) http.Header {
	return func(int) http.Header { return http.Header{name: {value}} }
}

// A wait the server asks for that no read could take fails the read at once, saying how long it asked
// for, instead of overflowing into no wait at all (nine requests in a burst) or waiting for years.
func TestAbsurdWaitsFailAtOnceSayingWhatWasAsked(t *testing.T) {
	yearAhead := strconv.FormatInt(time.Now().AddDate(1, 0, 0).UnixMilli(), 10)
	cases := []struct {
		name   string
		header func(int) http.Header
		want   string
	}{
		{"Retry-After 1e10 seconds", fixed("Retry-After", "10000000000"), "asked to wait more than 290 years (Retry-After: 10000000000)"},
		{"Retry-After Inf", fixed("Retry-After", "Inf"), "asked to wait more than 290 years (Retry-After: Inf)"},
		{"Retry-After 1e400", fixed("Retry-After", "1e400"), "asked to wait more than 290 years (Retry-After: 1e400)"},
		{"Retry-After a day", fixed("Retry-After", "86400"), "asked to wait 24 h (Retry-After: 86400)"},
		{"Retry-After an HTTP date years ahead", fixed("Retry-After", "Fri, 31 Dec 2100 23:59:59 GMT"), "years (Retry-After: Fri, 31 Dec 2100 23:59:59 GMT)"},
		{"reset a year ahead", fixed("X-Ratelimit-Reset", yearAhead), "days (X-Ratelimit-Reset: " + yearAhead + ")"},
		{"token reset at the end of time", fixed("X-Ratelimit-Auth-Token-Reset", "9223372036854775807"), "asked to wait more than 290 years (X-Ratelimit-Auth-Token-Reset: 9223372036854775807)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			server := rateLimited(t, 0, tc.header)
			client, waits := retryingClient(t, server.URL, 8, time.Second)
			_, err := client.GetMember(t.Context(), "me")
			if !HasStatus(err, http.StatusTooManyRequests) {
				t.Fatalf("err = %v, want the 429 kept in the error", err)
			}
			for _, want := range []string{tc.want, "HTTP 429 Too Many Requests: slow down", "gave up after 1 attempt:",
				"more than the 2 min left of max_read_seconds (2 min)"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err = %v\nwant it to say %q", err, want)
				}
			}
			if n := server.requests.Load(); n != 1 || len(*waits) != 0 {
				t.Errorf("%d requests, waits %v; want 1 request and no wait", n, *waits)
			}
		})
	}
}

// Values that ask for no wait, or that cannot be read, fall back to backoff: bounded, never zero.
func TestUnusableWaitsFallBackToBackoff(t *testing.T) {
	for _, value := range []string{"-5", "NaN", "-Inf", "0", "soon", "Wed, 21 Oct 2015 07:28:00 GMT"} {
		t.Run(value, func(t *testing.T) {
			server := rateLimited(t, 0, fixed("Retry-After", value))
			client, waits := retryingClient(t, server.URL, 3, time.Second)
			_, err := client.GetMember(t.Context(), "me")
			if !strings.Contains(err.Error(), "gave up after 4 attempts") || len(*waits) != 3 {
				t.Fatalf("err = %v, waits %v; want 4 attempts", err, *waits)
			}
			for _, w := range *waits {
				if w <= 0 || w > backoffCap+time.Millisecond {
					t.Errorf("wait %v is not a backoff", w)
				}
			}
		})
	}
}

func TestRetryAfterAsAnHTTPDateIsHonoured(t *testing.T) {
	cases := map[string]time.Duration{
		"server clock agrees":         0,
		"this machine's clock is off": -time.Hour, // the date is read against the server's own clock
	}
	for name, skew := range cases {
		t.Run(name, func(t *testing.T) {
			server := rateLimited(t, 2, func(int) http.Header {
				date := time.Now().Add(skew).Truncate(time.Second)
				return http.Header{
					"Date":        {date.UTC().Format(http.TimeFormat)},
					"Retry-After": {date.Add(30 * time.Second).UTC().Format(http.TimeFormat)},
				}
			})
			client, waits := retryingClient(t, server.URL, 8, time.Second)
			if _, err := client.GetMember(t.Context(), "me"); err != nil {
				t.Fatal(err)
			}
			// The gate and the retry both wait for the date; together, about 30 s.
			var total time.Duration
			for _, w := range *waits {
				total += w
			}
			if total < 29*time.Second || total > 31*time.Second || server.requests.Load() != 2 {
				t.Errorf("waits %v over %d requests; want about 30 s before the second", *waits, server.requests.Load())
			}
		})
	}
}

// A server answering 429 forever holds one read for max_read_seconds at most; the error says how many
// attempts were made and what the last answer was.
func TestReadDeadlineBoundsEveryAttemptAndWait(t *testing.T) {
	cases := map[string]struct {
		header       func(int) http.Header
		maxRead      time.Duration
		wantAttempts int64
		want         string
	}{
		// Four waits of 30 s use up the read: no fifth attempt that could not be waited for.
		"Retry-After 30 forever": {fixed("Retry-After", "30"), 2 * time.Minute, 4,
			`the read ran out of time: max_read_seconds (2 min) bounds one read in all, every page, retry and wait included. By then it had read 0 pages in 4 attempts; the last answer: HTTP 429 Too Many Requests: slow down (code "rate_limited")`},
		"Retry-After 60 forever": {fixed("Retry-After", "60"), 2 * time.Minute, 2,
			`read 0 pages in 2 attempts; the last answer: HTTP 429`},
		// Backoff, up to 10 s a wait, would take about a minute for max_retries; the read has 15 s.
		"bare 429 forever": {func(int) http.Header { return nil }, 15 * time.Second, 0,
			`the read ran out of time: max_read_seconds (15 s) bounds one read in all`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			server := rateLimited(t, 0, tc.header)
			client, err := New(Config{BaseURL: server.URL, Token: testToken, MaxRetries: 20, MaxReadTime: tc.maxRead})
			if err != nil {
				t.Fatal(err)
			}
			waits := recordWaits(client)
			_, err = client.GetMember(t.Context(), "me")
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "slow down") {
				t.Fatalf("err = %v\nwant it to say %q and give the last answer", err, tc.want)
			}
			var total time.Duration
			for _, w := range *waits {
				total += w
			}
			n := server.requests.Load()
			if total > tc.maxRead || n >= 21 || (tc.wantAttempts > 0 && n != tc.wantAttempts) {
				t.Errorf("%d requests over %v of waits; want at most max_read_seconds of waits and fewer than max_retries allows", n, total)
			}
			if tc.wantAttempts == 0 && !strings.Contains(err.Error(), "in "+strconv.FormatInt(n, 10)+" attempts") {
				t.Errorf("err = %v; want the %d attempts counted", err, n)
			}
		})
	}
}

// A server that never answers holds the read for max_read_seconds, whatever http_timeout and max_retries
// allow.
func TestReadDeadlineStopsAHangingAttempt(t *testing.T) {
	server := hangingServer(t)
	client, err := New(Config{BaseURL: server.URL, Token: testToken, MaxRetries: 8, HTTPTimeout: time.Minute,
		MaxReadTime: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.GetMember(bounded(t), "me")
	if err == nil || !strings.Contains(err.Error(), "GET /api/v2/members/me: the read ran out of time: max_read_seconds (0.05 s)") ||
		!strings.Contains(err.Error(), "read 0 pages in 1 attempt, which had no answer yet") {
		t.Errorf("err = %v", err)
	}
	if n := server.requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// One read, one deadline: what the first call of a read used up is gone for the next, and a call made
// after the deadline sends nothing.
func TestCallsOfOneReadShareItsDeadline(t *testing.T) {
	server := hangingServer(t)
	client, err := New(Config{BaseURL: server.URL, Token: testToken, HTTPTimeout: time.Minute,
		MaxReadTime: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, done := client.BeginRead(bounded(t))
	defer done()
	if _, err := client.GetUser(ctx, "p", "e", "u"); !errors.Is(err, ErrOutOfTime) {
		t.Fatalf("err = %v, want the read out of time", err)
	}
	_, err = client.GetContext(ctx, ContextQuery{ProjectKey: "p", EnvironmentKey: "e", Kind: "user", Key: "u"})
	if !errors.Is(err, ErrOutOfTime) || !strings.Contains(err.Error(), "read 0 pages in 1 attempt, which had no answer yet") {
		t.Errorf("err = %v, want the read out of time, counting the first call's attempt", err)
	}
	if n := server.requests.Load(); n != 1 {
		t.Errorf("%d requests; want 1, none after the deadline", n)
	}
	// A call without a read of its own gets a fresh deadline.
	if _, err := client.GetUser(bounded(t), "p", "e", "u"); !errors.Is(err, ErrOutOfTime) || server.requests.Load() != 2 {
		t.Errorf("err = %v after %d requests; want a read of its own", err, server.requests.Load())
	}
}

// Every page of a listing counts against the one deadline: a server that always has one more page, a
// little slowly, holds the read for max_read_seconds, not for a deadline per page.
func TestEveryPageCountsAgainstTheReadsDeadline(t *testing.T) {
	server := newScriptedServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		_, _ = fmt.Fprintf(w, `{"items":[{"_id":"%024x"}],"totalCount":1000000}`, n)
	})
	client, err := New(Config{BaseURL: server.URL, Token: testToken, MaxReadTime: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = client.ListMembers(bounded(t), MemberFilter{})
	if !errors.Is(err, ErrOutOfTime) || !regexp.MustCompile(`read \d+ pages in \d+ attempts`).MatchString(err.Error()) {
		t.Fatalf("err = %v, want the read out of time with the pages it read", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("the listing took %s; want about max_read_seconds", elapsed)
	}
	if n := server.requests.Load(); n < 2 {
		t.Errorf("%d requests; want several pages before the deadline", n)
	}
}
