package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

var (
	_ datasource.DataSource              = (*userDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*userDataSource)(nil)
)

// usersAPIRetirement is told with every error that may come from the Users API's end of life.
const usersAPIRetirement = "LaunchDarkly retired the Users API: it is served only at API version 20220603, " +
	"whose end of life is 2026-12-31. After that date, a user that still shows in the LaunchDarkly UI is " +
	"reachable only as a context (kind `user`) through the Contexts API."

func newUserDataSource() datasource.DataSource {
	return &userDataSource{}
}

type userDataSource struct {
	client *launchdarkly.Client
}

func (d *userDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = userSchema()
}

func (d *userDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req, resp)
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config userModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	record, err := d.client.GetUser(ctx, config.ProjectKey.ValueString(), config.EnvironmentKey.ValueString(),
		config.UserKey.ValueString())
	if err != nil {
		addUserReadError(&resp.Diagnostics, config, err)
		return
	}

	state, diags := newUserModel(config, record)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func addUserReadError(diags *diag.Diagnostics, config userModel, err error) {
	what := fmt.Sprintf("LaunchDarkly user %q in project %q, environment %q", config.UserKey.ValueString(),
		config.ProjectKey.ValueString(), config.EnvironmentKey.ValueString())
	if launchdarkly.IsUnsupportedAPIVersion(err) {
		diags.AddError("Reading "+what+": the Users API is no longer available",
			"LaunchDarkly refused API version 20220603 ("+err.Error()+").\n\n"+usersAPIRetirement)
		return
	}
	addReadError(diags, what, "No user with this key exists in this project and environment.\n\n"+usersAPIRetirement, err)
}

func userSchema() schema.Schema {
	requiredKey := func(description string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: description,
			Required:            true,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		}
	}
	return schema.Schema{
		MarkdownDescription: "Reads a user record of a LaunchDarkly project's environment through the Users API.\n\n" +
			"The Users API is served only at API version `20220603`, whose end of life is 2026-12-31.",
		Attributes: map[string]schema.Attribute{
			"project_key":     requiredKey("The key of the project."),
			"environment_key": requiredKey("The key of the environment."),
			"user_key":        requiredKey("The user's key. Any key works, including ones with `/`, spaces, `?`, `#`, `%` or non-ASCII letters."),
			"last_ping": computedString("When LaunchDarkly last saw the user, exactly as the API sends it: an RFC 3339 " +
				"date-time that may carry nanoseconds, such as `2022-06-28T23:21:29.176609596Z`."),
			"environment_id": computedString("The ID of the environment."),
			"owner_id":       computedString("The ID of the account owner's member."),
			"user": schema.SingleNestedAttribute{
				MarkdownDescription: "The attributes an SDK last sent for the user.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"key":           computedString("The user's key."),
					"secondary":     computedString("The secondary attribute, an extra input to percentage rollouts (legacy)."),
					"ip":            computedString("The user's IP address."),
					"country":       computedString("The user's country."),
					"email":         computedString("The user's email address."),
					"first_name":    computedString("The user's first name."),
					"last_name":     computedString("The user's last name."),
					"avatar":        computedString("The URL of the user's avatar."),
					"name":          computedString("The user's full name."),
					"anonymous":     computedBool("Whether the user is anonymous."),
					"private_attrs": computedStringList("The names of the user's private attributes, whose values LaunchDarkly does not store."),
					"custom": schema.DynamicAttribute{
						MarkdownDescription: "The user's custom attributes, as an object whose values keep their JSON " +
							"types: strings, numbers, bools, lists (tuples) and nested objects.\n\n" +
							"So `user.custom.seats + 1` is arithmetic and `user.custom.groups[0]` indexes a list. " +
							"A JSON `null` is a null value. Null when the user has no custom attributes.",
						Computed: true,
					},
				},
			},
			"links": linksAttribute("The locations of the user's related resources, by relation (`parent`, `self`, `settings`, `site`)."),
			"access": schema.SingleNestedAttribute{
				MarkdownDescription: "The actions the provider's token may and may not take on the user, with the policy " +
					"statements behind them.",
				Computed: true,
				Attributes: map[string]schema.Attribute{
					"allowed": accessEntriesAttribute("The actions the token may take."),
					"denied":  accessEntriesAttribute("The actions the token may not take."),
				},
			},
		},
	}
}

func accessEntriesAttribute(description string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: description,
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"action": computedString("The action, for example `updateTargets`."),
			"reason": schema.SingleNestedAttribute{
				MarkdownDescription: "The policy statement that allowed or denied the action.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"effect":        computedString("`allow` or `deny`."),
					"resources":     computedStringList("The resource specifiers the statement applies to."),
					"not_resources": computedStringList("The resource specifiers the statement applies to all but; used only when `resources` is empty."),
					"actions":       computedStringList("The actions the statement applies to."),
					"not_actions":   computedStringList("The actions the statement applies to all but; used only when `actions` is empty."),
					"role_name":     computedString("The name of the role the statement comes from."),
				},
			},
		}},
	}
}
