package mockapi

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const fullMemberPath = "/api/v2/members/" + FullMemberID

// raw is a response read without any expectation about its shape.
type raw struct {
	status int
	header http.Header
	body   []byte
}

// fetchMember GETs the full member with DefaultToken; err is the transport error, if any.
func fetchMember(ctx context.Context, client *http.Client, baseURL string) (raw, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+fullMemberPath, nil)
	if err != nil {
		return raw{}, err
	}
	req.Header = authed(apiVersionHeader, currentVersion)
	res, err := client.Do(req)
	if err != nil {
		return raw{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return raw{status: res.StatusCode, header: res.Header, body: body}, err
}

// mustGetMember GETs the full member, failing the test on a transport error.
func mustGetMember(t *testing.T, srv *httptest.Server) raw {
	t.Helper()
	res, err := fetchMember(t.Context(), srv.Client(), srv.URL)
	if err != nil {
		t.Fatalf("GET %s: %v", fullMemberPath, err)
	}
	return res
}

func wantStats(t *testing.T, api *API, want Stats) {
	t.Helper()
	if got := api.Stats(); got != want {
		t.Fatalf("Stats() = %+v, want %+v", got, want)
	}
}

func TestSchedules(t *testing.T) {
	cases := map[string]struct {
		s    Schedule
		want []int
	}{
		"Always":      {Always(), []int{1, 2, 3, 4, 5, 6, 7}},
		"FirstN(2)":   {FirstN(2), []int{1, 2}},
		"FirstN(0)":   {FirstN(0), nil},
		"EveryNth(3)": {EveryNth(3), []int{3, 6}},
		"EveryNth(1)": {EveryNth(1), []int{1, 2, 3, 4, 5, 6, 7}},
	}
	for name, c := range cases {
		var got []int
		for n := 1; n <= 7; n++ {
			if c.s(n) {
				got = append(got, n)
			}
		}
		if !slicesEqual(got, c.want) {
			t.Errorf("%s matched %v, want %v", name, got, c.want)
		}
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFaultRateLimited(t *testing.T) {
	api, srv := newServer(t)
	api.InjectFault(FirstN(1), Fault{Kind: RateLimited, RetryAfter: "7", ResetIn: 2 * time.Second})
	api.InjectFault(FirstN(2), Fault{Kind: RateLimited, ResetIn: -time.Second})
	api.InjectFault(FirstN(3), Fault{Kind: RateLimited})

	before := time.Now()
	res := mustGetMember(t, srv)
	wantRateLimitedBody(t, res)
	if got := res.header.Get("Retry-After"); got != "7" {
		t.Errorf("Retry-After = %q, want 7", got)
	}
	if reset := resetHeader(t, res); reset.Before(before.Add(2*time.Second-time.Millisecond)) || reset.After(time.Now().Add(2*time.Second)) {
		t.Errorf("X-Ratelimit-Reset = %v, want about now+2s", reset)
	}

	res = mustGetMember(t, srv)
	wantRateLimitedBody(t, res)
	if res.header.Get("Retry-After") != "" {
		t.Errorf("Retry-After sent without RetryAfter: %q", res.header.Get("Retry-After"))
	}
	if reset := resetHeader(t, res); !reset.Before(time.Now()) {
		t.Errorf("X-Ratelimit-Reset = %v, want a reset in the past", reset)
	}

	res = mustGetMember(t, srv)
	wantRateLimitedBody(t, res)
	for _, h := range []string{"Retry-After", headerReset, headerRouteLimit, headerRouteRemaining} {
		if v := res.header.Get(h); v != "" {
			t.Errorf("%s = %q, want none", h, v)
		}
	}

	if res := mustGetMember(t, srv); res.status != http.StatusOK {
		t.Fatalf("request 4: status %d, want 200", res.status)
	}
	wantStats(t, api, Stats{Requests: 4, RateLimited: 3, Faults: 3})
}

func wantRateLimitedBody(t *testing.T, res raw) {
	t.Helper()
	if res.status != http.StatusTooManyRequests {
		t.Fatalf("status = %d, want 429", res.status)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	var body map[string]string
	if err := json.Unmarshal(res.body, &body); err != nil {
		t.Fatalf("body %q: %v", res.body, err)
	}
	if body["code"] != "rate_limited" || body["message"] != "You've exceeded the API rate limit. Try again later." {
		t.Errorf("body = %v", body)
	}
}

func resetHeader(t *testing.T, res raw) time.Time {
	t.Helper()
	ms, err := strconv.ParseInt(res.header.Get(headerReset), 10, 64)
	if err != nil {
		t.Fatalf("X-Ratelimit-Reset %q: %v", res.header.Get(headerReset), err)
	}
	return time.UnixMilli(ms)
}

func TestFaultHTMLError(t *testing.T) {
	api, srv := newServer(t)
	api.InjectFault(FirstN(1), Fault{Kind: HTMLError})
	api.InjectFault(FirstN(2), Fault{Kind: HTMLError, Status: http.StatusInternalServerError})
	for _, want := range []int{http.StatusServiceUnavailable, http.StatusInternalServerError} {
		res := mustGetMember(t, srv)
		if res.status != want {
			t.Errorf("status = %d, want %d", res.status, want)
		}
		if ct := res.header.Get("Content-Type"); ct != "text/html" {
			t.Errorf("Content-Type = %q, want text/html", ct)
		}
		if !strings.Contains(string(res.body), "<html>") || json.Valid(res.body) {
			t.Errorf("body is not an HTML page: %q", res.body)
		}
	}
	wantStats(t, api, Stats{Requests: 2, Faults: 2})
}

func TestFaultEmptyError(t *testing.T) {
	api, srv := newServer(t)
	api.InjectFault(FirstN(1), Fault{Kind: EmptyError})
	api.InjectFault(FirstN(2), Fault{Kind: EmptyError, Status: http.StatusGatewayTimeout})
	for _, want := range []int{http.StatusBadGateway, http.StatusGatewayTimeout} {
		res := mustGetMember(t, srv)
		if res.status != want || len(res.body) != 0 {
			t.Errorf("status %d body %q, want %d and no body", res.status, res.body, want)
		}
	}
	wantStats(t, api, Stats{Requests: 2, Faults: 2})
}

func TestFaultDropConnection(t *testing.T) {
	api, srv := newServer(t)
	api.InjectFault(FirstN(1), Fault{Kind: DropConnection})
	if res, err := fetchMember(t.Context(), srv.Client(), srv.URL); err == nil {
		t.Fatalf("got a response (status %d), want a transport error", res.status)
	}
	if res := mustGetMember(t, srv); res.status != http.StatusOK {
		t.Fatalf("after the drop: status %d", res.status)
	}
	if got := api.Requests(); len(got) != 2 || got[0].EscapedPath != fullMemberPath {
		t.Fatalf("Requests() = %+v, want the dropped request recorded", got)
	}
	wantStats(t, api, Stats{Requests: 2, Faults: 1})
}

// serveWatched serves api on a loopback server whose shutdown does not wait for handlers, and closes
// returned when the handler of the first request returns: a test can then fail, instead of hanging, when
// a handler never does.
func serveWatched(t *testing.T, api *API) (baseURL string, returned <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var once sync.Once
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer once.Do(func() { close(done) })
		api.ServeHTTP(w, r)
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String(), done
}

// wantReturned fails the test unless the watched handler returns within 5 s.
func wantReturned(t *testing.T, returned <-chan struct{}, failure string) {
	t.Helper()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal(failure)
	}
}

func TestFaultHangEndsWhenTheClientGivesUp(t *testing.T) {
	api := New()
	api.InjectFault(Always(), Fault{Kind: Hang})
	baseURL, returned := serveWatched(t, api)
	start := time.Now() // before the deadline is set, so that elapsed is never shorter than it
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	if _, err := fetchMember(ctx, &http.Client{}, baseURL); err == nil {
		t.Fatal("got a response, want the request to hang until the deadline")
	}
	if elapsed := time.Since(start); elapsed < 100*time.Millisecond {
		t.Fatalf("returned after %v, before the client's deadline", elapsed)
	}
	wantReturned(t, returned, "the hung handler did not return when its client went away")
	wantStats(t, api, Stats{Requests: 1, Faults: 1})
}

func TestFaultHangEndsWhenTheServerShutsDown(t *testing.T) {
	api := New()
	api.InjectFault(Always(), Fault{Kind: Hang})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: api}
	go func() { _ = srv.Serve(ln) }()

	errs := make(chan error, 1)
	go func() {
		_, err := fetchMember(t.Context(), http.DefaultClient, "http://"+ln.Addr().String())
		errs <- err
	}()
	for deadline := time.Now().Add(5 * time.Second); api.RequestCount() == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the request did not arrive within 5 s")
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v (the hung request was not released)", err)
	}
	select {
	case err := <-errs:
		if err == nil {
			t.Fatal("the hung request got a response")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the hung request did not end within 5 s of the shutdown")
	}
}

func TestFaultHugeBody(t *testing.T) {
	api, srv := newServer(t)
	api.InjectFault(FirstN(1), Fault{Kind: HugeBody})
	res := mustGetMember(t, srv)
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, Content-Type %q", res.status, res.header.Get("Content-Type"))
	}
	if len(res.body) <= 11<<20 {
		t.Fatalf("body is %d bytes, want more than 11 MiB", len(res.body))
	}
	var member map[string]any
	if err := json.Unmarshal(res.body, &member); err != nil {
		t.Fatalf("body is not a JSON object: %v", err)
	}
	if padding, _ := member["padding"].(string); member["_id"] != FullMemberID || len(padding) < 11<<20 {
		t.Fatalf("want the real member with a huge padding member; _id %v", member["_id"])
	}
	wantStats(t, api, Stats{Requests: 1, Faults: 1})
}

func TestFaultHugeBodyOfAnEmptyObject(t *testing.T) {
	var body map[string]string
	if err := json.Unmarshal(padded([]byte(" {} \n")), &body); err != nil || len(body) != 1 {
		t.Fatalf("body with %d members: %v", len(body), err)
	}
}

func TestFaultTruncatedJSON(t *testing.T) {
	api, srv := newServer(t)
	full := mustGetMember(t, srv)
	api.InjectFault(EveryNth(2), Fault{Kind: TruncatedJSON})
	res := mustGetMember(t, srv)
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, Content-Type %q", res.status, res.header.Get("Content-Type"))
	}
	if string(res.body) != string(full.body[:len(full.body)/2]) {
		t.Fatalf("body is not the first half of the real body:\n%s", res.body)
	}
	if json.Valid(res.body) {
		t.Fatal("truncated body is valid JSON")
	}
	wantStats(t, api, Stats{Requests: 2, Faults: 1})
}

func TestFirstMatchingFaultWins(t *testing.T) {
	api, srv := newServer(t)
	api.InjectFault(FirstN(1), Fault{Kind: HTMLError})
	api.InjectFault(Always(), Fault{Kind: EmptyError})
	if res := mustGetMember(t, srv); res.status != http.StatusServiceUnavailable {
		t.Errorf("request 1: status %d, want the first fault (503)", res.status)
	}
	if res := mustGetMember(t, srv); res.status != http.StatusBadGateway {
		t.Errorf("request 2: status %d, want the second fault (502)", res.status)
	}
}

// Sequence numbers count from the mock's first request, also when the
// fault is injected later.
func TestSequenceCountsEarlierRequests(t *testing.T) {
	api, srv := newServer(t)
	mustGetMember(t, srv)
	mustGetMember(t, srv)
	api.InjectFault(FirstN(3), Fault{Kind: EmptyError})
	if res := mustGetMember(t, srv); res.status != http.StatusBadGateway {
		t.Errorf("request 3: status %d, want 502", res.status)
	}
	if res := mustGetMember(t, srv); res.status != http.StatusOK {
		t.Errorf("request 4: status %d, want 200", res.status)
	}
}

func TestEveryNthIsExactUnderConcurrency(t *testing.T) {
	api, srv := newServer(t)
	api.InjectFault(EveryNth(3), Fault{Kind: EmptyError})
	const total = 300
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for range total {
		wg.Go(func() {
			res, err := fetchMember(t.Context(), srv.Client(), srv.URL)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			statuses[res.status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if statuses[http.StatusBadGateway] != total/3 || statuses[http.StatusOK] != total-total/3 {
		t.Fatalf("statuses = %v, want exactly %d faults", statuses, total/3)
	}
	wantStats(t, api, Stats{Requests: total, Faults: total / 3})
}

func TestLatency(t *testing.T) {
	api, srv := newServer(t)
	api.SetLatency(150 * time.Millisecond)
	start := time.Now()
	if res := mustGetMember(t, srv); res.status != http.StatusOK {
		t.Fatalf("status %d", res.status)
	}
	if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
		t.Fatalf("answered after %v, want at least the latency", elapsed)
	}

	// Latency applies to faults too.
	api.InjectFault(Always(), Fault{Kind: EmptyError})
	start = time.Now()
	if res := mustGetMember(t, srv); res.status != http.StatusBadGateway {
		t.Fatalf("status %d", res.status)
	}
	if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
		t.Fatalf("fault answered after %v, want at least the latency", elapsed)
	}

	api.SetLatency(0)
	start = time.Now()
	mustGetMember(t, srv)
	if elapsed := time.Since(start); elapsed > 100*time.Millisecond {
		t.Fatalf("answered after %v with latency off", elapsed)
	}
}

func TestLatencyRespectsCancellation(t *testing.T) {
	api := New()
	api.SetLatency(time.Hour)
	baseURL, returned := serveWatched(t, api)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := fetchMember(ctx, &http.Client{}, baseURL); err == nil {
		t.Fatal("got a response within the deadline despite an hour of latency")
	}
	wantReturned(t, returned, "the handler kept waiting out its hour of latency after its client went away")
}

func TestStatsWithoutFaults(t *testing.T) {
	api, srv := newServer(t)
	wantStats(t, api, Stats{})
	mustGetMember(t, srv)
	wantStats(t, api, Stats{Requests: 1})
}
