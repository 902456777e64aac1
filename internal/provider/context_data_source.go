package provider

import (
	"context"
	"fmt"
	"regexp"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

var (
	_ datasource.DataSource              = (*contextDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*contextDataSource)(nil)
)

// contextKindPattern is what LaunchDarkly's SDKs accept as a context kind.
var contextKindPattern = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

func newContextDataSource() datasource.DataSource {
	return &contextDataSource{}
}

type contextDataSource struct {
	client *launchdarkly.Client
}

// contextModel is the launchdarkly_context data source's configuration and state.
type contextModel struct {
	ProjectKey         types.String          `tfsdk:"project_key"`
	EnvironmentKey     types.String          `tfsdk:"environment_key"`
	Kind               types.String          `tfsdk:"kind"`
	Key                types.String          `tfsdk:"key"`
	ApplicationID      types.String          `tfsdk:"application_id"`
	EnvironmentID      types.String          `tfsdk:"environment_id"`
	LastSeen           types.String          `tfsdk:"last_seen"`
	AssociatedContexts types.Int64           `tfsdk:"associated_contexts"`
	Name               types.String          `tfsdk:"name"`
	Anonymous          types.Bool            `tfsdk:"anonymous"`
	Attributes         types.Dynamic         `tfsdk:"attributes"`
	PrivateAttributes  []string              `tfsdk:"private_attributes"`
	Links              map[string]linkModel  `tfsdk:"links"`
	Access             *accessModel          `tfsdk:"access"`
	Versions           []contextVersionModel `tfsdk:"versions"`
}

type contextVersionModel struct {
	ApplicationID      types.String `tfsdk:"application_id"`
	LastSeen           types.String `tfsdk:"last_seen"`
	AssociatedContexts types.Int64  `tfsdk:"associated_contexts"`
}

func (d *contextDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_context"
}

func (d *contextDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = contextSchema()
}

func (d *contextDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req, resp)
}

func (d *contextDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, done := d.client.BeginRead(ctx) // one deadline for the whole read
	defer done()
	arguments := configArguments(req.Config)
	config := contextModel{
		ProjectKey:     stringArgument(arguments, "project_key"),
		EnvironmentKey: stringArgument(arguments, "environment_key"),
		Kind:           stringArgument(arguments, "kind"),
		Key:            stringArgument(arguments, "key"),
		ApplicationID:  stringArgument(arguments, "application_id"),
	}
	what := fmt.Sprintf("LaunchDarkly context %s %q in project %q, environment %q", config.Kind.ValueString(),
		config.Key.ValueString(), config.ProjectKey.ValueString(), config.EnvironmentKey.ValueString())
	versions, err := d.client.GetContext(ctx, launchdarkly.ContextQuery{ProjectKey: config.ProjectKey.ValueString(),
		EnvironmentKey: config.EnvironmentKey.ValueString(), Kind: config.Kind.ValueString(), Key: config.Key.ValueString(),
		ApplicationID: config.ApplicationID.ValueString()})
	if err != nil {
		addContextReadError(&resp.Diagnostics, what, "of this kind and key", err)
		return
	}

	state, err := newContextModel(config, versions)
	if err != nil {
		resp.Diagnostics.AddError("Reading "+what, err.Error())
		return
	}
	setState(resp, func() tftypes.Value { return state.terraformValue(contextObjectType()) })
}

// contextObjectType is the Terraform type of launchdarkly_context's state, computed once from contextSchema.
var contextObjectType = sync.OnceValue(func() tftypes.Object { return schemaObjectType(contextSchema()) })

// terraformValue is the state as Terraform holds it: what State.Set would make of m, without reflection.
func (m contextModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"project_key":         stringValue(m.ProjectKey),
		"environment_key":     stringValue(m.EnvironmentKey),
		"kind":                stringValue(m.Kind),
		"key":                 stringValue(m.Key),
		"application_id":      stringValue(m.ApplicationID),
		"environment_id":      stringValue(m.EnvironmentID),
		"last_seen":           stringValue(m.LastSeen),
		"associated_contexts": int64Value(m.AssociatedContexts),
		"name":                stringValue(m.Name),
		"anonymous":           boolValue(m.Anonymous),
		"attributes":          attrValue(m.Attributes),
		"private_attributes":  stringListValue(m.PrivateAttributes),
		"links":               mapValue(t, "links", m.Links, linkModel.terraformValue),
		"access":              objectValue(t, "access", m.Access, accessModel.terraformValue),
		"versions":            listValue(t, "versions", m.Versions, contextVersionModel.terraformValue),
	})
}

func (v contextVersionModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"application_id":      stringValue(v.ApplicationID),
		"last_seen":           stringValue(v.LastSeen),
		"associated_contexts": int64Value(v.AssociatedContexts),
	})
}

// addContextReadError reports a failed context read; which says what was looked for, for the not-found
// message ("of this kind and key").
func addContextReadError(diags *diag.Diagnostics, what, which string, err error) {
	if isContextNotFound(err) {
		diags.AddError("Reading "+what+": not found", "The Contexts API has no context "+which+" in "+
			"this project and environment. "+contextsCoverage)
		return
	}
	addReadError(diags, what, "", err)
}

// newContextModel maps the version the client chose (the configured application's, or else the newest)
// onto the configuration, with the list of every version.
func newContextModel(config contextModel, versions *launchdarkly.ContextVersions) (contextModel, error) {
	chosen := versions.Chosen
	c := chosen.Context
	attributes, err := dynamicFromAttributes(c.Attributes, "attributes")
	if err != nil {
		return config, err
	}
	state := config
	state.ApplicationID = types.StringPointerValue(chosen.ApplicationID)
	state.EnvironmentID = types.StringPointerValue(versions.EnvironmentID)
	state.LastSeen = types.StringPointerValue(chosen.LastSeen)
	state.AssociatedContexts = types.Int64PointerValue(chosen.AssociatedContexts)
	state.Name = types.StringPointerValue(c.Name)
	state.Anonymous = types.BoolPointerValue(c.Anonymous)
	state.Attributes = attributes
	state.PrivateAttributes = nil
	if c.Meta != nil {
		state.PrivateAttributes = privateAttributes(c.Meta, func(ref string) string { return ref })
	}
	state.Links = newLinksModel(chosen.Links)
	state.Access = mapPointer(chosen.Access, newAccessModel)
	state.Versions = mapSlice(versions.Versions, func(v launchdarkly.VersionSummary) contextVersionModel {
		return contextVersionModel{
			ApplicationID:      types.StringPointerValue(v.ApplicationID),
			LastSeen:           types.StringPointerValue(v.LastSeen),
			AssociatedContexts: types.Int64PointerValue(v.AssociatedContexts),
		}
	})
	return state, nil
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
			"attributes": schema.DynamicAttribute{
				MarkdownDescription: "Every other attribute of the context, as an object whose values keep their JSON types: " +
					"strings, numbers, bools, lists (tuples) and nested objects, so `attributes.address.city` " +
					"reaches into an object and `attributes.seats + 1` is arithmetic. A JSON `null` is a null value. " +
					"Null when the context has no attributes besides its built-ins.",
				Computed: true,
			},
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
