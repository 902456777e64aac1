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

// Schedule decides, from a request's 1-based sequence number across the
// whole mock, whether a fault applies.
type Schedule func(n int) bool

// Always matches every request.
func Always() Schedule { return func(int) bool { return true } }

// FirstN matches requests 1..k.
func FirstN(k int) Schedule { return func(n int) bool { return n <= k } }

// EveryNth matches requests k, 2k, 3k... It panics if k < 1, since that is
// a bug in the calling test.
func EveryNth(k int) Schedule {
	if k < 1 {
		panic("mockapi: EveryNth needs k >= 1")
	}
	return func(n int) bool { return n%k == 0 }
}

// FaultKind is a way for a response to go wrong.
type FaultKind int

const (
	// RateLimited answers 429 with the rate_limited error body; the
	// Retry-After and X-Ratelimit-Reset headers come from Fault.RetryAfter
	// and Fault.ResetIn.
	RateLimited FaultKind = iota + 1
	// HTMLError answers Fault.Status (default 503) with an HTML page, as a
	// proxy or load balancer in front of the API would.
	HTMLError
	// EmptyError answers Fault.Status (default 502) with an empty body.
	EmptyError
	// DropConnection closes the connection without any response.
	DropConnection
	// Hang never answers: it blocks until the client goes away or the
	// server shuts down (http.Server.Shutdown or Close). Note that
	// httptest.Server.Close waits for outstanding requests, so a test must
	// let its client time out (or call CloseClientConnections) first.
	Hang
	// HugeBody answers 200 with a valid JSON object larger than 11 MiB: the
	// real response object plus a huge "padding" member.
	HugeBody
	// TruncatedJSON answers 200 with the first half of the real body.
	TruncatedJSON
)

// Fault is what InjectFault does to a request its schedule matches.
type Fault struct {
	Kind FaultKind
	// Status is the status of HTMLError and EmptyError; 0 means the kind's
	// default.
	Status int
	// RetryAfter, for RateLimited, is sent as the Retry-After header
	// (seconds) when non-empty.
	RetryAfter string
	// ResetIn, for RateLimited, sends X-Ratelimit-Reset = now+ResetIn in
	// epoch milliseconds when non-zero; negative means a reset in the past.
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

// hugePadding is the size of HugeBody's padding member: comfortably over
// the 11 MiB the body must exceed.
const hugePadding = 12 << 20

// InjectFault makes requests that s matches fail with f. Several faults may
// be added; the first whose schedule matches a request wins. Faulted
// requests are still recorded by Requests() and are not counted by the
// rate limiter.
func (a *API) InjectFault(s Schedule, f Fault) {
	x := a.ext
	x.mu.Lock()
	defer x.mu.Unlock()
	x.faults = append(x.faults, injectedFault{schedule: s, fault: f})
}

// SetLatency makes every response wait d first. A request whose client goes
// away while waiting is dropped without an answer.
func (a *API) SetLatency(d time.Duration) {
	a.ext.latency.Store(int64(d))
}

// Stats returns the counters since New.
func (a *API) Stats() Stats {
	x := a.ext
	x.mu.Lock()
	stats := x.stats
	x.mu.Unlock()
	stats.Requests = a.RequestCount()
	return stats
}

// extension is the fault, latency and rate-limit state of one API, applied by
// middleware that New installs around the router.
type extension struct {
	seq atomic.Int64

	latency atomic.Int64 // time.Duration

	mu        sync.Mutex
	faults    []injectedFault
	limiter   *rateLimiter
	stats     Stats
	shutdowns map[*http.Server]chan struct{}
}

type injectedFault struct {
	schedule Schedule
	fault    Fault
}

func newExtension() *extension {
	return &extension{shutdowns: map[*http.Server]chan struct{}{}}
}

// middleware numbers the request, applies latency, then an injected fault
// or else the rate limiter, then the wrapped handler.
func (x *extension) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(x.seq.Add(1))
		if !x.delay(r) {
			return
		}
		if f, ok := x.match(n); ok {
			x.serveFault(w, r, next, f)
			return
		}
		if !x.admit(w) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// delay waits the configured latency; false means the client went away.
func (x *extension) delay(r *http.Request) bool {
	d := time.Duration(x.latency.Load())
	if d <= 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// match returns the first injected fault whose schedule matches n, and
// counts it.
func (x *extension) match(n int) (Fault, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, inj := range x.faults {
		if inj.schedule(n) {
			x.stats.Faults++
			if inj.fault.Kind == RateLimited {
				x.stats.RateLimited++
			}
			return inj.fault, true
		}
	}
	return Fault{}, false
}

func (x *extension) serveFault(w http.ResponseWriter, r *http.Request, next http.Handler, f Fault) {
	switch f.Kind {
	case RateLimited:
		writeInjectedRateLimit(w, f)
	case HTMLError:
		writeHTMLError(w, statusOr(f.Status, http.StatusServiceUnavailable))
	case EmptyError:
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(statusOr(f.Status, http.StatusBadGateway))
	case DropConnection:
		dropConnection(w)
	case Hang:
		x.hang(w, r)
	case HugeBody:
		writeHugeBody(w, capture(next, r))
	case TruncatedJSON:
		body := capture(next, r)
		writeBody(w, "application/json", body[:len(body)/2])
	default:
		panic(fmt.Sprintf("mockapi: unknown FaultKind %d", f.Kind))
	}
}

func statusOr(status, def int) int {
	if status == 0 {
		return def
	}
	return status
}

func writeInjectedRateLimit(w http.ResponseWriter, f Fault) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.ResetIn != 0 {
		w.Header().Set(headerReset, strconv.FormatInt(time.Now().Add(f.ResetIn).UnixMilli(), 10))
	}
	writeError(w, errRateLimited)
}

func writeHTMLError(w http.ResponseWriter, status int) {
	text := http.StatusText(status)
	page := fmt.Sprintf("<!DOCTYPE html>\n<html>\n<head><title>%d %s</title></head>\n"+
		"<body>\n<center><h1>%d %s</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n",
		status, text, status, text)
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(page))
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

// hang blocks until the client goes away or the server shuts down; in the
// latter case the connection is dropped so nothing is ever answered.
func (x *extension) hang(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-x.shutdownSignal(r):
		dropConnection(w)
	}
}

// shutdownSignal is closed when the server serving r shuts down. A nil
// channel (no server in the context) never fires.
func (x *extension) shutdownSignal(r *http.Request) <-chan struct{} {
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

func writeBody(w http.ResponseWriter, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// writeHugeBody streams body (a JSON object, else {} is used) with an extra
// "padding" member of hugePadding bytes.
func writeHugeBody(w http.ResponseWriter, body []byte) {
	head := bytes.TrimSpace(body)
	if len(head) < 2 || head[0] != '{' || head[len(head)-1] != '}' {
		head = []byte("{}")
	}
	head = bytes.TrimSpace(head[:len(head)-1]) // drop the closing brace
	sep := `,"padding":"`
	if len(head) == 1 { // the object was empty
		sep = `"padding":"`
	}
	tail := `"}`
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(head)+len(sep)+hugePadding+len(tail)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(head)
	_, _ = w.Write([]byte(sep))
	chunk := bytes.Repeat([]byte("x"), 64<<10)
	for left := hugePadding; left > 0; left -= len(chunk) {
		if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
			return
		}
	}
	_, _ = w.Write([]byte(tail))
}
