package launchdarkly

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The retry loop is ours rather than go-retryablehttp's. Its Backoff hook does receive the response, so it
// could read LaunchDarkly's reset headers; but its loop sleeps whatever Backoff returns and then fails with
// a generic "giving up after N attempts": it cannot refuse at once a wait longer than the read has left,
// name the wait the server asked for and the last answer, or hold every request of the client at one
// rate-limit gate shared by concurrent reads (gate.go). It is not among this project's dependencies either.
const (
	// DefaultMaxRetries is how many times a failed attempt is retried when Config.MaxRetries is negative.
	DefaultMaxRetries = 8
	// MaxWait caps every single wait, whatever a server asks for: a reset far in the future (or a clock
	// far off) must not stall a plan for minutes.
	MaxWait = 60 * time.Second
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
// will never exist), and network failures that a later attempt may not meet. Other 4xx answers will not
// change, and neither will any other error.
func isRetryable(status int, err error) bool {
	if err != nil {
		return isTransientNetworkError(err)
	}
	return status == http.StatusTooManyRequests || (status >= 500 && status != http.StatusNotImplemented)
}

// isTransientNetworkError is true for a refused, reset or dropped connection, a timed-out attempt and a
// failed DNS lookup: the server or the network may be back on the next attempt. Whatever the next attempt
// would meet again (a certificate that does not verify, a server that does not speak TLS, a refused
// redirect, a header that cannot be sent) is false, as is anything not known to be transient: a
// *url.Error is a net.Error, so "any net.Error" would retry them all.
func isTransientNetworkError(err error) bool {
	if errors.Is(err, context.Canceled) || permanentNetworkError(err) != "" {
		return false // cancelled: Terraform was interrupted; permanent: the same again
	}
	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() {
		return true
	}
	var opErr *net.OpError
	var dnsErr *net.DNSError
	return errors.As(err, &opErr) || errors.As(err, &dnsErr) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, context.DeadlineExceeded)
}

// permanentNetworkError explains a transport failure that no retry can mend, or is "" for any other.
func permanentNetworkError(err error) string {
	host := "the API host"
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		if u, perr := url.Parse(urlErr.URL); perr == nil && u.Host != "" {
			host = u.Host
		}
	}
	var verifyErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var redirect *redirectError
	var opErr *net.OpError
	switch {
	case errors.As(err, &verifyErr):
		return certificateMessage(host, verifyErr.Err)
	case errors.As(err, &unknownAuthority), errors.As(err, &hostname), errors.As(err, &invalid):
		return certificateMessage(host, err)
	case errors.Is(err, http.ErrSchemeMismatch), errors.As(err, &recordErr):
		return fmt.Sprintf("%s answered in plain HTTP, not HTTPS. Check api_host: its scheme and port must be "+
			"those of the API's HTTPS endpoint", host)
	case errors.As(err, &opErr) && opErr.Op == "remote error":
		return fmt.Sprintf("%s refused the TLS connection (%v). Check api_host, and whether a proxy on this "+
			"network requires a client certificate", host, opErr.Err)
	case errors.As(err, &redirect):
		return redirect.Error()
	case urlErr != nil && strings.Contains(urlErr.Err.Error(), "invalid header field"):
		return "a request header holds a character that cannot be sent: " + urlErr.Err.Error()
	}
	return ""
}

func certificateMessage(host string, reason error) string {
	return fmt.Sprintf("the TLS certificate of %s did not verify (%v). Check that api_host names the API "+
		"host; if this network inspects TLS through a proxy, add the proxy's certificate authority to this "+
		"machine's trusted certificates (or point SSL_CERT_FILE at it)", host, reason)
}

// maxServerWait is the longest wait a server can express to the client. Longer values, up to "Inf", are
// the same "longer than any read may take"; the duration arithmetic never overflows.
const maxServerWait = time.Duration(math.MaxInt64)

// serverWait is a wait the server asked for: how long, and the header that said so, for messages.
type serverWait struct {
	d      time.Duration
	header string // "Retry-After: 120"
	reset  bool   // from a reset header: the end of a window that many clients wait for
}

// retryWait is how long to wait before retry number attempt (1-based): what the server asked for, capped at
// MaxWait (with a little jitter after a window's reset, so that the clients it released do not all come
// back at once), else exponential backoff with full jitter. asked is the server's own request, uncapped,
// which the caller compares with the time the read has left.
func retryWait(header http.Header, attempt int, now time.Time) (wait time.Duration, asked *serverWait) {
	w, ok := serverRequestedWait(header, now)
	if !ok {
		return backoff(attempt), nil
	}
	wait = min(w.d, MaxWait)
	if w.reset {
		wait += jitter()
	}
	return wait, &w
}

// serverRequestedWait is the longer of the waits Retry-After (delay seconds, or an HTTP date) and the
// later reset header (epoch ms) ask for. Absolute times are taken relative to the server's clock (see
// serverNow). A value that is missing, unparseable, zero, negative or in the past asks for nothing, so
// the caller falls back to backoff; one too large for a time.Duration (1e10 seconds, Inf) is
// maxServerWait, never an overflow.
func serverRequestedWait(header http.Header, now time.Time) (serverWait, bool) {
	if header == nil {
		return serverWait{}, false
	}
	serverTime := serverNow(header, now)
	var asked serverWait
	found := false
	if raw := strings.TrimSpace(header.Get(headerRetryAfter)); raw != "" {
		if d, ok := parseRetryAfter(raw, serverTime); ok {
			asked, found = serverWait{d: d, header: headerRetryAfter + ": " + Abbreviate(raw, 40)}, true
		}
	}
	if reset, name, ok := latestReset(header); ok {
		if d := reset.Sub(serverTime); d > 0 && (!found || d > asked.d) {
			asked, found = serverWait{d: d, header: name + ": " + header.Get(name), reset: true}, true
		}
	}
	return asked, found
}

// parseRetryAfter reads delay seconds or an HTTP date; ok is false for a value that asks for no wait.
func parseRetryAfter(raw string, now time.Time) (time.Duration, bool) {
	if when, err := http.ParseTime(raw); err == nil {
		d := when.Sub(now) // saturates instead of overflowing
		return d, d > 0
	}
	seconds, err := strconv.ParseFloat(raw, 64)
	if errors.Is(err, strconv.ErrRange) && seconds > 0 {
		err = nil // "1e400": +Inf, the longest wait there is
	}
	if err != nil || math.IsNaN(seconds) || seconds <= 0 {
		return 0, false
	}
	if seconds >= maxServerWait.Seconds() {
		return maxServerWait, true
	}
	return time.Duration(seconds * float64(time.Second)), true
}

// serverNow is the server's clock at the response. It is this machine's clock unless the response's Date
// header (whole seconds) is more than clockSkewTolerance away from it: then this machine's clock is off,
// and absolute times the server sends are read against the server's own.
func serverNow(header http.Header, now time.Time) time.Time {
	date, err := http.ParseTime(header.Get("Date"))
	if err != nil {
		return now
	}
	if skew := date.Sub(now); skew > clockSkewTolerance || skew < -clockSkewTolerance {
		return date
	}
	return now
}

// clockSkewTolerance is how far the Date header may be from this machine's clock before it is believed
// instead: a little over its one-second granularity.
const clockSkewTolerance = 2 * time.Second

// latestReset is the later of the two reset headers, when either holds a positive epoch-ms value, and the
// header it came from.
func latestReset(header http.Header) (time.Time, string, bool) {
	var latest time.Time
	var from string
	for _, name := range []string{headerReset, headerAuthTokenReset} {
		ms, err := strconv.ParseInt(header.Get(name), 10, 64)
		if err == nil && ms > 0 && time.UnixMilli(ms).After(latest) {
			latest, from = time.UnixMilli(ms), name
		}
	}
	return latest, from, !latest.IsZero()
}

// humanDuration writes a wait the way a person reads it: "1.5 s", "20 min", "3 h", "316 years".
func humanDuration(d time.Duration) string {
	const day, year = 24 * time.Hour, 365 * 24 * time.Hour
	switch {
	case d >= maxServerWait:
		return "more than 290 years"
	case d >= 2*year:
		return fmt.Sprintf("%d years", d/year)
	case d >= 2*day:
		return fmt.Sprintf("%d days", d/day)
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d h", d/time.Hour)
	case d >= 2*time.Minute:
		return fmt.Sprintf("%d min", d/time.Minute)
	default:
		return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
	}
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
