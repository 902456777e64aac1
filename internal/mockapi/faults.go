package mockapi

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// The fault layer, in front of every route: latency, injected faults, and a rate limiter, in that order,
// with counters of what it served. A faulted request is recorded by Requests but not counted by the rate
// limiter.

// Schedule decides, from a request's 1-based sequence number across the whole mock, whether a fault applies.
type Schedule func(n int) bool

// Always matches every request.
func Always() Schedule { return func(int) bool { return true } }

// FirstN matches requests 1..k.
func FirstN(k int) Schedule { return func(n int) bool { return n <= k } }

// EveryNth matches requests k, 2k, 3k... It panics if k < 1, since that is a bug in the calling test.
func EveryNth(k int) Schedule {
	if k < 1 {
		panic("mockapi: EveryNth needs k >= 1")
	}
	return func(n int) bool { return n%k == 0 }
}

// FaultKind is a way for a response to go wrong.
type FaultKind int

const (
	// RateLimited answers 429 with the rate_limited error body; Retry-After and X-Ratelimit-Reset come
	// from Fault.RetryAfter and Fault.ResetIn.
	RateLimited FaultKind = iota + 1
	// HTMLError answers Fault.Status (default 503) with an HTML page, as a proxy or load balancer would.
	HTMLError
	// EmptyError answers Fault.Status (default 502) with an empty body.
	EmptyError
	// DropConnection closes the connection without any response.
	DropConnection
	// Hang never answers: it blocks until the client goes away or the server shuts down
	// (http.Server.Shutdown or Close). httptest.Server.Close waits for outstanding requests, so a test
	// must let its client time out (or call CloseClientConnections) first.
	Hang
	// HugeBody answers 200 with a valid JSON object over 11 MiB: the real answer plus a huge "padding".
	HugeBody
	// TruncatedJSON answers 200 with the first half of the real body.
	TruncatedJSON
)

// Fault is what InjectFault does to a request its schedule matches.
type Fault struct {
	Kind FaultKind
	// Status is the status of HTMLError and EmptyError; 0 means the kind's default.
	Status int
	// RetryAfter, for RateLimited, is sent as the Retry-After header (seconds) when not empty.
	RetryAfter string
	// ResetIn, for RateLimited, sends X-Ratelimit-Reset = now+ResetIn in epoch milliseconds when not zero;
	// negative means a reset in the past.
	ResetIn time.Duration
}

// Stats counts what the mock has answered.
type Stats struct {
	// Requests is every request received (the same as RequestCount).
	Requests int
	// RateLimited counts every 429 sent, by the rate limiter or injected.
	RateLimited int
	// Faults counts injected faults.
	Faults int
}

// Rate-limit headers, as LaunchDarkly sends them for a route's limit.
const (
	headerRouteLimit     = "X-Ratelimit-Route-Limit"
	headerRouteRemaining = "X-Ratelimit-Route-Remaining"
	headerReset          = "X-Ratelimit-Reset"
)

var errRateLimited = &apiError{http.StatusTooManyRequests, "rate_limited", "You've exceeded the API rate limit. Try again later."}

// faultLayer is the fault, latency and rate-limit state of one API.
type faultLayer struct {
	seq     atomic.Int64
	latency atomic.Int64 // time.Duration

	mu        sync.Mutex
	faults    []scheduledFault
	limiter   *rateLimiter
	stats     Stats
	shutdowns map[*http.Server]chan struct{}
}

type scheduledFault struct {
	schedule Schedule
	fault    Fault
}

func newFaultLayer() *faultLayer {
	return &faultLayer{shutdowns: map[*http.Server]chan struct{}{}}
}

// InjectFault makes the requests s matches fail with f. The first fault added whose schedule matches a
// request wins.
func (a *API) InjectFault(s Schedule, f Fault) {
	x := a.faults
	x.mu.Lock()
	defer x.mu.Unlock()
	x.faults = append(x.faults, scheduledFault{s, f})
}

// SetLatency makes every response wait d first. A request whose client goes away meanwhile is dropped.
func (a *API) SetLatency(d time.Duration) { a.faults.latency.Store(int64(d)) }

// SetRateLimit allows at most limit requests per fixed window, like LaunchDarkly's route limit, with
// windows aligned to this call. Every response the limiter sees carries X-Ratelimit-Route-Limit,
// X-Ratelimit-Route-Remaining (never below 0) and X-Ratelimit-Reset (the window's end in epoch
// milliseconds); a request over the limit gets 429 rate_limited without Retry-After. A limit of 0 turns
// the limiter off. It panics if limit > 0 and window <= 0, since that is a bug in the calling test.
func (a *API) SetRateLimit(limit int, window time.Duration) {
	var l *rateLimiter
	if limit > 0 {
		if window <= 0 {
			panic("mockapi: SetRateLimit needs a positive window")
		}
		l = &rateLimiter{limit: limit, window: window, start: time.Now()}
	}
	x := a.faults
	x.mu.Lock()
	defer x.mu.Unlock()
	x.limiter = l
}

// Stats returns the counters since New.
func (a *API) Stats() Stats {
	x := a.faults
	x.mu.Lock()
	stats := x.stats
	x.mu.Unlock()
	stats.Requests = a.RequestCount()
	return stats
}

// wrap puts the layer in front of next.
func (x *faultLayer) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(x.seq.Add(1))
		if d := time.Duration(x.latency.Load()); d > 0 {
			timer := time.NewTimer(d)
			defer timer.Stop()
			select {
			case <-timer.C:
			case <-r.Context().Done():
				return
			}
		}
		f, faulted, limit := x.take(n)
		switch {
		case faulted:
			x.serveFault(w, r, next, f)
		case limit == nil || limit.admit(w):
			next.ServeHTTP(w, r)
		}
	})
}

// take finds the first fault whose schedule matches request n, or else counts the request against the
// rate limit, and updates the counters.
func (x *faultLayer) take(n int) (Fault, bool, *limitDecision) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, sf := range x.faults {
		if sf.schedule(n) {
			x.stats.Faults++
			if sf.fault.Kind == RateLimited {
				x.stats.RateLimited++
			}
			return sf.fault, true, nil
		}
	}
	if x.limiter == nil {
		return Fault{}, false, nil
	}
	d := x.limiter.take(time.Now())
	if !d.ok {
		x.stats.RateLimited++
	}
	return Fault{}, false, &d
}

func (x *faultLayer) serveFault(w http.ResponseWriter, r *http.Request, next http.Handler, f Fault) {
	switch f.Kind {
	case RateLimited:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		if f.ResetIn != 0 {
			w.Header().Set(headerReset, strconv.FormatInt(time.Now().Add(f.ResetIn).UnixMilli(), 10))
		}
		writeError(w, errRateLimited)
	case HTMLError:
		status := statusOr(f.Status, http.StatusServiceUnavailable)
		text := fmt.Sprintf("%d %s", status, http.StatusText(status))
		writeBody(w, status, "text/html", fmt.Appendf(nil, "<!DOCTYPE html>\n<html>\n<head><title>%s</title></head>\n"+
			"<body>\n<center><h1>%s</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n", text, text))
	case EmptyError:
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(statusOr(f.Status, http.StatusBadGateway))
	case DropConnection:
		dropConnection(w)
	case Hang:
		select {
		case <-r.Context().Done():
		case <-x.shutdownSignal(r):
			dropConnection(w)
		}
	case HugeBody:
		writeBody(w, http.StatusOK, "application/json", padded(capture(next, r)))
	case TruncatedJSON:
		body := capture(next, r)
		writeBody(w, http.StatusOK, "application/json", body[:len(body)/2])
	default:
		panic(fmt.Sprintf("mockapi: unknown FaultKind %d", f.Kind))
	}
}

func statusOr(status, fallback int) int {
	if status == 0 {
		return fallback
	}
	return status
}

// dropConnection closes the connection without writing anything.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // net/http aborts the response without logging
}

// shutdownSignal is closed when the server serving r shuts down; nil (never closed) without a server.
func (x *faultLayer) shutdownSignal(r *http.Request) <-chan struct{} {
	srv, _ := r.Context().Value(http.ServerContextKey).(*http.Server)
	if srv == nil {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	ch, ok := x.shutdowns[srv]
	if !ok {
		ch = make(chan struct{})
		x.shutdowns[srv] = ch
		srv.RegisterOnShutdown(sync.OnceFunc(func() { close(ch) }))
	}
	return ch
}

// capture runs the real handler and returns its body.
func capture(next http.Handler, r *http.Request) []byte {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	return rec.Body.Bytes()
}

// padded is body, a JSON object (else {}), with a "padding" member that takes it past 12 MiB.
func padded(body []byte) []byte {
	head := bytes.TrimSpace(body)
	if len(head) < 2 || head[0] != '{' || head[len(head)-1] != '}' {
		head = []byte("{}")
	}
	head = bytes.TrimSpace(head[:len(head)-1]) // without its closing brace
	if len(head) > 1 {
		head = append(head, ',')
	}
	padding := bytes.Repeat([]byte("x"), 12<<20)
	return bytes.Join([][]byte{head, []byte(`"padding":"`), padding, []byte(`"}`)}, nil)
}

// rateLimiter counts requests per fixed window. The fault layer's mutex guards it.
type rateLimiter struct {
	limit  int
	window time.Duration
	start  time.Time

	current int64 // the index of the window count belongs to
	count   int
}

// limitDecision is what the limiter decided for one request, and the headers that say so.
type limitDecision struct {
	limit, remaining int
	reset            time.Time
	ok               bool
}

// take counts one request at now.
func (l *rateLimiter) take(now time.Time) limitDecision {
	index := int64(now.Sub(l.start) / l.window)
	if index != l.current {
		l.current, l.count = index, 0
	}
	l.count++
	return limitDecision{limit: l.limit, remaining: max(l.limit-l.count, 0),
		reset: l.start.Add(time.Duration(index+1) * l.window), ok: l.count <= l.limit}
}

// admit sets the rate-limit headers and answers 429 itself when the request is over the limit.
func (d *limitDecision) admit(w http.ResponseWriter) bool {
	h := w.Header()
	h.Set(headerRouteLimit, strconv.Itoa(d.limit))
	h.Set(headerRouteRemaining, strconv.Itoa(d.remaining))
	h.Set(headerReset, strconv.FormatInt(d.reset.UnixMilli(), 10))
	if !d.ok {
		writeError(w, errRateLimited)
	}
	return d.ok
}
