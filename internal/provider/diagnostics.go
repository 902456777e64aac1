package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// addReadError turns a client error into one diagnostic whose summary names what was being read
// ("Reading LaunchDarkly member \"me\"") and whose detail says what went wrong. notFound is the detail for
// a 404, which only the caller can phrase. The token is never part of an error: the client keeps it in a
// header, and API messages do not echo it.
func addReadError(diags *diag.Diagnostics, what string, notFound string, err error) {
	summary := "Reading " + what
	var refused *launchdarkly.ConnectionRefusedError
	if errors.As(err, &refused) {
		diags.AddError(summary+": connection refused", fmt.Sprintf("Nothing is listening at %s: the connection "+
			"was refused, and again on a quick retry (GET %s). `api_host` is %q, from %s. Check it, and that "+
			"the API, or the proxy in front of it, is running at that address.",
			refused.Address, refused.Path, refused.BaseURL, refused.BaseURLSource))
		return
	}
	var apiErr *launchdarkly.APIError
	if !errors.As(err, &apiErr) {
		diags.AddError(summary, err.Error())
		return
	}
	switch apiErr.StatusCode {
	case http.StatusNotFound:
		diags.AddError(summary+": not found", notFound+"\n\nLaunchDarkly answered: "+apiErr.Error())
	case http.StatusUnauthorized:
		diags.AddError(summary+": token rejected",
			"LaunchDarkly rejected the access token ("+apiErr.Error()+"). Check `access_token` or `oauth_token` "+
				"in the provider block, or the LAUNCHDARKLY_ACCESS_TOKEN and LAUNCHDARKLY_OAUTH_TOKEN "+
				"environment variables.")
	case http.StatusForbidden:
		diags.AddError(summary+": permission denied",
			"The token is valid but lacks permission to read this ("+apiErr.Error()+"). Use a token whose "+
				"role can read it.")
	default:
		if strings.HasPrefix(err.Error(), apiErr.Error()) {
			diags.AddError(summary, "LaunchDarkly answered "+err.Error())
		} else { // the answer is the end of a longer story: "no successful answer within ..."
			diags.AddError(summary, err.Error())
		}
	}
}

// clientFromProviderData is the Configure step shared by every data source.
func clientFromProviderData(req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) *launchdarkly.Client {
	if data := providerDataFrom(req, resp); data != nil {
		return data.client
	}
	return nil
}

// providerDataFrom is the Configure step of a data source that needs more than the client.
func providerDataFrom(req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) *providerData {
	if req.ProviderData == nil {
		return nil // Terraform validates data sources before configuring the provider.
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			"Expected *providerData; this is a bug in the provider, please report it.")
		return nil
	}
	return data
}
