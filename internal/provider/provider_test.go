package provider

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// testAccProtoV6ProviderFactories serves the provider in-process to the terraform binary the tests drive.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"launchdarkly": providerserver.NewProtocol6WithError(New("test")()),
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
