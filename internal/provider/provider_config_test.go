package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// unreachableHost cannot resolve (.invalid is reserved for that): the host of configurations that must be
// refused before any request, since no test may send one anywhere real.
const unreachableHost = "ld.example.invalid"

// The provider's configuration, all of it here: arguments and environment variables, precedence, what
// is refused before any request and how, the arguments of LaunchDarkly's own provider, and the unit tests
// of config.go. Each acceptance test here that sets the environment runs on its own (setenv); the others
// run in parallel.

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
	expectState(t, providerAt(apiURL, mockapi.DefaultToken)+readMe, memberIs(mockapi.FullMemberID, mockapi.FullMemberEmail)...)
}

func TestAccProviderOAuthToken(t *testing.T) {
	_, apiURL := startMockAPI(t)
	expectState(t, providerBlock(fmt.Sprintf("oauth_token = %q", mockapi.DefaultToken), fmt.Sprintf("api_host = %q", apiURL))+readMe,
		memberIs(mockapi.FullMemberID, mockapi.FullMemberEmail)...)
}

func TestAccProviderSendsItsAndTerraformsVersion(t *testing.T) {
	api, apiURL := startMockAPI(t)
	expectState(t, providerAt(apiURL, mockapi.DefaultToken)+readMe, memberIs(mockapi.FullMemberID, mockapi.FullMemberEmail)...)
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
		expectError(t, providerAt(apiURL, "api-not-a-token-of-this-instance")+readMe, regexp.MustCompile(words(
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

// A token that cannot be sent is refused before any request, on the argument or variable it came from,
// without being shown.
func TestAccTokenThatCannotBeSentIsRefused(t *testing.T) {
	cases := []struct {
		name, config string
		env          string
		want         *regexp.Regexp
	}{
		{"line break in access_token", `access_token = "` + tildeToken + `\n"`, "",
			regexp.MustCompile(`\A[^~]*Invalid LaunchDarkly token[^~]*access_token[^~]*line\s+break[^~]*trimspace\(\)[^~]*\z`)},
		{"NUL in oauth_token", `oauth_token = "` + tildeToken + `\u0000"`, "",
			regexp.MustCompile(`\A[^~]*Invalid LaunchDarkly token[^~]*oauth_token[^~]*control\s+character\s+U\+0000[^~]*\z`)},
		{"line break in the environment", ``, tildeToken + "\n",
			regexp.MustCompile(`\A[^~]*Invalid LaunchDarkly token[^~]*LAUNCHDARKLY_ACCESS_TOKEN\s+environment\s+variable[^~]*line\s+break[^~]*\z`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != "" {
				setenv(t, envAccessToken, tc.env)
			}
			api, apiURL := startMockAPI(t)
			expectError(t, fmt.Sprintf("provider \"launchdarkly\" {\n  api_host = %q\n  %s\n}\n", apiURL, tc.config)+readMe, tc.want)
			noRequests(t, api)
		})
	}
}

// Each configuration mistake gets one error that names it, before any request.
func TestAccConfigurationMistakesGetOneClearError(t *testing.T) {
	cases := []struct {
		name, arguments string
		env             map[string]string
		want            string
	}{
		{"empty access_token", `access_token = ""`, map[string]string{envAccessToken: mockapi.DefaultToken},
			words("Empty LaunchDarkly token", "`access_token` is set to an empty string", "leave it out (or set it to null) to use the LAUNCHDARKLY_ACCESS_TOKEN environment variable")},
		{"empty oauth_token", `oauth_token = ""`, map[string]string{envOAuthToken: mockapi.DefaultToken},
			words("Empty LaunchDarkly token", "`oauth_token` is set to an empty string")},
		{"empty api_host", `
  access_token = "x"
  api_host     = ""`, nil, words("Empty LaunchDarkly API host", "`api_host` is set to an empty string")},
		{"both tokens", `
  access_token = "api-a"
  oauth_token  = "oauth-b"`, nil, words("Conflicting LaunchDarkly tokens", "Keep only the one you mean: `access_token` for a personal or service access token, `oauth_token` for an OAuth token")},
		{"both token variables", ``, map[string]string{envAccessToken: "api-a", envOAuthToken: "oauth-b"},
			words("Conflicting LaunchDarkly tokens", "Both LAUNCHDARKLY_ACCESS_TOKEN and LAUNCHDARKLY_OAUTH_TOKEN are set")},
		{"api_host with an API path", `
  access_token = "x"
  api_host     = "https://app.launchdarkly.com/api/v2/members"`, nil,
			words("Invalid LaunchDarkly API host", `give the API host without an API path, for example "https://app.launchdarkly.com"`)},
		{"max_read_seconds in the environment", `access_token = "x"`, map[string]string{envMaxReadSeconds: "2m"},
			words("Invalid LAUNCHDARKLY_MAX_READ_SECONDS", "must be a whole number of seconds between 1 and 3600", `it is "2m"`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				setenv(t, k, v)
			}
			api, apiURL := startMockAPI(t)
			if !strings.Contains(tc.arguments, "api_host") {
				setenv(t, envAPIHost, apiURL)
			}
			expectError(t, "provider \"launchdarkly\" {\n  "+tc.arguments+"\n}\n"+readMe, regexp.MustCompile(tc.want))
			noRequests(t, api)
		})
	}
}

// api_host as copied from the API docs, with /api/v2, reaches the API instead of /api/v2/api/v2/....
func TestAccAPIHostWithTheAPIPathIsTheHost(t *testing.T) {
	t.Parallel()
	for _, suffix := range []string{"/api/v2", "/api/v2/", "/api"} {
		t.Run(suffix, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			expectState(t, providerAt(apiURL+suffix, mockapi.DefaultToken)+readMe, memberIs(mockapi.FullMemberID, mockapi.FullMemberEmail)...)
			if n := requestsTo(api, "/api/v2/members/me"); n == 0 {
				t.Errorf("no request reached /api/v2/members/me")
			}
		})
	}
}

// A password in api_host never reaches Terraform's output, not even in the configuration line Terraform
// prints with an attribute error; "~" appears nowhere else in the output.
func TestAccAPIHostWithUserInfoIsRefusedWithoutEcho(t *testing.T) {
	t.Parallel()
	for _, host := range []string{"http://user:pw~secret@127.0.0.1:1", "http://user:pw~secret@app.launchdarkly.com"} {
		t.Run(host, func(t *testing.T) {
			expectError(t, providerAt(host, mockapi.DefaultToken)+readMe, regexp.MustCompile(
				`\A[^~]*Invalid LaunchDarkly API host[^~]*the `+"`api_host`"+` argument[^~]*takes\s+no\s+user\s+info[^~]*\z`))
		})
	}
}

// An invalid port is refused when the provider is configured, before any request (it cost 7 s of
// retries before one error).
func TestAccAPIHostWithAnInvalidPortIsRefusedAtConfigure(t *testing.T) {
	expectError(t, providerAt("http://127.0.0.1:99999", mockapi.DefaultToken)+readMe, regexp.MustCompile(words(
		"Invalid LaunchDarkly API host", `"http://127.0.0.1:99999": 99999 is not a TCP port, which is a number from 1 to 65535`)))
}

// Nothing listening at api_host took 9 attempts and 15-36 s before one error that did not name the
// setting. One quick retry, and an error that names api_host, its value and where it came from.
func TestAccNothingListeningAtAPIHostNamesTheSetting(t *testing.T) {
	t.Run("the argument", func(t *testing.T) {
		addr := closedPort(t)
		expectError(t, providerAt("http://"+addr, mockapi.DefaultToken)+readMe, regexp.MustCompile(words(
			`Reading LaunchDarkly member "me": connection refused`, "Nothing is listening at "+addr+": the connection "+
				"was refused, and again on a quick retry (GET /api/v2/members/me). `api_host` is \"http://"+addr+
				"\", from the `api_host` argument.")))
	})
	t.Run("the environment variable", func(t *testing.T) {
		addr := closedPort(t)
		setenv(t, envAPIHost, "http://"+addr)
		expectError(t, "provider \"launchdarkly\" {\n  access_token = \""+mockapi.DefaultToken+"\"\n}\n"+readMe,
			regexp.MustCompile(words("`api_host` is \"http://"+addr+"\", from the LAUNCHDARKLY_API_HOST environment variable.")))
	})
}

// An unknown user_source in the environment is refused when the provider is configured, before any
// request.
func TestAccUserSourceInvalidInTheEnvironment(t *testing.T) {
	api, apiURL := startMockAPI(t)
	setenv(t, envUserSource, "Contexts_API")
	expectError(t, userSourceConfig(apiURL, "", mockapi.FullUserKey), regexp.MustCompile(
		`(?s)Invalid user_source.*"Contexts_API" is not a user source: use one of\s+auto,\s+users_api,\s+contexts_api.*`+envUserSource))
	noRequests(t, api)
}

func TestNormalizeAPIHost(t *testing.T) {
	valid := map[string]string{
		"":                                 "https://app.launchdarkly.com",
		"app.eu.launchdarkly.com":          "https://app.eu.launchdarkly.com",
		"https://app.launchdarkly.us/":     "https://app.launchdarkly.us",
		"https://proxy.example/ld":         "https://proxy.example/ld",
		"http://localhost:8080":            "http://localhost:8080",
		"http://127.0.0.1:43210":           "http://127.0.0.1:43210",
		"http://127.9.8.7":                 "http://127.9.8.7",
		"http://[::1]:9000":                "http://[::1]:9000",
		"  app.launchdarkly.com  ":         "https://app.launchdarkly.com",
		"https://app.launchdarkly.com:443": "https://app.launchdarkly.com:443",
		// The API's own path, as copied from its docs, is dropped: the client adds it.
		"https://app.launchdarkly.com/api/v2":    "https://app.launchdarkly.com",
		"https://app.launchdarkly.com/api/v2/":   "https://app.launchdarkly.com",
		"https://app.launchdarkly.com/api":       "https://app.launchdarkly.com",
		"app.eu.launchdarkly.com/api/v2":         "https://app.eu.launchdarkly.com",
		"https://proxy.example/ld/api/v2":        "https://proxy.example/ld",
		"https://proxy.example/apiary":           "https://proxy.example/apiary",
		"http://127.0.0.1:8080/api/":             "http://127.0.0.1:8080",
		"https://app.launchdarkly.com/api/v2//":  "https://app.launchdarkly.com",
		"https://app.launchdarkly.com/ld/api/v2": "https://app.launchdarkly.com/ld",
	}
	for in, want := range valid {
		if got, err := normalizeAPIHost(in); err != nil || got != want {
			t.Errorf("normalizeAPIHost(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	invalid := map[string]string{
		"http://app.launchdarkly.com":                 "use https",
		"http://10.0.0.5":                             "use https",
		"http://localhost.evil.example":               "use https",
		"ftp://app.launchdarkly.com":                  "scheme must be https",
		"https://":                                    "has no host",
		"https://app.launchdarkly.com?x=1":            "no query or fragment",
		"https://user:pw@app.launchdarkly.com":        "takes no user info",
		"http://user:pw@app.launchdarkly.com":         "takes no user info",
		"http://127.0.0.1:99999":                      "99999 is not a TCP port, which is a number from 1 to 65535",
		"https://app.launchdarkly.com:0":              "0 is not a TCP port",
		"https://app.launchdarkly.com/api/v2/members": `give the API host without an API path, for example "https://app.launchdarkly.com"`,
		"https://app.launchdarkly.com/api/v1":         "the provider adds /api/v2/... itself",
	}
	for in, want := range invalid {
		if _, err := normalizeAPIHost(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("normalizeAPIHost(%q) error = %v, want one containing %q", in, err, want)
		}
	}
}

func TestNormalizeAPIHostNeverEchoesAPassword(t *testing.T) {
	for _, in := range []string{
		"https://user:s3cret-pw@app.launchdarkly.com",
		"http://user:s3cret-pw@10.0.0.5",
		"ftp://user:s3cret-pw@app.launchdarkly.com",
		"https://user:s3cret-pw@[::1",
	} {
		_, err := normalizeAPIHost(in)
		if err == nil {
			t.Errorf("normalizeAPIHost(%q) accepted a value with a password", in)
		} else if strings.Contains(err.Error(), "s3cret-pw") {
			t.Errorf("normalizeAPIHost(%q) error shows the password: %v", in, err)
		}
	}
}

func TestUserAgent(t *testing.T) {
	if got := userAgent("1.2.3", "1.11.4"); got != "terraform-provider-launchdarkly/1.2.3 Terraform/1.11.4" {
		t.Errorf("userAgent = %q", got)
	}
	if got := userAgent("dev", ""); got != "terraform-provider-launchdarkly/dev" {
		t.Errorf("userAgent without a Terraform version = %q", got)
	}
}

func TestChooseToken(t *testing.T) {
	null, set := types.StringNull(), types.StringValue
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	cases := []struct {
		name          string
		access, oauth types.String
		env           map[string]string
		want          string // the token chosen, or the error expected
	}{
		{"access_token", set("api-a"), null, nil, "api-a"},
		{"oauth_token", null, set("oauth-b"), nil, "oauth-b"},
		{"config wins over the environment", set("api-a"), null, map[string]string{envOAuthToken: "oauth-env"}, "api-a"},
		{"LAUNCHDARKLY_ACCESS_TOKEN", null, null, map[string]string{envAccessToken: "api-env"}, "api-env"},
		{"LAUNCHDARKLY_OAUTH_TOKEN", null, null, map[string]string{envOAuthToken: "oauth-env"}, "oauth-env"},
		{"an empty variable is unset", null, null, map[string]string{envAccessToken: "", envOAuthToken: "oauth-env"}, "oauth-env"},
		{"empty access_token", set(""), null, map[string]string{envAccessToken: "api-env"}, "error: Empty LaunchDarkly token: `access_token` is set to an empty string"},
		{"blank oauth_token", null, set("  "), map[string]string{envAccessToken: "api-env"}, "error: Empty LaunchDarkly token: `oauth_token` is set to an empty string"},
		{"both arguments", set("api-a"), set("oauth-b"), nil, "error: Conflicting LaunchDarkly tokens: Both `access_token` and `oauth_token` are set. Keep only the one you mean"},
		{"both variables", null, null, map[string]string{envAccessToken: "api-env", envOAuthToken: "oauth-env"}, "error: Conflicting LaunchDarkly tokens: Both LAUNCHDARKLY_ACCESS_TOKEN and LAUNCHDARKLY_OAUTH_TOKEN are set"},
		{"none", null, null, nil, "error: Missing LaunchDarkly token"},
		{"line break in access_token", set("api-secret-x\n"), null, nil, "error: Invalid LaunchDarkly token: The token in `access_token` cannot be used: the token contains a line break (character 13 of 13)"},
		{"NUL in the environment", null, null, map[string]string{envOAuthToken: "oauth-secret\x00"}, "error: Invalid LaunchDarkly token: The token in the LAUNCHDARKLY_OAUTH_TOKEN environment variable cannot be used: the token contains the control character U+0000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			chosen, diags := chooseToken(providerModel{AccessToken: tc.access, OAuthToken: tc.oauth}, env(tc.env))
			got := chosen.value
			if diags.HasError() {
				got = "error: " + diags.Errors()[0].Summary() + ": " + diags.Errors()[0].Detail()
			}
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if diags.HasError() && strings.Contains(got, "secret") {
				t.Errorf("the error shows the token: %q", got)
			}
		})
	}
}

func TestChooseMaxRead(t *testing.T) {
	cases := []struct {
		config types.Int64
		env    string
		want   string
	}{
		{types.Int64Null(), "", "2m0s"},
		{types.Int64Value(30), "600", "30s"},
		{types.Int64Null(), "600", "10m0s"},
		{types.Int64Null(), "0", "error"},
		{types.Int64Null(), "2m", "error"},
		{types.Int64Null(), "3601", "error"},
	}
	for _, tc := range cases {
		got, diags := chooseMaxRead(providerModel{MaxReadSeconds: tc.config}, func(string) string { return tc.env })
		if s := got.String(); diags.HasError() && tc.want != "error" || !diags.HasError() && s != tc.want {
			t.Errorf("max_read_seconds %v, %s=%q: got %v %v, want %s", tc.config, envMaxReadSeconds, tc.env, got, diags, tc.want)
		}
	}
}

// officialProviderArguments are the provider arguments of LaunchDarkly's own provider
// (launchdarkly/launchdarkly 3.x; 2.x has a subset of them): a provider block written for it must work
// here unchanged. The guide "Using this provider beside LaunchDarkly's own" lists how each behaves here.
var officialProviderArguments = []string{
	"access_token", "oauth_token", "api_host", "http_timeout", "max_concurrency", "archive_flags_on_destroy",
}

func TestProviderAcceptsEveryOfficialProviderArgument(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(t.Context(), provider.SchemaRequest{}, &resp)
	for _, name := range officialProviderArguments {
		attr, ok := resp.Schema.Attributes[name]
		if !ok {
			t.Errorf("the provider has no %q, an argument of LaunchDarkly's own provider", name)
			continue
		}
		if attr.IsRequired() {
			t.Errorf("%q is required here; in LaunchDarkly's own provider it is optional", name)
		}
	}
}

// A provider block with every argument of LaunchDarkly's own provider (but oauth_token, which it cannot
// combine with access_token either) configures the provider, and the ignored one is ignored whatever its
// value, even one not known until apply.
func TestAccOfficialProviderBlocksWorkUnchanged(t *testing.T) {
	me := memberIs(mockapi.FullMemberID, mockapi.FullMemberEmail)
	runAccCases(t, []accCase{
		{
			name:              "every argument, as LaunchDarkly's provider documents them",
			providerArguments: "http_timeout = 20\n  max_concurrency = 1\n  archive_flags_on_destroy = true",
			config:            readMe,
			checks:            me,
		},
		{
			name:              "archive_flags_on_destroy false",
			providerArguments: "archive_flags_on_destroy = false",
			config:            readMe,
			checks:            me,
		},
		{
			name:              "archive_flags_on_destroy unknown until apply",
			providerArguments: `archive_flags_on_destroy = timestamp() != ""`,
			config:            readMe,
			checks:            me,
		},
	})
}
