package launchdarkly

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

type testPage struct {
	Items []int  `json:"items"`
	Next  string `json:"next"`
}

// pagingServer answers GET /api/v2/list?page=N with next(N) as the next link; it counts the requests.
func pagingServer(t *testing.T, items func(n int) []int, next func(n int) string) (*Client, *atomic.Int64) {
	t.Helper()
	var count atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		count.Add(1)
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		_ = json.NewEncoder(w).Encode(testPage{Items: items(n), Next: next(n)})
	}))
	t.Cleanup(srv.Close)
	client, err := New(Config{BaseURL: srv.URL, Token: testToken, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return client, &count
}

func collect(t *testing.T, c *Client) ([]int, error) {
	t.Helper()
	var all []int
	err := paginate(t.Context(), c, APIVersion, c.endpoint(nil, "api", "v2", "list"), func(p *testPage) (string, error) {
		all = append(all, p.Items...)
		if p.Next == "" {
			return "", nil
		}
		return c.resolveLink(p.Next)
	})
	return all, err
}

func TestPaginateFollowsEveryPage(t *testing.T) {
	client, count := pagingServer(t, func(n int) []int { return []int{n * 10, n*10 + 1} }, func(n int) string {
		if n < 2 {
			return fmt.Sprintf("/api/v2/list?page=%d", n+1)
		}
		return ""
	})
	got, err := collect(t, client)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[0 1 10 11 20 21]" || count.Load() != 3 {
		t.Errorf("items %v in %d requests, want [0 1 10 11 20 21] in 3", got, count.Load())
	}
}

func TestPaginateStopsOnARepeatedPage(t *testing.T) {
	client, count := pagingServer(t, func(int) []int { return []int{1} }, func(int) string { return "/api/v2/list?page=7" })
	_, err := collect(t, client)
	if err == nil || !strings.Contains(err.Error(), "same page twice") {
		t.Fatalf("err = %v, want the repeated-page error", err)
	}
	if count.Load() != 2 {
		t.Errorf("%d requests, want 2", count.Load())
	}
}

func TestPaginateStopsAfterMaxPages(t *testing.T) {
	client, count := pagingServer(t, func(int) []int { return nil }, func(n int) string {
		return fmt.Sprintf("/api/v2/list?page=%d", n+1)
	})
	_, err := collect(t, client)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("stopped after %d pages", maxPages)) {
		t.Fatalf("err = %v, want the page bound", err)
	}
	if count.Load() != maxPages {
		t.Errorf("%d requests, want %d", count.Load(), maxPages)
	}
}

func TestResolveLink(t *testing.T) {
	c, err := New(Config{BaseURL: "https://ld.example/prefix", Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ href, want, wantErr string }{
		{"/api/v2/x?continuationToken=abc", "https://ld.example/prefix/api/v2/x?continuationToken=abc", ""},
		{"/app.launchdarkly.com/api/v2/x?a=1", "https://ld.example/prefix/api/v2/x?a=1", ""},
		{"https://ld.example/api/v2/x", "https://ld.example/prefix/api/v2/x", ""},
		{"https://evil.example/api/v2/x", "", "only sent to the API host"},
		{"/somewhere/else", "", "not an API path"},
	}
	for _, tc := range cases {
		got, err := c.resolveLink(tc.href)
		switch {
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("resolveLink(%q) error = %v, want %q", tc.href, err, tc.wantErr)
		case tc.wantErr == "" && (err != nil || got != tc.want):
			t.Errorf("resolveLink(%q) = %q, %v; want %q", tc.href, got, err, tc.want)
		}
	}
}

// A next link is followed only on the path of the first request: the query is where a page is chosen,
// the path is what is listed.
func TestPaginateFollowsNextLinksOnlyOnThePathAskedFor(t *testing.T) {
	client, count := pagingServer(t, func(int) []int { return []int{1} }, func(n int) string {
		if n == 0 {
			return "/api/v2/other?page=1"
		}
		return ""
	})
	_, err := collect(t, client)
	if err == nil || !strings.Contains(err.Error(), "GET /api/v2/list: the server's next-page link leads to /api/v2/other, another resource") {
		t.Fatalf("err = %v, want both paths named", err)
	}
	if count.Load() != 1 {
		t.Errorf("%d requests, want 1", count.Load())
	}
}

func TestSamePath(t *testing.T) {
	cases := []struct {
		a, b string
		same bool
	}{
		{"https://h/api/v2/x/a%20b?page=1", "https://h/api/v2/x/a b?page=2", true},
		{"https://h/api/v2/x/%7Eu", "https://h/api/v2/x/~u", true},
		{"https://h/api/v2/x/a%2Fb", "https://h/api/v2/x/a/b", false},
		{"https://h/api/v2/projects/p/x", "https://h/api/v2/projects/OTHER/x", false},
		{"https://h/api/v2/x", "https://h/api/v2/x/", false},
	}
	for _, tc := range cases {
		if got := samePath(tc.a, tc.b); got != tc.same {
			t.Errorf("samePath(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}
