package mockapi

import (
	"net/http"
	"strconv"
	"time"
)

// Route rate-limit headers, as LaunchDarkly sends them (canonical form).
const (
	headerRouteLimit     = "X-Ratelimit-Route-Limit"
	headerRouteRemaining = "X-Ratelimit-Route-Remaining"
	headerReset          = "X-Ratelimit-Reset"
)

var errRateLimited = &apiError{http.StatusTooManyRequests, "rate_limited", "You've exceeded the API rate limit. Try again later."}

// SetRateLimit allows at most limit requests per fixed window, like
// LaunchDarkly's route limit. Windows are aligned to this call (calling it
// again starts a fresh window). Every response the limiter sees carries
// X-Ratelimit-Route-Limit, X-Ratelimit-Route-Remaining (never below 0) and
// X-Ratelimit-Reset (the window's end in epoch milliseconds); a request over
// the limit gets 429 rate_limited without Retry-After. A limit of 0
// disables the limiter. It panics if limit > 0 and window <= 0, since that
// is a bug in the calling test.
func (a *API) SetRateLimit(limit int, window time.Duration) {
	var l *rateLimiter
	if limit > 0 {
		if window <= 0 {
			panic("mockapi: SetRateLimit needs a positive window")
		}
		l = &rateLimiter{limit: limit, window: window, start: time.Now()}
	}
	x := a.ext
	x.mu.Lock()
	defer x.mu.Unlock()
	x.limiter = l
}

// rateLimiter counts requests per fixed window. Its owner's mutex guards it.
type rateLimiter struct {
	limit  int
	window time.Duration
	start  time.Time

	current int64 // index of the window count belongs to
	count   int
}

// take counts one request at now and reports what is left in its window,
// the window's end, and whether the request is within the limit.
func (l *rateLimiter) take(now time.Time) (remaining int, reset time.Time, ok bool) {
	index := int64(now.Sub(l.start) / l.window)
	if index != l.current {
		l.current, l.count = index, 0
	}
	l.count++
	reset = l.start.Add(time.Duration(index+1) * l.window)
	return max(l.limit-l.count, 0), reset, l.count <= l.limit
}

// admit applies the rate limiter, if any: it sets the headers and answers
// 429 itself when the request is over the limit (returning false).
func (x *extension) admit(w http.ResponseWriter) bool {
	x.mu.Lock()
	l := x.limiter
	if l == nil {
		x.mu.Unlock()
		return true
	}
	remaining, reset, ok := l.take(time.Now())
	if !ok {
		x.stats.RateLimited++
	}
	x.mu.Unlock()

	h := w.Header()
	h.Set(headerRouteLimit, strconv.Itoa(l.limit))
	h.Set(headerRouteRemaining, strconv.Itoa(remaining))
	h.Set(headerReset, strconv.FormatInt(reset.UnixMilli(), 10))
	if !ok {
		writeError(w, errRateLimited)
	}
	return ok
}
