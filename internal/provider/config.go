package provider

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// firstSet returns the first non-empty value: configuration comes before environment variables.
func firstSet(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// normalizeAPIHost turns the api_host argument into a base URL. A bare host means https; a scheme given is
// kept; plain http is allowed only to a loopback host, where tests and the demo reach the mock API. A path
// is kept as the prefix of a proxy, except the API's own: a trailing /api or /api/v2, as in
// https://app.launchdarkly.com/api/v2 copied from the API docs, is dropped (the client adds /api/v2/...
// itself), and a longer API path is refused.
func normalizeAPIHost(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return launchdarkly.DefaultBaseURL, nil
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		// Not the input itself, nor url.Parse's message quoting it: it may hold a password.
		return "", fmt.Errorf("the value is not a valid URL: %v", errors.Unwrap(err))
	}
	shown := u.Redacted() // a password in the value never reaches the error
	if u.User != nil {
		return "", fmt.Errorf("%q: the API host takes no user info (a name or password before \"@\"); the "+
			"provider authenticates with `access_token` or `oauth_token`", shown)
	}
	switch {
	case u.Host == "" || u.Hostname() == "":
		return "", fmt.Errorf("%q has no host", shown)
	case u.Scheme != "https" && u.Scheme != "http":
		return "", fmt.Errorf("%q: the scheme must be https", shown)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return "", fmt.Errorf("%q: use https. Plain http is accepted only for loopback hosts "+
			"(localhost, 127.0.0.0/8, ::1), because the access token would cross the network in clear text", shown)
	case u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("%q: the API host takes no query or fragment", shown)
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("%q: %s is not a TCP port, which is a number from 1 to 65535", shown, port)
		}
	}
	prefix := strings.TrimRight(u.Path, "/")
	prefix = strings.TrimSuffix(strings.TrimSuffix(prefix, "/api/v2"), "/api")
	if strings.Contains(prefix+"/", "/api/") {
		return "", fmt.Errorf("%q: give the API host without an API path, for example %q (or a proxy's "+
			"address with its own path prefix); the provider adds /api/v2/... itself",
			shown, u.Scheme+"://"+u.Host)
	}
	u.Path, u.RawPath = prefix, ""
	return u.String(), nil
}

// chooseAPIHost is the base URL from api_host, else LAUNCHDARKLY_API_HOST, else the default, and where it
// came from, for the client's messages. An empty api_host is an error, for the same reason as an empty
// token (see chooseToken).
func chooseAPIHost(config providerModel, getenv func(string) string) (string, string, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !config.APIHost.IsNull() && strings.TrimSpace(config.APIHost.ValueString()) == "" {
		diags.AddAttributeError(path.Root("api_host"), "Empty LaunchDarkly API host",
			"`api_host` is set to an empty string. Set it to a host, or leave it out (or set it to null) to use "+
				"the "+envAPIHost+" environment variable or the default, "+launchdarkly.DefaultBaseURL+".")
		return "", "", diags
	}
	raw, source := config.APIHost.ValueString(), "the `api_host` argument"
	if raw == "" {
		raw, source = getenv(envAPIHost), "the "+envAPIHost+" environment variable"
	}
	if raw == "" {
		source = "the default, as `api_host` is not set"
	}
	baseURL, err := normalizeAPIHost(raw)
	switch {
	case err == nil:
	case strings.Contains(raw, "@") || config.APIHost.IsNull():
		// Not an attribute error: Terraform would print the argument's line, and with it any password in
		// the value; and a value from the environment has no line to point at.
		diags.AddError("Invalid LaunchDarkly API host", "The API host in "+source+" cannot be used: "+err.Error()+".")
	default:
		diags.AddAttributeError(path.Root("api_host"), "Invalid LaunchDarkly API host", err.Error())
	}
	return baseURL, source, diags
}

// chooseMaxRead is max_read_seconds, else LAUNCHDARKLY_MAX_READ_SECONDS, else the client's default.
func chooseMaxRead(config providerModel, getenv func(string) string) (time.Duration, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !config.MaxReadSeconds.IsNull() {
		return secondsToDuration(config.MaxReadSeconds.ValueInt64()), diags
	}
	raw := getenv(envMaxReadSeconds)
	if raw == "" {
		return launchdarkly.DefaultMaxReadTime, diags
	}
	n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	if err != nil || n < 1 || n > maxReadSecondsLimit {
		diags.AddError("Invalid "+envMaxReadSeconds, fmt.Sprintf("%s must be a whole number of seconds "+
			"between 1 and %d, as `max_read_seconds` must; it is %q.", envMaxReadSeconds, maxReadSecondsLimit,
			launchdarkly.Abbreviate(raw, 40)))
	}
	return secondsToDuration(n), diags
}

// chosenToken is the token Configure uses and where it came from, for messages that must name the
// source without showing the token.
type chosenToken struct {
	value string
	// source is "`access_token`" or "the LAUNCHDARKLY_ACCESS_TOKEN environment variable".
	source string
}

// chooseToken picks the token: a token in the provider block wins over the environment, and an empty
// string in the block is an error rather than "unset", since it usually is a variable that was never
// filled and falling back to the environment would silently use another token. Setting both
// access_token and oauth_token (or both environment variables) is an error too: LaunchDarkly's own
// provider silently prefers oauth_token, so a configuration moved from it could mean either.
func chooseToken(config providerModel, getenv func(string) string) (chosenToken, diag.Diagnostics) {
	var diags diag.Diagnostics
	inConfig := []chosenToken{}
	for _, arg := range []struct {
		name, env string
		value     types.String
	}{
		{"access_token", envAccessToken, config.AccessToken},
		{"oauth_token", envOAuthToken, config.OAuthToken},
	} {
		if arg.value.IsNull() {
			continue
		}
		if strings.TrimSpace(arg.value.ValueString()) == "" {
			diags.AddAttributeError(path.Root(arg.name), "Empty LaunchDarkly token",
				"`"+arg.name+"` is set to an empty string. Set it to a token, or leave it out (or set it to "+
					"null) to use the "+arg.env+" environment variable.")
			continue
		}
		inConfig = append(inConfig, chosenToken{arg.value.ValueString(), "`" + arg.name + "`"})
	}
	if diags.HasError() {
		return chosenToken{}, diags
	}
	fromEnv := []chosenToken{}
	for _, env := range []string{envAccessToken, envOAuthToken} {
		if v := getenv(env); v != "" {
			fromEnv = append(fromEnv, chosenToken{v, "the " + env + " environment variable"})
		}
	}
	switch {
	case len(inConfig) == 2:
		// Not an attribute error: Terraform would print the argument's line, and with it a literal token.
		diags.AddError("Conflicting LaunchDarkly tokens",
			"Both `access_token` and `oauth_token` are set. Keep only the one you mean: `access_token` for a "+
				"personal or service access token, `oauth_token` for an OAuth token. (LaunchDarkly's own "+
				"provider uses `oauth_token` when both are set; this one refuses to guess.)")
	case len(inConfig) == 1:
		return inConfig[0], checkToken(inConfig[0])
	case len(fromEnv) == 2:
		diags.AddError("Conflicting LaunchDarkly tokens",
			"Both "+envAccessToken+" and "+envOAuthToken+" are set in the environment. Unset the one you "+
				"do not mean, or set `access_token` or `oauth_token` in the provider block, which wins over both.")
	case len(fromEnv) == 1:
		return fromEnv[0], checkToken(fromEnv[0])
	default:
		diags.AddError("Missing LaunchDarkly token",
			"Set `access_token` or `oauth_token` in the provider block, or the "+envAccessToken+" or "+
				envOAuthToken+" environment variable.")
	}
	return chosenToken{}, diags
}

// checkToken refuses a token that cannot be sent, naming where it came from without showing it. It is not
// an attribute error, because Terraform would print the argument's line, and with it a literal token.
func checkToken(token chosenToken) diag.Diagnostics {
	var diags diag.Diagnostics
	if err := launchdarkly.CheckToken(token.value); err != nil {
		diags.AddError("Invalid LaunchDarkly token", "The token in "+token.source+" cannot be used: "+err.Error()+".")
	}
	return diags
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// int64OrDefault is the configured value, or def when the argument is not set.
func int64OrDefault(v types.Int64, def int64) int64 {
	if v.IsNull() {
		return def
	}
	return v.ValueInt64()
}

// userAgent tells LaunchDarkly which provider and Terraform version call it. terraformVersion is empty
// when Terraform does not report it.
func userAgent(providerVersion, terraformVersion string) string {
	ua := "terraform-provider-launchdarkly/" + providerVersion
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	return ua
}

func secondsToDuration(seconds int64) time.Duration {
	return time.Duration(seconds) * time.Second
}
