// Package launchdarkly is a thin client for the parts of the LaunchDarkly REST API that the provider reads.
//
// It knows nothing about Terraform: plain structs with JSON tags in, plain structs and typed errors out, so
// it can be tested with net/http/httptest alone. It retries what is worth retrying, waits as LaunchDarkly's
// rate-limit headers say, and makes identical reads share one request.
package launchdarkly

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
)

// DefaultBaseURL is LaunchDarkly's commercial API host.
const DefaultBaseURL = "https://app.launchdarkly.com"

// API versions. Each request sends exactly one LD-API-Version header: the API rejects duplicates, and the
// Users API exists only in 20220603 (it was removed from 20240415).
const (
	membersAPIVersion = "20240415"
	usersAPIVersion   = "20220603"
)

// DefaultHTTPTimeout bounds one HTTP attempt when Config.HTTPTimeout is zero.
const DefaultHTTPTimeout = 20 * time.Second

// Config holds what a Client needs. BaseURL and Token are required.
type Config struct {
	// BaseURL is the scheme and host (and optional path prefix) of the API, without a trailing slash.
	BaseURL string
	// Token is sent raw in the Authorization header: access tokens and OAuth tokens alike.
	Token string
	// UserAgent identifies the provider to LaunchDarkly.
	UserAgent string
	// HTTPTimeout bounds one HTTP attempt. Zero means DefaultHTTPTimeout.
	HTTPTimeout time.Duration
	// MaxRetries is how many times a failed attempt is retried. Negative means DefaultMaxRetries.
	MaxRetries int
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

// Client reads LaunchDarkly data. It is safe for concurrent use.
type Client struct {
	baseURL    string
	token      string
	userAgent  string
	http       *http.Client
	maxRetries int
	slots      chan struct{} // nil: no concurrency cap
	gate       *rateGate
	reads      coalescer
	log        Logger
	// sleep waits between attempts; tests replace it to observe the waits without taking them.
	sleep func(context.Context, time.Duration) error
}

// New returns a Client for cfg.
func New(cfg Config) (*Client, error) {
	if cfg.Token == "" {
		return nil, fmt.Errorf("launchdarkly: no token configured")
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("launchdarkly: invalid base URL %q", cfg.BaseURL)
	}
	c := &Client{
		baseURL:    strings.TrimSuffix(cfg.BaseURL, "/"),
		token:      cfg.Token,
		userAgent:  cfg.UserAgent,
		http:       newHTTPClient(cfg.HTTPTimeout),
		maxRetries: cfg.MaxRetries,
		gate:       gateFor(strings.TrimSuffix(cfg.BaseURL, "/")),
		log:        cfg.Logger,
		sleep:      sleepContext,
	}
	if c.maxRetries < 0 {
		c.maxRetries = DefaultMaxRetries
	}
	if cfg.MaxConcurrency > 0 {
		c.slots = make(chan struct{}, cfg.MaxConcurrency)
	}
	if c.log == nil {
		c.log = nopLogger{}
	}
	return c, nil
}

// newHTTPClient is cleanhttp's pooled client (its own transport, no shared global state) with a per-attempt
// timeout, and redirects kept on the API host: the token must never travel to another host.
func newHTTPClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = DefaultHTTPTimeout
	}
	client := cleanhttp.DefaultPooledClient()
	client.Timeout = timeout
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
			return fmt.Errorf("refusing to follow a redirect to %s://%s: the token is only sent to the API host",
				req.URL.Scheme, req.URL.Host)
		}
		if len(via) >= 5 {
			return fmt.Errorf("stopped after %d redirects", len(via))
		}
		return nil
	}
	return client
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

// get reads rawURL with the given API version and decodes the 2xx JSON body into out. Identical reads
// share one request; any failure is an error naming the endpoint (an *APIError for a non-2xx answer).
func (c *Client) get(ctx context.Context, apiVersion, rawURL string, out any) error {
	resp, err := c.reads.do(ctx, apiVersion+" "+rawURL, func(ctx context.Context) (response, error) {
		return c.getWithRetries(ctx, apiVersion, rawURL)
	})
	if err != nil {
		return err
	}
	if err := json.Unmarshal(resp.body, out); err != nil {
		return fmt.Errorf("the response of GET %s (HTTP %d) is not the JSON expected: %w",
			pathOf(rawURL), resp.status, err)
	}
	return nil
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
