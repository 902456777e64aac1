package mockapi

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimitHeadersAnd429s(t *testing.T) {
	api, srv := newServer(t)
	before := time.Now()
	api.SetRateLimit(3, time.Minute) // one window for the whole test
	wantReset := before.Add(time.Minute)

	for i, want := range []struct{ status, remaining int }{{200, 2}, {200, 1}, {200, 0}, {429, 0}, {429, 0}} {
		res := mustGetMember(t, srv)
		if res.status != want.status {
			t.Fatalf("request %d: status %d, want %d", i+1, res.status, want.status)
		}
		if got := res.header.Get(headerRouteLimit); got != "3" {
			t.Errorf("request %d: %s = %q, want 3", i+1, headerRouteLimit, got)
		}
		if got := res.header.Get(headerRouteRemaining); got != strconv.Itoa(want.remaining) {
			t.Errorf("request %d: %s = %q, want %d", i+1, headerRouteRemaining, got, want.remaining)
		}
		if reset := resetHeader(t, res); reset.Before(wantReset.Add(-time.Millisecond)) || reset.After(time.Now().Add(time.Minute)) {
			t.Errorf("request %d: reset %v, want the window's end, about %v", i+1, reset, wantReset)
		}
		if res.header.Get("Retry-After") != "" {
			t.Errorf("request %d: the route limiter sent Retry-After", i+1)
		}
		if want.status == http.StatusTooManyRequests {
			wantRateLimitedBody(t, res)
		}
	}
	wantStats(t, api, Stats{Requests: 5, RateLimited: 2})
}

func TestRateLimitWindowsAreFixed(t *testing.T) {
	api, srv := newServer(t)
	const window = 300 * time.Millisecond
	api.SetRateLimit(1, window)
	first := mustGetMember(t, srv)
	if first.status != http.StatusOK {
		t.Fatalf("status %d", first.status)
	}
	if res := mustGetMember(t, srv); res.status != http.StatusTooManyRequests {
		t.Fatalf("second request in the window: status %d, want 429", res.status)
	}
	reset := resetHeader(t, first)
	time.Sleep(time.Until(reset) + 20*time.Millisecond)
	next := mustGetMember(t, srv)
	if next.status != http.StatusOK {
		t.Fatalf("after the reset: status %d, want 200", next.status)
	}
	if got := resetHeader(t, next).Sub(reset); got%window != 0 || got <= 0 {
		t.Fatalf("next reset is %v after the first, want a whole number of windows", got)
	}
}

func TestRateLimitDisabled(t *testing.T) {
	api, srv := newServer(t)
	api.SetRateLimit(1, time.Minute)
	api.SetRateLimit(0, 0)
	for range 3 {
		res := mustGetMember(t, srv)
		if res.status != http.StatusOK || res.header.Get(headerRouteLimit) != "" {
			t.Fatalf("status %d, limit header %q", res.status, res.header.Get(headerRouteLimit))
		}
	}
}

func TestRateLimiterTake(t *testing.T) {
	start := time.Unix(1000, 0)
	l := &rateLimiter{limit: 2, window: time.Second, start: start}
	steps := []struct {
		at        time.Duration
		remaining int
		reset     time.Duration
		ok        bool
	}{
		{0, 1, time.Second, true},
		{500 * time.Millisecond, 0, time.Second, true},
		{999 * time.Millisecond, 0, time.Second, false},
		{time.Second, 1, 2 * time.Second, true},
		{3500 * time.Millisecond, 1, 4 * time.Second, true},
		{3600 * time.Millisecond, 0, 4 * time.Second, true},
		{3700 * time.Millisecond, 0, 4 * time.Second, false},
	}
	for _, s := range steps {
		d := l.take(start.Add(s.at))
		remaining, reset, ok := d.remaining, d.reset, d.ok
		if remaining != s.remaining || !reset.Equal(start.Add(s.reset)) || ok != s.ok {
			t.Errorf("at %v: take() = %d, %v, %v; want %d, %v, %v", s.at, remaining, reset.Sub(start), ok, s.remaining, s.reset, s.ok)
		}
	}
}

// Injected faults take precedence and do not use up the window.
func TestFaultsBypassTheRateLimiter(t *testing.T) {
	api, srv := newServer(t)
	api.SetRateLimit(1, time.Minute)
	api.InjectFault(FirstN(1), Fault{Kind: RateLimited, RetryAfter: "1"})
	if res := mustGetMember(t, srv); res.status != http.StatusTooManyRequests || res.header.Get(headerRouteLimit) != "" {
		t.Fatalf("status %d, limit header %q; want the injected 429", res.status, res.header.Get(headerRouteLimit))
	}
	if res := mustGetMember(t, srv); res.status != http.StatusOK {
		t.Fatalf("status %d, want 200", res.status)
	}
	wantStats(t, api, Stats{Requests: 2, RateLimited: 1, Faults: 1})
}
