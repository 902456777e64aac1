package launchdarkly

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// rateGate holds back every request of one Client once LaunchDarkly says the rate-limit window is used up,
// so that concurrent reads wait for the reset together instead of each discovering a 429. It belongs to
// the Client, not to the host: LaunchDarkly counts requests per token as well as per account, so two
// provider configurations with different tokens pace themselves apart.
//
// It keeps a budget for the current window: the smallest X-Ratelimit-*-Remaining reported, less the
// requests let through after the one that reported it (which the server had not counted yet). A request
// that would overdraw the budget waits for the window to end, which keeps 429s rare at full concurrency.
type rateGate struct {
	mu sync.Mutex
	// windowEnd is the server's reset time of the current window; zero until a rate-limit header is seen.
	windowEnd time.Time
	// budget is how many more requests the window allows; meaningful only before windowEnd.
	budget int
	// granted counts the requests let through, to discount those a Remaining value does not know of.
	granted uint64
	now     func() time.Time
	sleep   func(context.Context, time.Duration) error
}

func newRateGate(now func() time.Time, sleep func(context.Context, time.Duration) error) *rateGate {
	return &rateGate{now: now, sleep: sleep}
}

// wait blocks until the window has room for one more request, then counts it. It returns the request's
// sequence number, for observe, and how long it waited, for the logs.
func (g *rateGate) wait(ctx context.Context) (uint64, time.Duration, error) {
	var waited time.Duration
	for {
		g.mu.Lock()
		now := g.now()
		open := !now.Before(g.windowEnd)
		if open || g.budget > 0 {
			if !open {
				g.budget--
			}
			g.granted++
			seq := g.granted
			g.mu.Unlock()
			return seq, waited, nil
		}
		d := min(g.windowEnd.Sub(now)+jitter(), MaxWait)
		g.mu.Unlock()
		if err := g.sleep(ctx, d); err != nil {
			return 0, waited, err
		}
		waited += d
	}
}

// observe learns from the response to request seq. A 429 empties the window's budget; a Remaining
// header sets it. Responses from an older window than the one known are ignored.
func (g *rateGate) observe(seq uint64, status int, header http.Header) {
	limited := status == http.StatusTooManyRequests
	remaining, hasRemaining := minRemaining(header)
	if !limited && !hasRemaining {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	end, ok := windowEnd(header, g.now())
	if !ok {
		return // no window end: nothing to wait for; the retry's backoff paces a bare 429
	}
	budget := 0
	if !limited {
		budget = remaining - int(g.granted-seq)
	}
	switch {
	case end.After(g.windowEnd):
		g.windowEnd, g.budget = end, budget
	case end.Equal(g.windowEnd):
		g.budget = min(g.budget, budget)
	}
}

// windowEnd is when the server says the current window ends: now plus the wait its headers ask for (see
// serverRequestedWait), capped at MaxWait from now.
func windowEnd(header http.Header, now time.Time) (time.Time, bool) {
	asked, ok := serverRequestedWait(header, now)
	if !ok {
		return time.Time{}, false
	}
	return now.Add(min(asked.d, MaxWait)), true
}

// minRemaining is the smallest X-Ratelimit-*-Remaining value in the header.
func minRemaining(header http.Header) (int, bool) {
	found, smallest := false, 0
	for _, name := range []string{headerGlobalRemaining, headerRouteRemaining, headerAuthTokenRemaining} {
		if n, err := strconv.Atoi(header.Get(name)); err == nil && (!found || n < smallest) {
			found, smallest = true, n
		}
	}
	return smallest, found
}
