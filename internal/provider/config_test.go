package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

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
