package launchdarkly

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Terraform reads up to -parallelism (10 by default) data sources at once. Once those requests are
// answered, their connections must be kept for the next ones: a connection closed and opened again costs
// every later read a TCP and TLS handshake against the real API.
func TestConcurrentReadsReuseTheirConnections(t *testing.T) {
	var opened atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/api/v2/members/")
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"_id":%q}`, id)
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	client, err := New(Config{BaseURL: srv.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}

	const parallelism, rounds = 10, 20
	for round := range rounds {
		var wg sync.WaitGroup
		for i := range parallelism {
			wg.Go(func() {
				id := fmt.Sprintf("%024x", round*parallelism+i) // distinct: no answer is reused
				if _, err := client.GetMember(t.Context(), id); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	if n := opened.Load(); n > parallelism {
		t.Errorf("%d reads, %d at a time, opened %d connections; want at most %d", parallelism*rounds, parallelism, n, parallelism)
	}
}
