package mockapi

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentUse mirrors Terraform refreshing many data sources at once
// while a test reconfigures the mock; run with -race.
func TestConcurrentUse(t *testing.T) {
	api, srv := newServer(t)
	paths := []string{
		"/api/v2/members/me?expand=customRoles,roleAttributes",
		"/api/v2/members?filter=email%3Asam.lee%40acme.example",
		"/api/v2/members?limit=5&offset=10",
		userPath(UserProject, UserEnvironment, FullUserKey),
		userPath(UserProject, UserEnvironment, "a/b"),
	}
	const workers, perWorker = 16, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				errs <- fetch(srv.Client(), srv.URL+paths[(w+i)%len(paths)])
			}
		})
	}
	wg.Go(func() {
		for i := range perWorker {
			api.PutMember(map[string]any{"_id": fmt.Sprintf("6511d0c3a8e4f20013b7a%03d", i), "role": "reader", "email": fmt.Sprintf("c%d@acme.example", i)})
			api.PutUser(UserProject, UserEnvironment, map[string]any{"user": map[string]any{"key": fmt.Sprint("concurrent-", i)}})
			api.AddToken(fmt.Sprint("api-concurrent-", i), MinimalMemberID)
			api.SetLooseEmailFilter(i%2 == 0)
			_ = api.Requests()
			_ = api.Unexpected()
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := api.RequestCount(); got != workers*perWorker {
		t.Fatalf("RequestCount = %d, want %d", got, workers*perWorker)
	}
}

func fetch(client *http.Client, rawURL string) error {
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", DefaultToken)
	req.Header.Set("LD-API-Version", UsersAPIVersion)
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", rawURL, res.StatusCode)
	}
	return nil
}
