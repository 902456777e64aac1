// Package launchdarkly is a thin client for the parts of the LaunchDarkly REST API that the provider reads.
//
// It knows nothing about Terraform: plain structs with JSON tags in, plain structs and typed errors out, so
// it can be tested with net/http/httptest alone. It retries only what a retry can mend, waits as LaunchDarkly's
// rate-limit headers say within a deadline per read, and makes identical reads share one request.
package launchdarkly

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/go-cleanhttp"
)

// DefaultBaseURL is LaunchDarkly's commercial API host.
const DefaultBaseURL = "https://app.launchdarkly.com"

// API versions. Each request sends exactly one LD-API-Version header: the API rejects duplicates, and the
// Users API exists only in 20220603 (it was removed from 20240415).
const (
	// APIVersion is the version of every read but the Users API's.
	APIVersion = "20240415"
	// UsersAPIVersion is the only version that serves the Users API.
	UsersAPIVersion = "20220603"
)

// UsersAPIRetirement is the day LaunchDarkly retires API version 20220603, and with it the Users API
// (its API migration guide: every customer on 20240415 from 2027-01-01).
var UsersAPIRetirement = time.Date(2026, time.December, 31, 0, 0, 0, 0, time.UTC)

// DefaultHTTPTimeout bounds one HTTP attempt when Config.HTTPTimeout is zero.
const DefaultHTTPTimeout = 20 * time.Second

// DefaultMaxReadTime bounds one read, every attempt and wait included, when Config.MaxReadTime is zero.
const DefaultMaxReadTime = 2 * time.Minute

// maxRedirects is how many redirects one attempt follows. The API does not redirect its GETs; a few are
// allowed for a proxy in front of it.
const maxRedirects = 5

// Config holds what a Client needs. BaseURL and Token are required.
type Config struct {
	// BaseURL is the scheme and host (and optional path prefix) of the API, without a trailing slash.
	BaseURL string
	// BaseURLSource says where BaseURL came from ("the `api_host` argument"), for errors that ask to
	// check it. Empty means unknown.
	BaseURLSource string
	// Token is sent raw in the Authorization header: access tokens and OAuth tokens alike.
	Token string
	// UserAgent identifies the provider to LaunchDarkly.
	UserAgent string
	// HTTPTimeout bounds one HTTP attempt. Zero means DefaultHTTPTimeout.
	HTTPTimeout time.Duration
	// MaxRetries is how many times a failed attempt is retried. Negative means DefaultMaxRetries.
	MaxRetries int
	// MaxReadTime bounds one read from its start to its answer: every attempt, every wait for a rate-limit
	// window or a retry. Zero means DefaultMaxReadTime.
	MaxReadTime time.Duration
	// MaxConcurrency caps the requests in flight at once. Zero means no cap of the client's own.
	MaxConcurrency int
	// Logger receives one DEBUG line per attempt and TRACE details. Nil means no logs.
	Logger Logger
}

// Logger is where the client's structured logs go. The provider passes one backed by terraform-plugin-log.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Trace(ctx context.Context, msg string, fields map[string]any)
}

// Client reads LaunchDarkly data. It is safe for concurrent use. Its rate-limit gate, its cache of reads
// and what it learned of the Users API are its own: two clients, even for the same host, share nothing.
type Client struct {
	baseURL string
	// baseURLSource is Config.BaseURLSource.
	baseURLSource string
	token         string
	userAgent     string
	http          *http.Client
	maxRetries    int
	maxRead       time.Duration
	slots         chan struct{} // nil: no concurrency cap
	gate          *rateGate
	reads         readCache
	users         usersAPIState
	log           Logger
	// now and sleep are the clock of retries and of the gate; tests replace them to observe the waits
	// without taking them.
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
}

// New returns a Client for cfg.
func New(cfg Config) (*Client, error) {
	if err := CheckToken(cfg.Token); err != nil {
		return nil, fmt.Errorf("launchdarkly: %w", err)
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("launchdarkly: invalid base URL %q", cfg.BaseURL)
	}
	c := &Client{
		baseURL:       strings.TrimSuffix(cfg.BaseURL, "/"),
		baseURLSource: cfg.BaseURLSource,
		token:         cfg.Token,
		userAgent:     cfg.UserAgent,
		http:          newHTTPClient(cfg.HTTPTimeout),
		maxRetries:    cfg.MaxRetries,
		maxRead:       cfg.MaxReadTime,
		log:           cfg.Logger,
		now:           time.Now,
		sleep:         sleepContext,
	}
	// Through c, so that a test replacing c.now or c.sleep replaces the gate's clock too.
	c.gate = newRateGate(func() time.Time { return c.now() },
		func(ctx context.Context, d time.Duration) error { return c.sleep(ctx, d) })
	if c.maxRetries < 0 {
		c.maxRetries = DefaultMaxRetries
	}
	if c.maxRead <= 0 {
		c.maxRead = DefaultMaxReadTime
	}
	if cfg.MaxConcurrency > 0 {
		c.slots = make(chan struct{}, cfg.MaxConcurrency)
	}
	if c.log == nil {
		c.log = nopLogger{}
	}
	return c, nil
}

// maxIdleConnections is how many connections to the API host stay open between requests. cleanhttp keeps
// GOMAXPROCS+1, fewer than the 10 reads Terraform runs at once by default, so most connections were closed
// after each burst of reads and opened again for the next one, each with a TCP and TLS handshake.
const maxIdleConnections = 100 // cleanhttp's MaxIdleConns, the limit over all hosts

// newHTTPClient is cleanhttp's pooled client (its own transport, no shared global state) with a per-attempt
// timeout, room to keep every concurrent read's connection, and redirects kept on the API host: the token
// must never travel to another host.
func newHTTPClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = DefaultHTTPTimeout
	}
	client := cleanhttp.DefaultPooledClient()
	if transport, ok := client.Transport.(*http.Transport); ok {
		transport.MaxIdleConnsPerHost = maxIdleConnections
	}
	client.Timeout = timeout
	client.CheckRedirect = checkRedirect
	return client
}

// checkRedirect refuses a redirect that would carry the token to another host or scheme, one back to a URL
// already visited, and more than maxRedirects in a row. Each is a *redirectError, which is never retried:
// the next attempt would be redirected the same way.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	if req.URL.Host != first.Host || req.URL.Scheme != first.Scheme {
		return &redirectError{fmt.Sprintf("the server redirected to %s://%s; the provider does not follow a "+
			"redirect to another host or scheme, because the token would go with it. Set api_host to the host "+
			"that answers the API itself", req.URL.Scheme, req.URL.Host)}
	}
	for _, earlier := range via {
		if earlier.URL.String() == req.URL.String() {
			return &redirectError{fmt.Sprintf("redirect loop: after %d redirect(s) the server sent the request "+
				"back to %s, where it had already been", len(via), pathOf(req.URL.String()))}
		}
	}
	if len(via) > maxRedirects {
		return &redirectError{fmt.Sprintf("stopped after %d redirects", maxRedirects)}
	}
	return nil
}

// redirectError is a redirect the client refused to follow.
type redirectError struct{ reason string }

func (e *redirectError) Error() string { return e.reason }

// CheckToken says whether token can be sent in the Authorization header, without repeating it: an empty
// token, a control character (a line break from a file, say), a non-ASCII character or whitespace at
// either end is refused with where it is, since LaunchDarkly's tokens are printable ASCII.
func CheckToken(token string) error {
	if token == "" {
		return errors.New("the token is empty")
	}
	n := utf8.RuneCountInString(token)
	i := 0
	for _, r := range token {
		i++
		var what string
		switch {
		case r == '\n' || r == '\r':
			what = "a line break"
		case r < 0x20 || r == 0x7f:
			what = fmt.Sprintf("the control character U+%04X", r)
		case r > 0x7e:
			what = fmt.Sprintf("the non-ASCII character U+%04X", r)
		case r == ' ' && (i == 1 || i == n):
			what = "a space"
		default:
			continue
		}
		hint := ""
		if i == n && (r == '\n' || r == '\r' || r == ' ') {
			hint = "; if it is read from a file, wrap it in trimspace()"
		}
		return fmt.Errorf("the token contains %s (character %d of %d); LaunchDarkly tokens are printable "+
			"ASCII without spaces at either end, so this one cannot be sent%s", what, i, n, hint)
	}
	return nil
}

// endpoint builds the URL of an API path from raw segments, escaping each one so that any key, even one
// holding "/", "?", "#", "%" or only dots, reaches the server as a single opaque segment.
func (c *Client) endpoint(query url.Values, segments ...string) string {
	var b strings.Builder
	b.WriteString(c.baseURL)
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(escapePathSegment(s))
	}
	if len(query) > 0 {
		b.WriteByte('?')
		b.WriteString(query.Encode())
	}
	return b.String()
}

// escapePathSegment is url.PathEscape plus dots: "." and ".." are path navigation to servers and proxies,
// and url.PathEscape leaves them as they are.
func escapePathSegment(s string) string {
	if strings.Trim(s, ".") == "" {
		return strings.Repeat("%2E", len(s))
	}
	return url.PathEscape(s)
}

// get reads rawURL with the given API version and decodes the 2xx JSON body into out (through its
// decodeJSON when it is an interruptibleDecoder). Identical reads
// share one request; any failure is an error naming the endpoint (an *APIError for a non-2xx answer), and
// never holding the token, even when a server echoes it.
func (c *Client) get(ctx context.Context, apiVersion, rawURL string, out any) error {
	resp, err := c.reads.get(ctx, apiVersion+" "+rawURL, func(ctx context.Context) (response, error) {
		return c.getWithRetries(ctx, apiVersion, rawURL)
	})
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) && !errors.Is(err, ErrOutOfTime) && !interrupted(ctx) {
			err = c.outOfTime(ctx, pathOf(rawURL), nil) // ran out while waiting for another read's request
		}
		return c.mask(err)
	}
	if decoder, ok := out.(interruptibleDecoder); ok {
		err = decoder.decodeJSON(ctx, resp.body)
	} else {
		err = json.Unmarshal(resp.body, out)
	}
	if err != nil {
		if stop := c.stopped(ctx, pathOf(rawURL)); stop != nil {
			return stop
		}
		return c.mask(fmt.Errorf("the response of GET %s (HTTP %d) is not the JSON expected: %w",
			pathOf(rawURL), resp.status, err))
	}
	return nil
}

// interruptibleDecoder is a response that decodes itself from its body a part at a time, stopping with
// ctx's error once ctx ends: a page of many large records, which json.Unmarshal would decode whole
// before anyone could stop it.
type interruptibleDecoder interface {
	decodeJSON(ctx context.Context, body []byte) error
}

// pathOf is the path of rawURL, for messages: short, and free of anything but the resource's keys.
func pathOf(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		return u.EscapedPath()
	}
	return rawURL
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}
func (nopLogger) Trace(context.Context, string, map[string]any) {}
