package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// userSource is where launchdarkly_user reads user records: the provider's user_source argument.
type userSource string

const (
	userSourceAuto     userSource = "auto"
	userSourceUsers    userSource = "users_api"
	userSourceContexts userSource = "contexts_api"
)

// usersAPIRetirement is the day LaunchDarkly retires API version 20220603, the only one that serves the
// Users API. From then on `auto` does not send a request that can only fail.
var usersAPIRetirement = time.Date(2026, time.December, 31, 0, 0, 0, 0, time.UTC)

func userSourceValues() []string {
	return []string{string(userSourceAuto), string(userSourceUsers), string(userSourceContexts)}
}

func userSourceValuesMarkdown() string {
	return "`" + strings.Join(userSourceValues(), "`, `") + "`"
}

// parseUserSource reads the argument or its environment variable; empty means the default, auto.
func parseUserSource(raw string) (userSource, error) {
	if raw == "" {
		return userSourceAuto, nil
	}
	for _, v := range userSourceValues() {
		if raw == v {
			return userSource(raw), nil
		}
	}
	return "", fmt.Errorf("%q is not a user source: use one of %s", raw, strings.Join(userSourceValues(), ", "))
}

// userRead is what reading one user produced: the state to store, and a warning when `auto` had to read
// the Contexts API.
type userRead struct {
	state   userModel
	warning string
}

// readUser reads the user of config from where the provider's user_source says. In `auto`, a Users API
// that rejected the token (401) is reported as it is; any other failure falls back to the Contexts API,
// which is all a read costs once the client has learned that the Users API is retired.
func readUser(ctx context.Context, data *providerData, config userModel) (userRead, diag.Diagnostics) {
	var diags diag.Diagnostics
	what := userDescription(config)
	switch {
	case data.userSource == userSourceUsers:
		state, err := readFromUsersAPI(ctx, data.client, config)
		if err != nil {
			addReadError(&diags, what, "No user with this key exists in this project and environment. "+
				usersAPIEndOfLife+" Set `user_source = \"auto\"` or `\"contexts_api\"` to read it from the Contexts API.", err)
		}
		return userRead{state: state}, diags
	case data.userSource == userSourceContexts || !data.now().Before(usersAPIRetirement):
		state, err := readFromContextsAPI(ctx, data.client, config)
		if err != nil {
			addContextReadError(&diags, what, "of kind `user` with this key", err)
			return userRead{}, diags
		}
		read := userRead{state: state}
		if data.userSource == userSourceAuto { // auto chose the Contexts API on the user's behalf: say so
			read.warning = fallbackWarning("LaunchDarkly retired the Users API (API version 20220603) on 2026-12-31", state)
		}
		return read, diags
	}

	state, usersErr := readFromUsersAPI(ctx, data.client, config)
	if usersErr == nil {
		return userRead{state: state}, diags
	}
	if launchdarkly.HasStatus(usersErr, http.StatusUnauthorized) {
		// The token's fault, not the API's: the Contexts API would be sent the rejected token too. (A 403
		// still falls back: a role may allow contexts but not users.)
		addReadError(&diags, what, "", usersErr)
		return userRead{}, diags
	}
	if ctx.Err() != nil { // Terraform was interrupted, or the read has no time left: no second request
		if errors.Is(usersErr, launchdarkly.ErrOutOfTime) {
			usersErr = fmt.Errorf("%w. The Contexts API was not tried: the read had no time left", usersErr)
		}
		addReadError(&diags, what, "", usersErr)
		return userRead{}, diags
	}
	state, contextsErr := readFromContextsAPI(ctx, data.client, config)
	if contextsErr != nil {
		diags.AddError("Reading "+what,
			"Neither LaunchDarkly API returned the user.\n\n"+
				"Users API (API version 20220603): "+usersErr.Error()+"\n\n"+
				"Contexts API (the context of kind `user` with this key): "+describeContextError(contextsErr)+"\n\n"+
				usersAPIEndOfLife)
		return userRead{}, diags
	}
	why := "The Users API did not return the user (" + usersErr.Error() + ")"
	return userRead{state: state, warning: fallbackWarning(why, state)}, diags
}

// usersAPIEndOfLife is told with every Users API error.
const usersAPIEndOfLife = "The Users API is served only at API version 20220603, whose end of life is 2026-12-31; " +
	"after that a user is readable only as a context of kind `user`, through the Contexts API."

func readFromUsersAPI(ctx context.Context, client *launchdarkly.Client, config userModel) (userModel, error) {
	record, err := client.GetUser(ctx, config.ProjectKey.ValueString(), config.EnvironmentKey.ValueString(),
		config.UserKey.ValueString())
	if err != nil {
		return userModel{}, err
	}
	return newUserModel(config, record)
}

func readFromContextsAPI(ctx context.Context, client *launchdarkly.Client, config userModel) (userModel, error) {
	versions, err := client.GetContext(ctx, launchdarkly.ContextQuery{ProjectKey: config.ProjectKey.ValueString(),
		EnvironmentKey: config.EnvironmentKey.ValueString(), Kind: "user", Key: config.UserKey.ValueString()})
	if err != nil {
		return userModel{}, err
	}
	return newUserModelFromContext(config, versions)
}

// fallbackWarning tells why the record came from the Contexts API, what it lacks for that reason, and how
// to choose the Contexts API outright, which silences the warning.
func fallbackWarning(why string, state userModel) string {
	missing := []string{"`owner_id`"}
	if state.User == nil || state.User.Secondary.IsNull() {
		missing = append(missing, "`user.secondary`")
	}
	missing = append(missing, "the `settings` link")
	return why + ", so this user record was read from the context of kind `user` with the same key, through " +
		"the Contexts API. The Contexts API has no source for " + strings.Join(missing, ", ") + ", which are null " +
		"for that reason; `last_ping` is when the context was last evaluated. It does not list anonymous users, " +
		"and it forgets a context 30 days after it was last seen.\n\n" +
		"To read users from the Contexts API without this warning, set `user_source = \"contexts_api\"` in the " +
		"provider block (or " + envUserSource + "=contexts_api)."
}

func userDescription(config userModel) string {
	return fmt.Sprintf("LaunchDarkly user %q in project %q, environment %q", config.UserKey.ValueString(),
		config.ProjectKey.ValueString(), config.EnvironmentKey.ValueString())
}

// contextsCoverage says what the Contexts API does not keep, with every not-found error.
const contextsCoverage = "The Contexts API does not list anonymous contexts, and forgets a context 30 days after " +
	"it was last seen."

func isContextNotFound(err error) bool {
	return errors.Is(err, launchdarkly.ErrContextNotFound) || launchdarkly.IsNotFound(err)
}

// describeContextError is a context read's error in a sentence.
func describeContextError(err error) string {
	if errors.Is(err, launchdarkly.ErrContextNotFound) {
		return "no context of this kind and key (HTTP 200 with no items). " + contextsCoverage
	}
	return err.Error()
}
