package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// Clocks on either side of the Users API's end of life (2026-12-31): no test depends on today's date.
var (
	beforeRetirement = time.Date(2026, time.June, 1, 12, 0, 0, 0, time.UTC)
	afterRetirement  = time.Date(2027, time.January, 15, 12, 0, 0, 0, time.UTC)
)

// testAccProtoV6ProviderFactories serves the provider in-process to the terraform binary the tests drive,
// with its clock before the Users API's end of life.
var testAccProtoV6ProviderFactories = providerFactoriesAt(beforeRetirement)

// providerFactoriesAt serves the provider with its clock stopped at now.
func providerFactoriesAt(now time.Time) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"launchdarkly": providerserver.NewProtocol6WithError(newWithClock("test", func() time.Time { return now })()),
	}
}

// startMockAPI gives a test its own mock LaunchDarkly API and fails the test if the provider called any
// route the mock does not know.
func startMockAPI(t *testing.T) (*mockapi.API, string) {
	t.Helper()
	api := mockapi.New()
	server := httptest.NewServer(api)
	t.Cleanup(func() {
		server.Close()
		for _, req := range api.Unexpected() {
			t.Errorf("unexpected request to the mock API: %s %s?%s", req.Method, req.EscapedPath, req.Query.Encode())
		}
	})
	return api, server.URL
}

// providerConfig is the provider block for a mock at apiURL, authenticating with token.
func providerConfig(apiURL, token string) string {
	return providerConfigWith(apiURL, token, "")
}

// providerConfigWith is providerConfig with more provider arguments, one per line.
func providerConfigWith(apiURL, token, arguments string) string {
	return fmt.Sprintf(`
provider "launchdarkly" {
  access_token = %q
  api_host     = %q
  %s
}
`, token, apiURL, arguments)
}

// mockProviderConfig is providerConfig with the mock's default token.
func mockProviderConfig(apiURL string) string {
	return providerConfig(apiURL, mockapi.DefaultToken)
}

// readDiagnostics keeps the diagnostics of every data source read Terraform asked the provider for, one
// entry per read, so that tests can check the warnings Terraform was given.
type readDiagnostics struct {
	mu    sync.Mutex
	reads [][]*tfprotov6.Diagnostic
}

func (r *readDiagnostics) all() [][]*tfprotov6.Diagnostic {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]*tfprotov6.Diagnostic(nil), r.reads...)
}

// recordingServer is the provider's server with every ReadDataSource answer noted in reads.
type recordingServer struct {
	tfprotov6.ProviderServer
	reads *readDiagnostics
}

func (s recordingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		s.reads.mu.Lock()
		s.reads.reads = append(s.reads.reads, resp.Diagnostics)
		s.reads.mu.Unlock()
	}
	return resp, err
}

// recordingFactories serves the provider with its clock at now and notes the diagnostics of every read.
func recordingFactories(now time.Time) (map[string]func() (tfprotov6.ProviderServer, error), *readDiagnostics) {
	reads := &readDiagnostics{}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"launchdarkly": func() (tfprotov6.ProviderServer, error) {
			server, err := providerserver.NewProtocol6WithError(newWithClock("test", func() time.Time { return now })())()
			return recordingServer{ProviderServer: server, reads: reads}, err
		},
	}, reads
}

// requestsTo counts the requests the mock received whose path starts with prefix.
func requestsTo(api *mockapi.API, prefix string) int {
	n := 0
	for _, req := range api.Requests() {
		if strings.HasPrefix(req.EscapedPath, prefix) {
			n++
		}
	}
	return n
}
