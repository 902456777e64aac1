package provider

import (
	"strings"
	"testing"
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
	}
	for in, want := range valid {
		if got, err := normalizeAPIHost(in); err != nil || got != want {
			t.Errorf("normalizeAPIHost(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	invalid := map[string]string{
		"http://app.launchdarkly.com":          "use https",
		"http://10.0.0.5":                      "use https",
		"http://localhost.evil.example":        "use https",
		"ftp://app.launchdarkly.com":           "scheme must be https",
		"https://":                             "has no host",
		"https://app.launchdarkly.com?x=1":     "no user info, query or fragment",
		"https://user:pw@app.launchdarkly.com": "no user info, query or fragment",
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
