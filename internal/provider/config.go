package provider

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

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
// kept; plain http is allowed only to a loopback host, where tests and the demo reach the mock API.
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
	switch {
	case u.Host == "" || u.Hostname() == "":
		return "", fmt.Errorf("%q has no host", shown)
	case u.Scheme != "https" && u.Scheme != "http":
		return "", fmt.Errorf("%q: the scheme must be https", shown)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return "", fmt.Errorf("%q: use https. Plain http is accepted only for loopback hosts "+
			"(localhost, 127.0.0.0/8, ::1), because the access token would cross the network in clear text", shown)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("%q: the API host takes no user info, query or fragment", shown)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
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
