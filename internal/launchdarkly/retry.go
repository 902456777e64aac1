package launchdarkly

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"
)

// The retry loop is ours rather than go-retryablehttp's because its policy hooks cannot express the
// process-wide rate-limit gate or LaunchDarkly's epoch-millisecond reset headers, and those are the point.
const (
	// DefaultMaxRetries is how many times a failed attempt is retried when Config.MaxRetries is negative.
	DefaultMaxRetries = 8
	// maxWait caps every single wait, whatever a server asks for: a reset far in the future (or a clock
	// far off) must not stall a plan for minutes.
	maxWait = 60 * time.Second
	// backoffBase and backoffCap shape exponential backoff: 200 ms, 400 ms, ... up to 10 s, full jitter.
	backoffBase = 200 * time.Millisecond
	backoffCap  = 10 * time.Second
)

// Rate-limit headers. The reset headers are epoch milliseconds; Retry-After is seconds.
const (
	headerRetryAfter         = "Retry-After"
	headerReset              = "X-Ratelimit-Reset"
	headerAuthTokenReset     = "X-Ratelimit-Auth-Token-Reset"
	headerGlobalRemaining    = "X-Ratelimit-Global-Remaining"
	headerRouteRemaining     = "X-Ratelimit-Route-Remaining"
	headerAuthTokenRemaining = "X-Ratelimit-Auth-Token-Remaining"
)

// isRetryable says whether an attempt's outcome is worth another try: 429, 5xx except 501 (a route that
// will never exist), connection failures and timed-out attempts. Other 4xx answers will not change.
func isRetryable(status int, err error) bool {
	if err != nil {
		return isTransientNetworkError(err)
	}
	return status == http.StatusTooManyRequests || (status >= 500 && status != http.StatusNotImplemented)
}

func isTransientNetworkError(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false // Terraform was interrupted: stop, do not retry.
	}
	var netErr net.Error
	return errors.As(err, &netErr) || // timeouts and other network errors
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, context.DeadlineExceeded)
}

// retryWait is how long to wait before retry number attempt (1-based): what the server asked for first
// (Retry-After, then the rate-limit reset), else exponential backoff with full jitter. Never more than
// maxWait, never negative.
func retryWait(header http.Header, attempt int, now time.Time) time.Duration {
	if wait, ok := serverRequestedWait(header, now); ok {
		return wait
	}
	return backoff(attempt)
}

// serverRequestedWait reads Retry-After (seconds), then the reset headers (epoch ms). A value that is
// missing, unparseable, zero or in the past gives no answer, so the caller falls back to backoff.
func serverRequestedWait(header http.Header, now time.Time) (time.Duration, bool) {
	if header == nil {
		return 0, false
	}
	if seconds, err := strconv.ParseFloat(header.Get(headerRetryAfter), 64); err == nil && seconds > 0 {
		return min(time.Duration(seconds*float64(time.Second)), maxWait), true
	}
	if reset, ok := latestReset(header); ok && reset.After(now) {
		return min(reset.Sub(now)+jitter(), maxWait), true
	}
	return 0, false
}

// latestReset is the later of the two reset headers, when either holds a positive epoch-ms value.
func latestReset(header http.Header) (time.Time, bool) {
	var latest time.Time
	for _, name := range []string{headerReset, headerAuthTokenReset} {
		ms, err := strconv.ParseInt(header.Get(name), 10, 64)
		if err == nil && ms > 0 && time.UnixMilli(ms).After(latest) {
			latest = time.UnixMilli(ms)
		}
	}
	return latest, !latest.IsZero()
}

// backoff is full-jitter exponential backoff: a uniform wait in [0, min(cap, base·2^(attempt-1))).
func backoff(attempt int) time.Duration {
	ceiling := backoffCap
	if attempt < 16 {
		ceiling = min(backoffCap, backoffBase<<(attempt-1))
	}
	return rand.N(ceiling) + time.Millisecond
}

// jitter spreads the requests released together at a rate-limit reset over a few tens of milliseconds.
func jitter() time.Duration {
	return rand.N(50 * time.Millisecond)
}

// sleepContext waits d, or less if ctx ends first.
func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
