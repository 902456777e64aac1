// Package launchdarkly is a thin client for the parts of the LaunchDarkly REST API that the provider reads.
//
// It knows nothing about Terraform: plain structs with JSON tags in, plain structs and typed errors out, so
// it can be tested with net/http/httptest alone.
package launchdarkly

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
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
}

// Client reads LaunchDarkly data. It is safe for concurrent use.
type Client struct {
	baseURL   string
	token     string
	userAgent string
	http      *http.Client
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
	timeout := cfg.HTTPTimeout
	if timeout <= 0 {
		timeout = DefaultHTTPTimeout
	}
	httpClient := cleanhttp.DefaultPooledClient()
	httpClient.Timeout = timeout
	return &Client{
		baseURL:   strings.TrimSuffix(cfg.BaseURL, "/"),
		token:     cfg.Token,
		userAgent: cfg.UserAgent,
		http:      httpClient,
	}, nil
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

// get sends one GET with the given API version and decodes a 2xx JSON body into out. Any other status
// becomes an *APIError.
func (c *Client) get(ctx context.Context, apiVersion, rawURL string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return fmt.Errorf("building request: %w", err)
	}
	req.Header.Set("Authorization", c.token)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("LD-API-Version", apiVersion)

	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("reading response body of GET %s: %w", req.URL.Path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newAPIError(resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("decoding the JSON response of GET %s (HTTP %d): %w", req.URL.Path, resp.StatusCode, err)
	}
	return nil
}
