package launchdarkly

import (
	"fmt"
	"io"
	"net/http"
	"path"
	"sync"
	"testing"
	"time"
)

func TestIdenticalReadsShareOneRequest(t *testing.T) {
	server := newScriptedServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		time.Sleep(20 * time.Millisecond) // keep the first request in flight while the others arrive
		_, _ = io.WriteString(w, memberJSON)
	})
	client, _ := retryingClient(t, server.URL, 0, time.Second)
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if m, err := client.GetMember(t.Context(), "me"); err != nil || *m.Email != "a@acme.example" {
				t.Errorf("member = %v, err = %v", m, err)
			}
		})
	}
	wg.Wait()
	if _, err := client.GetMember(t.Context(), "me"); err != nil { // after the flight: served from memory
		t.Fatal(err)
	}
	if n := server.requests.Load(); n != 1 {
		t.Errorf("51 identical reads sent %d requests, want 1", n)
	}
	if _, err := client.GetMember(t.Context(), "507f1f77bcf86cd799439011"); err != nil {
		t.Fatal(err)
	}
	if n := server.requests.Load(); n != 2 {
		t.Errorf("a different read sent %d requests in all, want 2", n)
	}
}

func TestCallersGetIndependentCopies(t *testing.T) {
	server := newScriptedServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, memberJSON)
	})
	client, _ := retryingClient(t, server.URL, 0, time.Second)
	first, _ := client.GetMember(t.Context(), "me")
	*first.Email = "changed"
	second, _ := client.GetMember(t.Context(), "me")
	if *second.Email != "a@acme.example" {
		t.Errorf("a caller's change leaked into another's result: %q", *second.Email)
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	server := newScriptedServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		_, _ = io.WriteString(w, memberJSON)
	})
	client, _ := retryingClient(t, server.URL, 0, time.Second)
	if _, err := client.GetMember(t.Context(), "me"); !HasStatus(err, 500) {
		t.Fatalf("first read: err = %v, want HTTP 500", err)
	}
	if _, err := client.GetMember(t.Context(), "me"); err != nil {
		t.Fatalf("second read: err = %v; a failure must not be remembered", err)
	}
}

func TestMaxConcurrencyCapsRequestsInFlight(t *testing.T) {
	var mu sync.Mutex
	inFlight, peak := 0, 0
	server := newScriptedServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		time.Sleep(10 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		_, _ = fmt.Fprintf(w, `{"_id":%q}`, path.Base(r.URL.Path)) // the member asked for
	})
	client, err := New(Config{BaseURL: server.URL, Token: testToken, MaxConcurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			if _, err := client.GetMember(t.Context(), fmt.Sprintf("%024x", i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if peak != 2 || server.requests.Load() != 12 {
		t.Errorf("peak in flight = %d over %d requests, want 2 over 12", peak, server.requests.Load())
	}
}

// The cache lives as long as its client: another client (another provider configuration, another test)
// reads afresh.
func TestEachClientHasItsOwnCache(t *testing.T) {
	server := newScriptedServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, memberJSON)
	})
	for range 2 {
		client, _ := retryingClient(t, server.URL, 0, time.Second)
		for range 3 {
			if _, err := client.GetMember(t.Context(), "me"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := server.requests.Load(); n != 2 {
		t.Errorf("two clients reading the same member three times each sent %d requests, want one each", n)
	}
}
