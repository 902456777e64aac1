package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

const readMe = `
data "launchdarkly_member" "test" {
  id = "me"
}
`

// clearTokenEnv keeps a developer's own LaunchDarkly variables out of a test.
func clearTokenEnv(t *testing.T) {
	t.Helper()
	for _, name := range []string{envAccessToken, envOAuthToken, envAPIHost} {
		t.Setenv(name, "")
	}
}

func expectMe(t *testing.T, config string) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.launchdarkly_member.test", tfjsonpath.New("email"),
					knownvalue.StringExact(mockapi.FullMemberEmail)),
			},
		}},
	})
}

func expectConfigError(t *testing.T, config, pattern string) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ExpectError: regexp.MustCompile(pattern)}},
	})
}

func TestAccProviderReadsTheEnvironment(t *testing.T) {
	clearTokenEnv(t)
	_, apiURL := startMockAPI(t)
	t.Setenv(envAccessToken, mockapi.DefaultToken)
	t.Setenv(envAPIHost, apiURL)
	expectMe(t, `provider "launchdarkly" {}`+readMe)
}

func TestAccProviderConfigWinsOverTheEnvironment(t *testing.T) {
	clearTokenEnv(t)
	_, apiURL := startMockAPI(t)
	t.Setenv(envAccessToken, "api-wrong-token-from-the-environment")
	t.Setenv(envAPIHost, "http://192.0.2.1") // would be refused if it were used
	expectMe(t, mockProviderConfig(apiURL)+readMe)
}

func TestAccProviderOAuthToken(t *testing.T) {
	clearTokenEnv(t)
	_, apiURL := startMockAPI(t)
	expectMe(t, fmt.Sprintf(`
provider "launchdarkly" {
  oauth_token = %q
  api_host    = %q
}
`, mockapi.DefaultToken, apiURL)+readMe)
}

func TestAccProviderWithoutTokenNamesEveryWayToSetOne(t *testing.T) {
	clearTokenEnv(t)
	api, apiURL := startMockAPI(t)
	expectConfigError(t, fmt.Sprintf(`
provider "launchdarkly" {
  api_host = %q
}
`, apiURL)+readMe,
		`(?s)Missing LaunchDarkly token.*access_token.*oauth_token.*LAUNCHDARKLY_ACCESS_TOKEN.*LAUNCHDARKLY_OAUTH_TOKEN`)
	if n := api.RequestCount(); n != 0 {
		t.Errorf("%d requests without a token", n)
	}
}

func TestAccProviderRefusesPlainHTTPToARemoteHost(t *testing.T) {
	clearTokenEnv(t)
	expectConfigError(t, providerConfig("http://app.launchdarkly.com", mockapi.DefaultToken)+readMe,
		`(?s)Invalid LaunchDarkly API host.*use https`)
}

func TestAccProviderRefusesOutOfRangeArguments(t *testing.T) {
	clearTokenEnv(t)
	for name, argument := range map[string]string{
		"max_retries":      "max_retries = 21",
		"max_concurrency":  "max_concurrency = 0",
		"http_timeout":     "http_timeout = 0",
		"max_read_seconds": "max_read_seconds = 3601",
	} {
		t.Run(name, func(t *testing.T) {
			expectConfigError(t, providerConfigWith("https://app.launchdarkly.com", "x", argument)+readMe,
				`Attribute `+name+` value must be`)
		})
	}
}

func TestAccProviderSendsItsAndTerraformsVersion(t *testing.T) {
	clearTokenEnv(t)
	api, apiURL := startMockAPI(t)
	expectMe(t, mockProviderConfig(apiURL)+readMe)
	userAgent := regexp.MustCompile(`^terraform-provider-launchdarkly/test Terraform/\d+\.\d+\.\d+`)
	for _, req := range api.Requests() {
		if got := req.Header.Get("User-Agent"); !userAgent.MatchString(got) {
			t.Errorf("User-Agent = %q, want %s", got, userAgent)
		}
	}
}

// A TRACE log of a real plan, Terraform's and the provider's, holds every API call but never the token.
// The token comes from the environment, as in a pipeline: the test harness itself logs the configuration
// it writes, which real runs do not.
func TestAccTraceLogsNeverShowTheToken(t *testing.T) {
	clearTokenEnv(t)
	const token = "api-7d1e3c55-log-check-4f0a-9b2e-0c6d1e2f3a4b"
	api, apiURL := startMockAPI(t)
	api.AddToken(token, mockapi.FullMemberID)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv(envAccessToken, token)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "launchdarkly" {
  api_host = %q
}
`, apiURL) + readMe + userBlock(mockapi.UserProject, mockapi.UserEnvironment, mockapi.FullUserKey),
		}},
	})

	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(data)
	for _, want := range []string{
		"LaunchDarkly API call", "path=/api/v2/members/me", "status=200", "duration_ms=", "attempt=1",
		"LaunchDarkly API request", "ld_api_version=20220603", "LaunchDarkly API response",
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log has no %q; the check below would prove nothing", want)
		}
	}
	if i := strings.Index(logs, token); i >= 0 {
		t.Logf("context: %s", logs[max(0, i-600):min(len(logs), i+200)])
		t.Errorf("the token appears in the TRACE log (%d bytes)", len(logs))
	}
}

func TestAccProviderRejectsUnknownArguments(t *testing.T) {
	clearTokenEnv(t)
	api, apiURL := startMockAPI(t)
	expectConfigError(t, fmt.Sprintf(`
resource "terraform_data" "token" {
  input = "not known until apply"
}

provider "launchdarkly" {
  access_token = terraform_data.token.output
  api_host     = %q
}
`, apiURL)+readMe, `(?s)Unknown LaunchDarkly provider argument.*access_token.*-target`)
	if n := api.RequestCount(); n != 0 {
		t.Errorf("%d requests with an unknown token", n)
	}
}
