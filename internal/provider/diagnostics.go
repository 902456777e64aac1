package provider

import (
	"errors"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// addReadError turns a client error into one diagnostic whose summary names what was being read
// ("Reading LaunchDarkly member \"me\"") and whose detail says what went wrong. notFound is the detail for
// a 404, which only the caller can phrase. The token is never part of an error: the client keeps it in a
// header, and API messages do not echo it.
func addReadError(diags *diag.Diagnostics, what string, notFound string, err error) {
	summary := "Reading " + what
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
