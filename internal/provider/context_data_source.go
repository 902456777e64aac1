package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// contextKindPattern is what LaunchDarkly's SDKs accept as a context kind.
var contextKindPattern = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// contextArgs are launchdarkly_context's arguments; applicationID is nil for the newest version.
type contextArgs struct {
	projectKey, environmentKey, kind, key string
	applicationID                         *string
}

// contextRead is what GetContext found, and the chosen version's attributes converted.
type contextRead struct {
	versions   *launchdarkly.ContextVersions
	attributes tftypes.Value
}

var contextDataSource = &dataSource[contextArgs, contextRead]{
	typeName:  "context",
	newSchema: contextSchema,
	parse: func(a arguments) contextArgs {
		return contextArgs{projectKey: a.string("project_key"), environmentKey: a.string("environment_key"),
			kind: a.string("kind"), key: a.string("key"), applicationID: a.optionalString("application_id")}
	},
	read:   readContext,
	encode: encodeContext,
}

func readContext(ctx context.Context, data *providerData, args contextArgs) (contextRead, diag.Diagnostics) {
	var diags diag.Diagnostics
	what := fmt.Sprintf("LaunchDarkly context %s %q in project %q, environment %q", args.kind, args.key,
		args.projectKey, args.environmentKey)
	versions, err := data.client.GetContext(ctx, launchdarkly.ContextQuery{ProjectKey: args.projectKey,
		EnvironmentKey: args.environmentKey, Kind: args.kind, Key: args.key, ApplicationID: deref(args.applicationID)})
	var noApplication *launchdarkly.ApplicationNotFoundError
	switch {
	case errors.As(err, &noApplication):
		diags.AddError("Reading "+what, err.Error())
		return contextRead{}, diags
	case err != nil:
		addContextReadError(data, &diags, what, "of this kind and key", err)
		return contextRead{}, diags
	}
	read := contextRead{versions: versions}
	if read.attributes, err = dynamicFromAttributes(versions.Chosen.Context.Attributes); err != nil {
		diags.AddError("Reading "+what, err.Error())
	}
	return read, diags
}

func encodeContext(t tftypes.Object, args contextArgs, read contextRead) tftypes.Value {
	v, c := &read.versions.Chosen, read.versions.Chosen.Context
	var private []string
	if c.Meta != nil {
		private = c.Meta.PrivateAttributeRefs()
	}
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"project_key":         knownString(args.projectKey),
		"environment_key":     knownString(args.environmentKey),
		"kind":                knownString(args.kind),
		"key":                 knownString(args.key),
		"application_id":      stringValue(v.ApplicationID),
		"environment_id":      stringValue(read.versions.EnvironmentID),
		"last_seen":           stringValue(v.LastSeen),
		"associated_contexts": int64Value(v.AssociatedContexts),
		"name":                stringValue(c.Name),
		"anonymous":           boolValue(c.Anonymous),
		"attributes":          read.attributes,
		"private_attributes":  stringListValue(private),
		"links":               linksValue(t, v.Links),
		"access":              nested(t, "access", v.Access, encodeAccess),
		"versions":            nestedList(t, "versions", read.versions.Versions, encodeContextVersion),
	})
}

func encodeContextVersion(t tftypes.Object, v *launchdarkly.VersionSummary) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"application_id":      stringValue(v.ApplicationID),
		"last_seen":           stringValue(v.LastSeen),
		"associated_contexts": int64Value(v.AssociatedContexts),
	})
}

// addContextReadError reports a failed context read; which says what was looked for, for the not-found
// message ("of this kind and key").
//
// The Contexts API answers an unknown kind or key with 200 and no items, so a 404 is the API saying that
// the project or the environment does not exist: a misspelt key is told apart from a context it forgot.
func addContextReadError(data *providerData, diags *diag.Diagnostics, what, which string, err error) {
	var apiErr *launchdarkly.APIError
	switch {
	case errors.Is(err, launchdarkly.ErrContextNotFound):
		diags.AddError("Reading "+what+": not found", "The Contexts API has no context "+which+" in "+
			"this project and environment. "+contextsCoverage)
	case launchdarkly.IsNotFound(err) && errors.As(err, &apiErr):
		diags.AddError("Reading "+what+": unknown project or environment", unknownProjectOrEnvironment(apiErr))
	default:
		data.addReadError(diags, what, "", err)
	}
}

// unknownProjectOrEnvironment is the detail of a Contexts API 404.
func unknownProjectOrEnvironment(apiErr *launchdarkly.APIError) string {
	return "LaunchDarkly knows no such project or environment: check `project_key` and `environment_key`. " +
		"(LaunchDarkly answered " + apiErr.Error() + ".)"
}

func contextSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads a context of a LaunchDarkly project's environment by kind and key, with every " +
			"attribute it carries, through the Contexts API.\n\n" +
			"LaunchDarkly keeps one version of a context per application (SDK) that sent it; this data source " +
			"reads them all and shows the newest, or the one of `application_id`. " +
			"The Contexts API is a record of recent evaluations, not a registry: it forgets a context 30 days " +
			"after it was last seen, may keep only a sample in busy environments, and does not list anonymous " +
			"contexts.",
		Attributes: map[string]schema.Attribute{
			"project_key":     requiredKey("The key of the project."),
			"environment_key": requiredKey("The key of the environment."),
			"kind": schema.StringAttribute{
				MarkdownDescription: "The context kind, for example `user` or `organization`: letters, digits, `.`, `_` and `-`, and neither `kind` nor `multi`.",
				Required:            true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(contextKindPattern, "must contain only letters, digits, `.`, `_` and `-`"),
					stringvalidator.NoneOf("kind", "multi"),
				},
			},
			"key": requiredKey("The context's key. Any key works, including ones with `/`, spaces, `?`, `#`, `%` or non-ASCII letters."),
			"application_id": schema.StringAttribute{
				MarkdownDescription: "Read the version of the context that this application sent, for example `GoSDK/6.1.0`. Defaults to the newest version, whose application this then holds.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"environment_id": computedString("The ID of the environment."),
			"last_seen": computedString("When the version was last evaluated, exactly as the API sends it: an RFC 3339 " +
				"date-time that may carry nanoseconds, such as `2026-11-30T09:14:02.123456789Z`."),
			"associated_contexts": computedInt64("How many other contexts were evaluated together with this one."),
			"name":                computedString("The context's name, a built-in attribute."),
			"anonymous":           computedBool("Whether the context is anonymous, a built-in attribute."),
			"attributes": computedDynamic("Every other attribute of the context, as an object whose values keep their JSON types: " +
				"strings, numbers, bools, lists (tuples) and nested objects, so `attributes.address.city` " +
				"reaches into an object and `attributes.seats + 1` is arithmetic. A JSON `null` is a null value. " +
				"Null when the context has no attributes besides its built-ins."),
			"private_attributes": computedStringList("The references of the context's private attributes, whose values " +
				"LaunchDarkly does not store: attribute names, or paths such as `/address/street`."),
			"links":  linksAttribute("The locations of the context's related resources, by relation (`parent`, `self`, `site`)."),
			"access": accessAttribute("The actions the provider's token may and may not take on the context, with the policy statements behind them."),
			"versions": schema.ListNestedAttribute{
				MarkdownDescription: "Every version of the context LaunchDarkly keeps, one per application, newest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"application_id":      computedString("The application (SDK) that sent the version."),
					"last_seen":           computedString("When the version was last evaluated, exactly as the API sends it."),
					"associated_contexts": computedInt64("How many other contexts were evaluated together with this one."),
				}},
			},
		},
	}
}
