package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// Servers that are hostile or broken, each the test's own: a read is bounded in time and memory, and
// nothing such a server sends is taken on trust.

// ownServer is a test's own API server. It notes each request's path and query, and when the first
// request began and the last one ended, so that a test can bound a read's time from the server's side,
// where no Terraform start-up is counted.
type ownServer struct {
	url string

	mu       sync.Mutex
	requests []string
	first    time.Time
	lastEnd  time.Time
}

// startOwnServer serves h on a loopback address for the rest of t.
func startOwnServer(t *testing.T, h http.HandlerFunc) *ownServer {
	t.Helper()
	s := &ownServer{}
	s.url, _ = hostileServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		if s.first.IsZero() {
			s.first = time.Now()
		}
		s.requests = append(s.requests, r.URL.RequestURI())
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.lastEnd = time.Now()
			s.mu.Unlock()
		}()
		w.Header().Set("Content-Type", "application/json")
		h(w, r)
	})
	return s
}

// span is the time from the first request's start to the last one's end.
func (s *ownServer) span() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastEnd.Sub(s.first)
}

// count is the number of requests whose path starts with prefix.
func (s *ownServer) count(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

// pause holds a request for d, or until its client gives up.
func pause(r *http.Request, d time.Duration) {
	select {
	case <-r.Context().Done():
	case <-time.After(d):
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	_, _ = w.Write(body)
}

// contextItem is one record of the context kind/key, as the Contexts API lists it.
func contextItem(kind, key, applicationID, lastSeen string, attributes map[string]any) map[string]any {
	context := map[string]any{"kind": kind, "key": key}
	for name, value := range attributes {
		context[name] = value
	}
	return map[string]any{"context": context, "applicationId": applicationID, "lastSeen": lastSeen}
}

// ## 1. max_read_seconds bounds one read, all of it

// Each case would run far past max_read_seconds if the deadline were per request: every page or API
// gets its own, and 1,000 pages are allowed. One deadline for the whole read ends each within
// max_read_seconds + 1 s, with an error that says how far it got and what to raise.
func TestAccOneDeadlineBoundsTheWholeRead(t *testing.T) {
	t.Parallel()
	const maxRead = 3 * time.Second
	cases := []struct {
		name    string
		handler http.HandlerFunc
		config  string
		want    string
		check   func(t *testing.T, s *ownServer)
	}{
		{
			name: "a contexts listing with a new continuation token on every page, 0.3 s a page",
			handler: func(w http.ResponseWriter, r *http.Request) {
				pause(r, 300*time.Millisecond)
				page, _ := strconv.Atoi(r.URL.Query().Get("continuationToken"))
				writeJSON(w, map[string]any{
					"items":             []any{contextItem("user", "u", fmt.Sprintf("App/%d", page), "2026-11-30T09:14:02Z", nil)},
					"continuationToken": strconv.Itoa(page + 1),
				})
			},
			config: contextBlock("user", "u", ""),
			want: words(`Reading LaunchDarkly context user "u"`, "the read ran out of time: max_read_seconds (3 s) bounds "+
				"one read in all, every page, retry and wait included. By then it had read", "pages in",
				"raise max_read_seconds (or LAUNCHDARKLY_MAX_READ_SECONDS)"),
			check: func(t *testing.T, s *ownServer) {
				if n := s.count("/api/v2/projects/"); n < 2 {
					t.Errorf("%d requests; want several pages read before the deadline", n)
				}
			},
		},
		{
			name: "a members listing, 0.4 s a page",
			handler: func(w http.ResponseWriter, r *http.Request) {
				pause(r, 400*time.Millisecond)
				offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
				writeJSON(w, map[string]any{
					"items":      []any{map[string]any{"_id": fmt.Sprintf("%024x", offset), "email": fmt.Sprintf("m%d@acme.example", offset)}},
					"totalCount": 1000000,
				})
			},
			config: membersBlock("all", ""),
			want: words("Reading LaunchDarkly members", "the read ran out of time: max_read_seconds (3 s)",
				"By then it had read", "pages in", "the last answer:", "raise max_read_seconds"),
		},
		{
			name: "launchdarkly_user in auto with both APIs hanging",
			handler: func(w http.ResponseWriter, r *http.Request) {
				pause(r, time.Minute)
			},
			config: userBlock("p", "e", "u"),
			want: words(`Reading LaunchDarkly user "u"`, "GET /api/v2/users/p/e/u: the read ran out of time",
				"read 0 pages in 1 attempt, which had no answer yet", "The Contexts API was not tried: the read had no time left"),
			check: func(t *testing.T, s *ownServer) {
				if n := s.count("/api/v2/projects/"); n != 0 {
					t.Errorf("%d Contexts API requests after the read ran out of time; want none", n)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startOwnServer(t, tc.handler)
			config := providerConfigWith(s.url, mockapi.DefaultToken, "max_read_seconds = 3") + tc.config
			expectError(t, config, regexp.MustCompile(tc.want))
			if span := s.span(); span > maxRead+time.Second {
				t.Errorf("the read took %s from its first request to its last answer; want at most %s", span, maxRead+time.Second)
			}
			if tc.check != nil {
				tc.check(t, s)
			}
		})
	}
}
