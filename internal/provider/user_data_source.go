package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var (
	_ datasource.DataSource              = (*userDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*userDataSource)(nil)
)

func newUserDataSource() datasource.DataSource {
	return &userDataSource{}
}

type userDataSource struct {
	data *providerData
}

func (d *userDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = userSchema()
}

func (d *userDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req, resp)
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, done := d.data.client.BeginRead(ctx) // one deadline for the whole read
	defer done()
	config := userArguments(configArguments(req.Config))
	read, diags := readUser(ctx, d.data, config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if read.warning != "" {
		resp.Diagnostics.AddWarning("LaunchDarkly user "+fmt.Sprintf("%q", config.UserKey.ValueString())+
			" read from the Contexts API", read.warning)
	}
	setState(resp, func() tftypes.Value { return read.state.terraformValue(userObjectType()) })
}

func userSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads a user record of a LaunchDarkly project's environment.\n\n" +
			"LaunchDarkly serves the Users API only at API version `20220603`, whose end of life is 2026-12-31. " +
			"With the provider's `user_source` argument at its default, `auto`, this data source reads the " +
			"Users API until then and falls back to the context of kind `user` with the same key, through " +
			"the Contexts API, when the Users API fails; from 2026-12-31 it reads the Contexts API only. " +
			"`source` tells which API answered.",
		Attributes: map[string]schema.Attribute{
			"project_key":     requiredKey("The key of the project."),
			"environment_key": requiredKey("The key of the environment."),
			"user_key":        requiredKey("The user's key. Any key works, including ones with `/`, spaces, `?`, `#`, `%` or non-ASCII letters."),
			"last_ping": computedString("When LaunchDarkly last saw the user, exactly as the API sends it: an RFC 3339 " +
				"date-time that may carry nanoseconds, such as `2022-06-28T23:21:29.176609596Z`. From the Contexts API, " +
				"when the user context was last evaluated."),
			"environment_id": computedString("The ID of the environment."),
			"owner_id":       computedString("The ID of the account owner's member. Null when the record came from the Contexts API, which has no such field."),
			"source":         computedString("The API that returned the record: `users_api` or `contexts_api`."),
			"user": schema.SingleNestedAttribute{
				MarkdownDescription: "The attributes an SDK last sent for the user.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"key":           computedString("The user's key."),
					"secondary":     computedString("The secondary attribute, an extra input to percentage rollouts (legacy). Null when the record came from the Contexts API, which dropped it."),
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
							"types: strings, numbers, bools, lists (tuples) and nested objects. " +
							"So `user.custom.seats + 1` is arithmetic and `user.custom.groups[0]` indexes a list. " +
							"A JSON `null` is a null value. Null when the user has no custom attributes.",
						Computed: true,
					},
				},
			},
			"links": linksAttribute("The locations of the user's related resources, by relation (`parent`, `self`, `settings`, `site`)."),
			"access": accessAttribute("The actions the provider's token may and may not take on the user, with the " +
				"policy statements behind them."),
		},
	}
}
