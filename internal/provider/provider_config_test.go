package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// unreachableHost cannot resolve (.invalid is reserved for that): the host of configurations that must be
// refused before any request, since no test may send one anywhere real.
const unreachableHost = "ld.example.invalid"

// providerBlock is a provider block with only the given arguments, one per line.
func providerBlock(arguments ...string) string {
	return "provider \"launchdarkly\" {\n  " + strings.Join(arguments, "\n  ") + "\n}\n"
}

// Each test here that sets the environment runs on its own (setenv); the others run in parallel.

func TestAccProviderReadsTheEnvironment(t *testing.T) {
	_, apiURL := startMockAPI(t)
	setenv(t, envAccessToken, mockapi.DefaultToken)
	setenv(t, envAPIHost, apiURL)
	expectState(t, providerBlock()+readMe, memberIs(mockapi.FullMemberID, mockapi.FullMemberEmail)...)
}

func TestAccProviderConfigWinsOverTheEnvironment(t *testing.T) {
	_, apiURL := startMockAPI(t)
	setenv(t, envAccessToken, "api-wrong-token-from-the-environment")
	setenv(t, envAPIHost, "http://192.0.2.1") // would be refused if it were used
	expectState(t, mockProviderConfig(apiURL)+readMe, memberIs(mockapi.FullMemberID, mockapi.FullMemberEmail)...)
}

func TestAccProviderOAuthToken(t *testing.T) {
	_, apiURL := startMockAPI(t)
	expectState(t, providerBlock(fmt.Sprintf("oauth_token = %q", mockapi.DefaultToken), fmt.Sprintf("api_host = %q", apiURL))+readMe,
		memberIs(mockapi.FullMemberID, mockapi.FullMemberEmail)...)
}

func TestAccProviderSendsItsAndTerraformsVersion(t *testing.T) {
	api, apiURL := startMockAPI(t)
	expectState(t, mockProviderConfig(apiURL)+readMe, memberIs(mockapi.FullMemberID, mockapi.FullMemberEmail)...)
	userAgent := regexp.MustCompile(`^terraform-provider-launchdarkly/test Terraform/\d+\.\d+\.\d+`)
	for _, req := range api.Requests() {
		if got := req.Header.Get("User-Agent"); !userAgent.MatchString(got) {
			t.Errorf("User-Agent = %q, want %s", got, userAgent)
		}
	}
}

// Configurations refused before any request.
func TestAccProviderRefusals(t *testing.T) {
	type refusal struct{ name, provider, want string }
	cases := []refusal{
		{"no token names every way to set one", "",
			`(?s)Missing LaunchDarkly token.*access_token.*oauth_token.*LAUNCHDARKLY_ACCESS_TOKEN.*LAUNCHDARKLY_OAUTH_TOKEN`},
		{"plain http to a remote host", fmt.Sprintf("access_token = %q\n  api_host = \"http://%s\"", mockapi.DefaultToken, unreachableHost),
			`(?s)Invalid LaunchDarkly API host.*use https`},
		// timestamp() is unknown until apply, like a token another resource creates, in every Terraform
		// version (terraform_data, the obvious stand-in, needs Terraform 1.4).
		{"an unknown token", `access_token = timestamp()`, `(?s)Unknown LaunchDarkly provider argument.*access_token.*-target`},
	}
	for name, argument := range map[string]string{
		"max_retries":      "max_retries = 21",
		"max_concurrency":  "max_concurrency = 0",
		"http_timeout":     "http_timeout = 0",
		"max_read_seconds": "max_read_seconds = 3601",
	} {
		cases = append(cases, refusal{name, "access_token = \"x\"\n  " + argument, `Attribute ` + name + ` value must be`})
	}
	t.Parallel()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			arguments := tc.provider
			if !strings.Contains(arguments, "api_host") {
				arguments += fmt.Sprintf("\n  api_host = %q", apiURL)
			}
			expectError(t, providerBlock(arguments)+readMe, regexp.MustCompile(tc.want))
			noRequests(t, api)
		})
	}
}

// A rejected token is named by where it came from, with the host it was sent to: a token of another
// LaunchDarkly instance (EU, federal) is otherwise hard to tell from a typo.
func TestAccRejectedTokenNamesItsSourceAndTheHost(t *testing.T) {
	t.Run("argument", func(t *testing.T) {
		_, apiURL := startMockAPI(t)
		expectError(t, providerConfig(apiURL, "api-not-a-token-of-this-instance")+readMe, regexp.MustCompile(words(
			"token rejected", "LaunchDarkly at "+apiURL+" rejected the token from `access_token`", "HTTP 401",
			"app.eu.launchdarkly.com EU")))
	})
	t.Run("environment", func(t *testing.T) {
		_, apiURL := startMockAPI(t)
		setenv(t, envOAuthToken, "api-not-a-token-of-this-instance")
		expectError(t, providerBlock(fmt.Sprintf("api_host = %q", apiURL))+readMe, regexp.MustCompile(words(
			"LaunchDarkly at "+apiURL+" rejected the token from the LAUNCHDARKLY_OAUTH_TOKEN environment variable")))
	})
}
