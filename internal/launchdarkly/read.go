package launchdarkly

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// A read is everything one data source does to get its answer: every page of a listing, every retry and
// wait, every rate-limit gate, and both APIs of the user fallback. It has one deadline, MaxReadTime from
// its start, and a record of how far it got, for the message when that deadline passes. Both travel in
// the context of every request made for it.

// errReadOutOfTime is the cause of a read's context when its deadline passed, which tells it apart from
// Terraform's own cancellation.
var errReadOutOfTime = errors.New("the read used up max_read_seconds")

type readKey struct{}

// read is one read's deadline and progress.
type read struct {
	client *Client
	// deadline is on the client's clock (c.now), which tests replace; the context's deadline, on the
	// real clock, stops what is in progress when it passes.
	deadline time.Time

	mu       sync.Mutex
	pages    int    // successful answers
	attempts int    // HTTP exchanges tried, successful or not
	last     string // the last answer, in words
	waiting  bool   // an attempt has no answer yet
}

// BeginRead starts one read: a deadline MaxReadTime from now shared by every request made with the
// returned context, and a record of how far the read got. Call it once at the start of a data source's
// read and the returned CancelFunc when the read is over. A public method called with a context that
// carries no read of this client starts its own, so no call is ever without a deadline.
func (c *Client) BeginRead(ctx context.Context) (context.Context, context.CancelFunc) {
	r := &read{client: c, deadline: c.now().Add(c.maxRead)}
	ctx, cancel := context.WithTimeoutCause(ctx, c.maxRead, errReadOutOfTime)
	return context.WithValue(ctx, readKey{}, r), cancel
}

// withRead returns ctx when it carries a read of this client, else a context with a read of its own.
// Every public method that sends requests starts with it.
func (c *Client) withRead(ctx context.Context) (context.Context, context.CancelFunc) {
	if r, ok := ctx.Value(readKey{}).(*read); ok && r.client == c {
		return ctx, func() {}
	}
	return c.BeginRead(ctx)
}

// readOf is the read ctx carries; the public methods make sure there is one.
func (c *Client) readOf(ctx context.Context) *read {
	if r, ok := ctx.Value(readKey{}).(*read); ok && r.client == c {
		return r
	}
	// Unreachable through the public methods; a fresh record keeps a direct internal call working.
	return &read{client: c, deadline: c.now().Add(c.maxRead)}
}

// interrupted reports whether ctx ended for another reason than its read's deadline: Terraform was
// interrupted, and nothing more should be tried or reported than that.
func interrupted(ctx context.Context) bool {
	return ctx.Err() != nil && !errors.Is(context.Cause(ctx), errReadOutOfTime)
}

// stopped is nil while the read of ctx may go on; else ctx's error when Terraform interrupted it, or the
// read's out-of-time error for path. Work between requests (decoding a large page) asks it as it goes.
func (c *Client) stopped(ctx context.Context, path string) error {
	switch {
	case interrupted(ctx):
		return ctx.Err()
	case c.readOf(ctx).outOfTime(ctx):
		return c.outOfTime(ctx, path, nil)
	}
	return nil
}

// outOfTime reports whether the read has no time left, on either clock.
func (r *read) outOfTime(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), errReadOutOfTime) || !r.client.now().Before(r.deadline)
}

// left is the time the read has left on the client's clock.
func (r *read) left() time.Duration {
	return r.deadline.Sub(r.client.now())
}

// started records an HTTP exchange begun; answered, its answer.
func (r *read) started() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts++
	r.waiting = true
}

func (r *read) answered(answer string, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ok {
		r.pages++
	}
	r.last, r.waiting = answer, false
}

// progress says how far the read got: "read 3 pages in 5 attempts; the last answer: HTTP 503 ...".
func (r *read) progress() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	done := fmt.Sprintf("read %s in %s", count(r.pages, "page"), attempts(r.attempts))
	switch {
	case r.attempts == 0:
		return "sent no request"
	case r.last == "":
		return done + ", which had no answer yet"
	case r.waiting:
		return done + "; the last answer: " + r.last + ", and the attempt after it had none yet"
	default:
		return done + "; the last answer: " + r.last
	}
}

// ErrOutOfTime marks the error of a read that used up max_read_seconds (errors.Is).
var ErrOutOfTime = errors.New("out of time")

// outOfTimeError is a read that ran out of time; its last failure, if any, stays reachable for errors.As.
type outOfTimeError struct {
	msg  string
	last error
}

func (e *outOfTimeError) Error() string { return e.msg }
func (e *outOfTimeError) Unwrap() []error {
	if e.last == nil {
		return []error{ErrOutOfTime}
	}
	return []error{ErrOutOfTime, e.last}
}

// outOfTime is the error of a read that used up max_read_seconds while requesting path: how far it got,
// and what to raise if the API is merely slow.
func (c *Client) outOfTime(ctx context.Context, path string, last error) error {
	msg := fmt.Sprintf("GET %s: the read ran out of time: max_read_seconds (%s) bounds one read in all, every "+
		"page, retry and wait included. By then it had %s. If the API is this slow rather than failing, "+
		"raise max_read_seconds (or LAUNCHDARKLY_MAX_READ_SECONDS)",
		path, humanDuration(c.maxRead), c.readOf(ctx).progress())
	return &outOfTimeError{msg: msg, last: last}
}

// answerOf is a failed attempt's answer for the read's record, without the request's path, which the
// message names already.
func answerOf(path string, err error) string {
	return strings.TrimPrefix(err.Error(), "GET "+path+": ")
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
