package launchdarkly

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Terraform reads up to -parallelism (10 by default) data sources at once. Once those requests are
// answered, their connections must be kept for the next ones: a connection closed and opened again costs
// every later read a TCP and TLS handshake against the real API.
//
// Nothing here depends on timing. The server holds each round's requests until all of them have arrived,
// so every round has all its reads in flight at once and none can take the connection of one that
// finished earlier in the round. The next round starts once the transport is done with every connection
// of this one, which it does in its own goroutine a moment after the response was handed over: it puts
// the connection back in its pool (httptrace's PutIdleConn), or, when its writer goroutine has not
// reported the request written within 50 ms (net/http's maxWriteWaitBeforeConnReuse, which a busy machine
// reaches), closes it. A closed connection is the transport's choice, not the client's, so the test
// allows one new connection for each.
func TestConcurrentReadsReuseTheirConnections(t *testing.T) {
	const parallelism, rounds = 10, 20
	srv := httptest.NewServer(newBarrier(parallelism).handler(func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/api/v2/members/")
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"_id":%q}`, id)
	}))
	defer srv.Close()
	client, err := New(Config{BaseURL: srv.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	var opened, closed atomic.Int64
	transport, ok := client.http.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("the client's transport is a %T", client.http.Transport)
	}
	dial := transport.DialContext
	transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		opened.Add(1)
		return &closeCountingConn{Conn: conn, closed: &closed}, nil
	}

	var pooled atomic.Int64 // requests whose connection went back to the pool
	for round := range rounds {
		var wg sync.WaitGroup
		for i := range parallelism {
			ctx := httptrace.WithClientTrace(t.Context(), &httptrace.ClientTrace{
				PutIdleConn: func(err error) {
					if err != nil {
						t.Errorf("the pool refused a connection that could serve the next read: %v", err)
					}
					pooled.Add(1)
				},
			})
			wg.Go(func() {
				id := fmt.Sprintf("%024x", round*parallelism+i) // distinct: no answer is reused
				if _, err := client.GetMember(ctx, id); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		want := int64((round + 1) * parallelism)
		waitUntil(t, "end to every connection's use", func() bool { return pooled.Load()+closed.Load() >= want })
	}
	if n, c := opened.Load(), closed.Load(); n > parallelism+c {
		t.Errorf("%d reads, %d at a time, opened %d connections, of which the transport closed %d; want at most %d "+
			"plus one for each closed", parallelism*rounds, parallelism, n, c, parallelism)
	}
}

// closeCountingConn counts its closing once, however often Close is called.
type closeCountingConn struct {
	net.Conn
	once   sync.Once
	closed *atomic.Int64
}

func (c *closeCountingConn) Close() error {
	c.once.Do(func() { c.closed.Add(1) })
	return c.Conn.Close()
}

// barrier holds each group of n requests until the n-th arrives, or for 5 s at most, so that a test that
// goes wrong fails on its counts instead of hanging.
type barrier struct {
	n       int
	mu      sync.Mutex
	arrived int
	all     chan struct{}
}

func newBarrier(n int) *barrier { return &barrier{n: n, all: make(chan struct{})} }

func (b *barrier) handler(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b.mu.Lock()
		all := b.all
		if b.arrived++; b.arrived == b.n {
			close(all)
			b.arrived, b.all = 0, make(chan struct{})
		}
		b.mu.Unlock()
		select {
		case <-all:
		case <-time.After(5 * time.Second):
		}
		next(w, r)
	}
}
