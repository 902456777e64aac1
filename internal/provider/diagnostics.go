package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// addReadError turns a client error into one diagnostic whose summary names what was being read
// ("Reading LaunchDarkly member \"me\"") and whose detail says what went wrong and what to do. notFound is
// the detail for a 404, which only the caller can phrase; advice, when given, ends every detail. The token
// is never part of an error: the client keeps it in a header and masks it in what a server echoes.
func (d *providerData) addReadError(diags *diag.Diagnostics, what, notFound string, err error, advice ...string) {
	summary, detail := "Reading "+what, err.Error()
	var refused *launchdarkly.ConnectionRefusedError
	var apiErr *launchdarkly.APIError
	switch {
	case errors.As(err, &refused):
		summary, detail = summary+": connection refused", fmt.Sprintf("Nothing is listening at %s: the "+
			"connection was refused, and again on a quick retry (GET %s). `api_host` is %q, from %s. Check it, "+
			"and that the API, or the proxy in front of it, is running at that address.",
			refused.Address, refused.Path, refused.BaseURL, refused.BaseURLSource)
	case errors.As(err, &apiErr):
		switch apiErr.StatusCode {
		case http.StatusNotFound:
			summary, detail = summary+": not found", notFound+"\n\nLaunchDarkly answered: "+apiErr.Error()
		case http.StatusUnauthorized:
			summary, detail = summary+": token rejected", fmt.Sprintf("LaunchDarkly at %s rejected the token from "+
				"%s (%s). Check that the token is still valid, and that it belongs to the LaunchDarkly instance at "+
				"that address: a token of another instance (%s) is rejected as if it were mistyped; `api_host` "+
				"(or %s) chooses the instance.", d.apiHost, d.tokenSource, apiErr.Error(), knownInstances, envAPIHost)
		case http.StatusForbidden:
			summary, detail = summary+": permission denied", "The token is valid but lacks permission to read this ("+
				apiErr.Error()+"). Use a token whose role can read it."
		default:
			if strings.HasPrefix(err.Error(), apiErr.Error()) {
				detail = "LaunchDarkly answered " + err.Error()
			} // else the answer is the end of a longer story: "no successful answer within ..."
		}
	}
	for _, a := range advice {
		detail += "\n\n" + a
	}
	diags.AddError(summary, detail)
}

// knownInstances are LaunchDarkly's API hosts, for messages about a token of another one.
const knownInstances = "app.launchdarkly.com commercial, app.launchdarkly.us federal, app.eu.launchdarkly.com EU"

// addCountWarnings warns of every list whose count the server gave disagrees with what it served, which
// may mean an incomplete list (the client's paginateOffset says why it is not an error).
func addCountWarnings(diags *diag.Diagnostics, what string, warnings []string) {
	for _, warning := range warnings {
		diags.AddWarning("LaunchDarkly "+what+": the server's count disagrees with its list", warning)
	}
}
