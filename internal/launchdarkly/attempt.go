package launchdarkly

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxBodyBytes caps what the client reads of one response. A LaunchDarkly member or user record is a few
// kilobytes; a body this large is a fault, not data.
const maxBodyBytes = 10 << 20

// errBodyTooLarge marks a response the client stopped reading.
var errBodyTooLarge = errors.New("response body too large")

// getWithRetries sends the GET until it succeeds, fails for good, runs out of retries or its read runs
// out of time, waiting between attempts as the server asks or with backoff. Every attempt first passes
// the client's rate-limit gate. ctx carries the read (see BeginRead): its deadline bounds this request and
// every other one of the read, and its record notes each attempt.
func (c *Client) getWithRetries(ctx context.Context, apiVersion, rawURL string) (response, error) {
	path := pathOf(rawURL)
	r := c.readOf(ctx)
	var last error // the last attempt's failure, for the message when time runs out
	refusals := 0
	for attempt := 1; ; attempt++ {
		if r.outOfTime(ctx) {
			return response{}, c.outOfTime(ctx, path, last)
		}
		r.started()
		status, header, body, err := c.attempt(ctx, apiVersion, rawURL, attempt)
		if err == nil && status >= 200 && status <= 299 {
			r.answered(fmt.Sprintf("HTTP %d", status), true)
			return response{status: status, body: body}, nil
		}
		if interrupted(ctx) {
			return response{}, ctx.Err() // Terraform was interrupted: stop at once
		}
		if err != nil && ctx.Err() != nil { // this attempt was cut short by the read's deadline
			return response{}, c.outOfTime(ctx, path, last)
		}
		final := c.classify(path, status, body, err)
		r.answered(answerOf(path, final), false)
		if !isRetryable(status, err) {
			return response{}, final
		}
		last = final
		refused := isConnectionRefused(err)
		if refused {
			// Nothing listens at the address: a configuration mistake far more often than a server
			// restarting, so one quick retry, not max_retries with backoff.
			if refusals++; refusals == maxRefusals || attempt > c.maxRetries {
				return response{}, c.refused(path, refusals, err)
			}
		}
		if r.outOfTime(ctx) {
			return response{}, c.outOfTime(ctx, path, last)
		}
		if attempt > c.maxRetries {
			if attempt > 1 {
				final = fmt.Errorf("%w (gave up after %d attempts)", final, attempt)
			}
			return response{}, final
		}
		wait, asked := retryWait(header, attempt, c.now())
		if refused {
			wait = refusedRetryWait
		}
		left := r.left()
		if asked != nil && asked.d > left {
			return response{}, fmt.Errorf("%w; gave up after %s: the server asked to wait %s (%s), more than "+
				"the %s left of max_read_seconds (%s)", final, attempts(attempt), humanDuration(asked.d),
				asked.header, humanDuration(max(left, 0).Round(time.Second)), humanDuration(c.maxRead))
		}
		if wait > left {
			return response{}, c.outOfTime(ctx, path, last)
		}
		c.log.Debug(ctx, "LaunchDarkly API: retrying", map[string]any{
			"method": http.MethodGet, "path": path, "attempt": attempt, "wait_ms": wait.Milliseconds(),
			"reason": final.Error(),
		})
		if err := c.sleep(ctx, wait); err != nil {
			if interrupted(ctx) {
				return response{}, ctx.Err()
			}
			return response{}, c.outOfTime(ctx, path, last)
		}
	}
}

func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}

// attempt is one HTTP exchange: the gate, a concurrency slot, the request, and a capped read of the body.
func (c *Client) attempt(ctx context.Context, apiVersion, rawURL string, attempt int) (int, http.Header, []byte, error) {
	seq, waited, err := c.gate.wait(ctx)
	if err != nil {
		return 0, nil, nil, err
	}
	if waited > 0 {
		c.log.Debug(ctx, "LaunchDarkly API: waited for the rate-limit window to reset", map[string]any{
			"path": pathOf(rawURL), "wait_ms": waited.Milliseconds(),
		})
	}
	release, err := c.acquireSlot(ctx)
	if err != nil {
		return 0, nil, nil, err
	}
	defer release()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("building the request: %w", err)
	}
	req.Header.Set("Authorization", c.token)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("LD-API-Version", apiVersion)
	c.log.Trace(ctx, "LaunchDarkly API request", map[string]any{
		"method": req.Method, "url": rawURL, "ld_api_version": apiVersion, "user_agent": c.userAgent,
		"attempt": attempt,
	})

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.logAttempt(ctx, req, 0, start, attempt, err)
		return 0, nil, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := readCapped(resp.Body, resp.ContentLength)
	c.gate.observe(seq, resp.StatusCode, resp.Header)
	c.logAttempt(ctx, req, resp.StatusCode, start, attempt, err)
	c.log.Trace(ctx, "LaunchDarkly API response", map[string]any{
		"path": req.URL.EscapedPath(), "status": resp.StatusCode, "headers": rateLimitHeaders(resp.Header),
		"body_bytes": len(body), "body": abbreviateBytes(body, 4096),
	})
	return resp.StatusCode, resp.Header, body, err
}

func (c *Client) logAttempt(ctx context.Context, req *http.Request, status int, start time.Time, attempt int, err error) {
	fields := map[string]any{
		"method": req.Method, "path": req.URL.EscapedPath(), "status": status,
		"duration_ms": time.Since(start).Milliseconds(), "attempt": attempt,
	}
	if err != nil {
		fields["error"] = err.Error()
	}
	c.log.Debug(ctx, "LaunchDarkly API call", fields)
}

func (c *Client) acquireSlot(ctx context.Context) (func(), error) {
	if c.slots == nil {
		return func() {}, nil
	}
	select {
	case c.slots <- struct{}{}:
		return func() { <-c.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// readCapped reads at most maxBodyBytes and fails, without reading further, on a larger body. A body
// whose length is announced is read into one buffer of that size, not into one grown by doubling, which
// for a page of several megabytes left about twice its size behind as garbage.
func readCapped(body io.Reader, length int64) ([]byte, error) {
	if length < 0 || length > maxBodyBytes {
		length = 0 // unknown, or more than will be read: grow as it comes
	}
	buf := bytes.NewBuffer(make([]byte, 0, length+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(body, maxBodyBytes+1)); err != nil {
		return nil, err
	}
	if buf.Len() > maxBodyBytes {
		return nil, errBodyTooLarge
	}
	return buf.Bytes(), nil
}

// classify turns a failed attempt into the error a caller sees.
func (c *Client) classify(path string, status int, body []byte, err error) error {
	switch {
	case errors.Is(err, errBodyTooLarge):
		return fmt.Errorf("the response of GET %s (HTTP %d) is larger than %d MiB; stopped reading it",
			path, status, maxBodyBytes>>20)
	case err != nil && status == 0 && permanentNetworkError(err) != "":
		return &permanentError{fmt.Sprintf("GET %s: %s. Not retried: every attempt would fail the same way",
			path, permanentNetworkError(err)), err}
	case isTimeout(err):
		return fmt.Errorf("GET %s: timeout: no complete response within http_timeout: %w", path, withoutURL(err))
	case err != nil && status != 0:
		return fmt.Errorf("reading the response of GET %s (HTTP %d): %w", path, status, err)
	case err != nil:
		return fmt.Errorf("GET %s: %w", path, withoutURL(err))
	default:
		return newAPIError(status, body, c.maskString)
	}
}

// withoutURL drops the *url.Error around a transport failure: its text repeats the whole URL, query
// included, which the message already names by its path.
func withoutURL(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) && urlErr.Err != nil {
		return urlErr.Err
	}
	return err
}

// permanentError is a transport failure explained in words; the original error stays reachable for errors.Is.
type permanentError struct {
	msg string
	err error
}

func (e *permanentError) Error() string { return e.msg }
func (e *permanentError) Unwrap() error { return e.err }

// maskString replaces the client's token in s with asterisks.
func (c *Client) maskString(s string) string {
	return strings.ReplaceAll(s, c.token, strings.Repeat("*", 8))
}

// mask returns err, or an error with the same chain whose text has the token masked when a server
// echoed it (an *APIError's fields are masked when it is made).
func (c *Client) mask(err error) error {
	if text := err.Error(); strings.Contains(text, c.token) {
		return &maskedError{msg: c.maskString(text), err: err}
	}
	return err
}

type maskedError struct {
	msg string
	err error
}

func (e *maskedError) Error() string { return e.msg }
func (e *maskedError) Unwrap() error { return e.err }

func isTimeout(err error) bool {
	var timeout interface{ Timeout() bool }
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &timeout) && timeout.Timeout())
}

// rateLimitHeaders picks the headers worth seeing in a TRACE log.
func rateLimitHeaders(h http.Header) map[string]string {
	out := map[string]string{}
	for _, name := range []string{headerRetryAfter, headerReset, headerAuthTokenReset, headerGlobalRemaining,
		headerRouteRemaining, headerAuthTokenRemaining, "Content-Type"} {
		if v := h.Get(name); v != "" {
			out[name] = v
		}
	}
	return out
}
