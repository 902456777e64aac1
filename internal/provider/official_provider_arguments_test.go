package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

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
