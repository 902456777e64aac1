package launchdarkly

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// fakeClock is a clock that only moves when the gate sleeps.
type fakeClock struct {
	now   time.Time
	slept []time.Duration
}

func (f *fakeClock) Now() time.Time { return f.now }

func (f *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	f.slept = append(f.slept, d)
	f.now = f.now.Add(d)
	return nil
}

func newFakeGate() (*rateGate, *fakeClock) {
	clock := &fakeClock{now: time.UnixMilli(1_800_000_000_000)}
	return newRateGate(clock.Now, clock.Sleep), clock
}

func limitHeader(remaining int, reset time.Time) http.Header {
	return http.Header{
		"X-Ratelimit-Route-Remaining": {strconv.Itoa(remaining)},
		"X-Ratelimit-Reset":           {strconv.FormatInt(reset.UnixMilli(), 10)},
	}
}

func mustPass(t *testing.T, g *rateGate) uint64 {
	t.Helper()
	seq, waited, err := g.wait(t.Context())
	if err != nil || waited != 0 {
		t.Fatalf("gate held a request it should pass: waited %v, err %v", waited, err)
	}
	return seq
}

func TestGateIsOpenWithoutRateLimitHeaders(t *testing.T) {
	g, _ := newFakeGate()
	for range 100 {
		seq := mustPass(t, g)
		g.observe(seq, http.StatusOK, http.Header{})
	}
}

func TestGateHoldsEveryoneUntilTheResetOnceRemainingIsZero(t *testing.T) {
	g, clock := newFakeGate()
	reset := clock.now.Add(800 * time.Millisecond)
	seq := mustPass(t, g)
	g.observe(seq, http.StatusOK, limitHeader(0, reset))
	if _, waited, _ := g.wait(t.Context()); waited < 800*time.Millisecond {
		t.Fatalf("waited %v, want at least until the reset", waited)
	}
	if clock.now.Sub(reset) > 50*time.Millisecond {
		t.Errorf("released %v after the reset; the jitter must stay small", clock.now.Sub(reset))
	}
}

func TestGateSpendsTheReportedBudgetLessRequestsAlreadySent(t *testing.T) {
	g, clock := newFakeGate()
	reset := clock.now.Add(time.Second)
	first := mustPass(t, g)
	mustPass(t, g) // sent before the first answer came back: the server's count did not include it
	g.observe(first, http.StatusOK, limitHeader(3, reset))
	mustPass(t, g)
	mustPass(t, g) // 3 remaining - 1 unseen = 2 more allowed
	if _, waited, _ := g.wait(t.Context()); waited < time.Second {
		t.Errorf("the request past the budget waited %v, want until the reset", waited)
	}
}

func TestGateCloses429UntilItsReset(t *testing.T) {
	g, clock := newFakeGate()
	seq := mustPass(t, g)
	g.observe(seq, http.StatusTooManyRequests, http.Header{"Retry-After": {"2"}})
	if _, waited, _ := g.wait(t.Context()); waited < 2*time.Second {
		t.Errorf("waited %v after a 429 with Retry-After 2", waited)
	}
	if len(clock.slept) == 0 {
		t.Error("the gate did not sleep")
	}
}

func TestGateIgnoresPastAndBrokenResets(t *testing.T) {
	g, clock := newFakeGate()
	seq := mustPass(t, g)
	g.observe(seq, http.StatusTooManyRequests, limitHeader(0, clock.now.Add(-time.Hour)))
	seq = mustPass(t, g)
	g.observe(seq, http.StatusTooManyRequests, http.Header{"X-Ratelimit-Reset": {"never"}})
	seq = mustPass(t, g)
	g.observe(seq, http.StatusOK, http.Header{"X-Ratelimit-Route-Remaining": {"0"}, "X-Ratelimit-Reset": {"0"}})
	mustPass(t, g)
}

func TestGateCapsItsWait(t *testing.T) {
	g, clock := newFakeGate()
	seq := mustPass(t, g)
	g.observe(seq, http.StatusOK, limitHeader(0, clock.now.Add(24*time.Hour)))
	if _, waited, _ := g.wait(t.Context()); waited > MaxWait+50*time.Millisecond {
		t.Errorf("waited %v, want at most %v", waited, MaxWait)
	}
}

func TestGateIgnoresAnswersFromAnOlderWindow(t *testing.T) {
	g, clock := newFakeGate()
	oldReset := clock.now.Add(100 * time.Millisecond)
	newReset := clock.now.Add(1100 * time.Millisecond)
	a, b := mustPass(t, g), mustPass(t, g)
	g.observe(a, http.StatusOK, limitHeader(10, newReset))
	g.observe(b, http.StatusOK, limitHeader(0, oldReset)) // late answer from the previous window
	mustPass(t, g)
}

func TestGateStopsWaitingWhenCancelled(t *testing.T) {
	g := newRateGate(time.Now, sleepContext)
	seq, _, _ := g.wait(t.Context())
	g.observe(seq, http.StatusOK, limitHeader(0, time.Now().Add(30*time.Second)))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, _, err := g.wait(ctx); err == nil {
		t.Error("a cancelled wait returned no error")
	}
}

// Each client has its own gate: a token that LaunchDarkly rate-limits does not hold back a client with
// another token, even against the same host (two provider aliases, say), and tests share nothing.
func TestClientsWithDifferentTokensPaceIndependently(t *testing.T) {
	const otherToken = "api-99999999-2222-4333-8444-555555555555"
	server := newScriptedServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == testToken {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = w.Write([]byte(memberJSON))
	})
	limited, _ := retryingClient(t, server.URL, 0, time.Second)
	other, err := New(Config{BaseURL: server.URL, Token: otherToken, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	otherWaits := recordWaits(other)
	if limited.gate == other.gate {
		t.Fatal("two clients share one rate-limit gate")
	}
	if _, err := limited.GetMember(t.Context(), "me"); !HasStatus(err, http.StatusTooManyRequests) {
		t.Fatalf("err = %v, want the 429", err)
	}
	// A guard, not a timing: had the gates been shared, this read would wait the 30 s Retry-After.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err := other.GetMember(ctx, "me"); err != nil || len(*otherWaits) != 0 {
		t.Errorf("the other token's read: err = %v, waits %v; want an immediate answer", err, *otherWaits)
	}
}
