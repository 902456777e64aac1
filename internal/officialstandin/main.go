// Command officialstandin stands in for LaunchDarkly's own provider (launchdarkly/launchdarkly) where the
// examples and docs use both providers side by side: make examples-check validates and tests
// examples/beside-official with it, offline and without an account.
//
// It has the official provider's provider arguments and one resource, launchdarkly_team, with the
// arguments the example sets. It calls no API: applying a team only records it in the state. It is no
// model of the official provider's behaviour, only of the names Terraform checks a configuration against.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return standIn{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/launchdarkly/launchdarkly"})
	if err != nil {
		log.Fatal(err)
	}
}

type standIn struct{}

func (standIn) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "launchdarkly"
}

// Schema has the official provider's arguments (version 3), all optional, so that its provider blocks
// validate unchanged.
func (standIn) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerschema.Schema{Attributes: map[string]providerschema.Attribute{
		"access_token":             providerschema.StringAttribute{Optional: true, Sensitive: true},
		"oauth_token":              providerschema.StringAttribute{Optional: true, Sensitive: true},
		"api_host":                 providerschema.StringAttribute{Optional: true},
		"http_timeout":             providerschema.Int64Attribute{Optional: true},
		"max_concurrency":          providerschema.Int64Attribute{Optional: true},
		"archive_flags_on_destroy": providerschema.BoolAttribute{Optional: true},
	}}
}

func (standIn) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}

func (standIn) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (standIn) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return team{} }}
}

// team is launchdarkly_team with the official resource's arguments but role attributes.
type team struct{}

type teamModel struct {
	ID             types.String `tfsdk:"id"`
	Key            types.String `tfsdk:"key"`
	Name           types.String `tfsdk:"name"`
	Description    types.String `tfsdk:"description"`
	MemberIDs      types.Set    `tfsdk:"member_ids"`
	Maintainers    types.Set    `tfsdk:"maintainers"`
	CustomRoleKeys types.Set    `tfsdk:"custom_role_keys"`
}

func (team) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team"
}

func (team) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	strings := func() schema.SetAttribute { return schema.SetAttribute{ElementType: types.StringType, Optional: true} }
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":               schema.StringAttribute{Computed: true},
		"key":              schema.StringAttribute{Required: true},
		"name":             schema.StringAttribute{Required: true},
		"description":      schema.StringAttribute{Optional: true},
		"member_ids":       strings(),
		"maintainers":      strings(),
		"custom_role_keys": strings(),
	}}
}

// Create, Read, Update and Delete keep the plan as the state, as if LaunchDarkly had stored it.

func (team) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan teamModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	plan.ID = plan.Key
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (team) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (team) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan teamModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	plan.ID = plan.Key
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (team) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
