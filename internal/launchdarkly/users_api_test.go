package launchdarkly

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
)

// Once the Users API says it is retired, the client remembers it: later reads get the same answer
// without a request, and reads started together send one request between them.
func TestRetiredUsersAPIIsAskedOnce(t *testing.T) {
	cases := []struct {
		name         string
		status       int
		body         string
		remembered   bool
		wantRequests int64
	}{
		{"400 naming API version 20220603", 400, `{"code":"invalid_request","message":"API version 20220603 is no longer supported"}`, true, 1},
		{"410 Gone", 410, `{"code":"gone","message":"This API has been removed"}`, true, 1},
		{"404 naming the version in its code", 404, `{"code":"api_version_20220603_removed","message":"gone"}`, true, 1},
		{"404 for a user", 404, `{"code":"not_found","message":"Invalid resource identifier"}`, false, 20},
		{"401 naming the version", 401, `{"code":"unauthorized","message":"token pinned to 20220603 rejected"}`, false, 20},
		{"403 naming the version", 403, `{"code":"forbidden","message":"20220603 is not allowed for this role"}`, false, 20},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			server := newScriptedServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			})
			client, err := New(Config{BaseURL: server.URL, Token: testToken})
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make([]error, 10)
			for i := range errs { // ten reads at once, as Terraform starts them
				wg.Go(func() { _, errs[i] = client.GetUser(t.Context(), "p", "e", fmt.Sprintf("user-%d", i)) })
			}
			wg.Wait()
			for i := range 10 { // and ten after
				_, err := client.GetUser(t.Context(), "p", "e", fmt.Sprintf("later-%d", i))
				errs = append(errs, err)
			}
			for _, err := range errs {
				if !HasStatus(err, tc.status) || (tc.remembered && err.Error() != errs[0].Error()) {
					t.Errorf("err = %v, want HTTP %d, the same every time", err, tc.status)
				}
			}
			if n := server.requests.Load(); n != tc.wantRequests {
				t.Errorf("%d requests for 20 reads; want %d", n, tc.wantRequests)
			}
		})
	}
}

// Each Client learns for itself: a retirement one client saw is not another's.
func TestEachClientLearnsOfTheUsersAPIForItself(t *testing.T) {
	server := newScriptedServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusGone)
	})
	for range 2 {
		client, err := New(Config{BaseURL: server.URL, Token: testToken})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			var apiErr *APIError
			if _, err := client.GetUser(t.Context(), "p", "e", "u"); !errors.As(err, &apiErr) {
				t.Fatalf("err = %v", err)
			}
		}
	}
	if n := server.requests.Load(); n != 2 {
		t.Errorf("%d requests from two clients reading twice each; want 2", n)
	}
}
