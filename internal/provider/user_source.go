package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// userSource is where launchdarkly_user reads user records: the provider's user_source argument.
type userSource string

const (
	userSourceAuto     userSource = "auto"
	userSourceUsers    userSource = "users_api"
	userSourceContexts userSource = "contexts_api"
)

// retirementDate is the day LaunchDarkly retires the Users API, as descriptions and messages write it.
// From then on `auto` does not send a request that can only fail.
func retirementDate() string { return launchdarkly.UsersAPIRetirement.Format(time.DateOnly) }

func userSourceValues() []string {
	return []string{string(userSourceAuto), string(userSourceUsers), string(userSourceContexts)}
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

// userRead is what reading one user produced: the record, its custom attributes converted, and the API
// that answered.
type userRead struct {
	record *launchdarkly.UserRecord
	custom tftypes.Value
	source userSource
}

// readUser reads the user of args from where the provider's user_source says, with a warning when `auto`
// had to read the Contexts API. In `auto`, a Users API that rejected the token (401) is reported as it is;
// any other failure falls back to the Contexts API, which is all a read costs once the client has learned
// that the Users API is retired.
func readUser(ctx context.Context, data *providerData, args userArgs) (userRead, diag.Diagnostics) {
	var diags diag.Diagnostics
	what := userDescription(args)
	switch {
	case data.userSource == userSourceUsers:
		read, err := readFromUsersAPI(ctx, data.client, args)
		if err != nil {
			data.addReadError(&diags, what, "No user with this key exists in this project and environment.", err,
				usersAPIEndOfLife+" The same user is readable today as a context of kind `user`: set `user_source = "+
					"\"contexts_api\"` (or `\"auto\"`) in the provider block to read it from the Contexts API.")
		}
		return read, diags
	case data.userSource == userSourceContexts || !data.now().Before(launchdarkly.UsersAPIRetirement):
		read, err := readFromContextsAPI(ctx, data.client, args)
		if err != nil {
			addContextReadError(data, &diags, what, "of kind `user` with this key", err)
			return userRead{}, diags
		}
		if data.userSource == userSourceAuto { // auto chose the Contexts API on the user's behalf: say so
			addFallbackWarning(&diags, args, "LaunchDarkly retired the Users API (API version "+
				launchdarkly.UsersAPIVersion+") on "+retirementDate(), read)
		}
		return read, diags
	}

	read, usersErr := readFromUsersAPI(ctx, data.client, args)
	if usersErr == nil {
		return read, diags
	}
	if launchdarkly.HasStatus(usersErr, http.StatusUnauthorized) {
		// The token's fault, not the API's: the Contexts API would be sent the rejected token too. (A 403
		// still falls back: a role may allow contexts but not users.)
		data.addReadError(&diags, what, "", usersErr)
		return userRead{}, diags
	}
	if ctx.Err() != nil { // Terraform was interrupted, or the read has no time left: no second request
		if errors.Is(usersErr, launchdarkly.ErrOutOfTime) {
			usersErr = fmt.Errorf("%w. The Contexts API was not tried: the read had no time left", usersErr)
		}
		data.addReadError(&diags, what, "", usersErr)
		return userRead{}, diags
	}
	read, contextsErr := readFromContextsAPI(ctx, data.client, args)
	if contextsErr != nil {
		diags.AddError("Reading "+what,
			"Neither LaunchDarkly API returned the user.\n\n"+
				"Users API (API version "+launchdarkly.UsersAPIVersion+"): "+usersErr.Error()+"\n\n"+
				"Contexts API (the context of kind `user` with this key): "+describeContextError(contextsErr)+"\n\n"+
				usersAPIEndOfLife)
		return userRead{}, diags
	}
	addFallbackWarning(&diags, args, "The Users API did not return the user ("+usersErr.Error()+")", read)
	return read, diags
}

// usersAPIEndOfLife is told with every Users API error.
var usersAPIEndOfLife = "The Users API is served only at API version " + launchdarkly.UsersAPIVersion +
	", whose end of life is " + retirementDate() + "; after that a user is readable only as a context of kind " +
	"`user`, through the Contexts API."

func readFromUsersAPI(ctx context.Context, client *launchdarkly.Client, args userArgs) (userRead, error) {
	record, err := client.GetUser(ctx, args.projectKey, args.environmentKey, args.userKey)
	if err != nil {
		return userRead{}, err
	}
	return withCustom(record, userSourceUsers)
}

func readFromContextsAPI(ctx context.Context, client *launchdarkly.Client, args userArgs) (userRead, error) {
	versions, err := client.GetContext(ctx, launchdarkly.ContextQuery{ProjectKey: args.projectKey,
		EnvironmentKey: args.environmentKey, Kind: "user", Key: args.userKey})
	if err != nil {
		return userRead{}, err
	}
	return withCustom(launchdarkly.UserRecordFromContext(versions), userSourceContexts)
}

// withCustom converts the record's custom attributes, arbitrary JSON that can fail to convert like any
// other part of a bad answer.
func withCustom(record *launchdarkly.UserRecord, source userSource) (userRead, error) {
	read := userRead{record: record, custom: dynamicNull, source: source}
	if record.User != nil {
		var err error
		if read.custom, err = dynamicFromJSON(record.User.Custom, "user.custom"); err != nil {
			return userRead{}, err
		}
	}
	return read, nil
}

// addFallbackWarning tells why the record came from the Contexts API, what it lacks for that reason, and
// how to choose the Contexts API outright, which silences the warning.
func addFallbackWarning(diags *diag.Diagnostics, args userArgs, why string, read userRead) {
	missing := []string{"`owner_id`"}
	if read.record.User == nil || read.record.User.Secondary == nil {
		missing = append(missing, "`user.secondary`")
	}
	missing = append(missing, "the `settings` link")
	diags.AddWarning(fmt.Sprintf("LaunchDarkly user %q read from the Contexts API", args.userKey),
		why+", so this user record was read from the context of kind `user` with the same key, through "+
			"the Contexts API. The Contexts API has no source for "+strings.Join(missing, ", ")+", which are null "+
			"for that reason; `last_ping` is when the context was last evaluated. It does not list anonymous users, "+
			"and it forgets a context 30 days after it was last seen.\n\n"+
			"To read users from the Contexts API without this warning, set `user_source = \"contexts_api\"` in the "+
			"provider block (or "+envUserSource+"=contexts_api).")
}

func userDescription(args userArgs) string {
	return fmt.Sprintf("LaunchDarkly user %q in project %q, environment %q", args.userKey, args.projectKey,
		args.environmentKey)
}

// contextsCoverage says what the Contexts API does not keep, with every not-found error.
const contextsCoverage = "The Contexts API does not list anonymous contexts, and forgets a context 30 days after " +
	"it was last seen."

// describeContextError is a context read's error in a sentence.
func describeContextError(err error) string {
	var apiErr *launchdarkly.APIError
	switch {
	case errors.Is(err, launchdarkly.ErrContextNotFound):
		return "no context of this kind and key (HTTP 200 with no items). " + contextsCoverage
	case launchdarkly.IsNotFound(err) && errors.As(err, &apiErr):
		return unknownProjectOrEnvironment(apiErr)
	}
	return err.Error()
}
