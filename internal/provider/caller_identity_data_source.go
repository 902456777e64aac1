package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

var (
	_ datasource.DataSource              = (*callerIdentityDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*callerIdentityDataSource)(nil)
)

func newCallerIdentityDataSource() datasource.DataSource {
	return &callerIdentityDataSource{}
}

type callerIdentityDataSource struct {
	client *launchdarkly.Client
}

// callerIdentityModel is the launchdarkly_caller_identity data source's state.
type callerIdentityModel struct {
	AccountID       types.String `tfsdk:"account_id"`
	EnvironmentID   types.String `tfsdk:"environment_id"`
	ProjectID       types.String `tfsdk:"project_id"`
	EnvironmentName types.String `tfsdk:"environment_name"`
	ProjectName     types.String `tfsdk:"project_name"`
	AuthKind        types.String `tfsdk:"auth_kind"`
	TokenKind       types.String `tfsdk:"token_kind"`
	ClientID        types.String `tfsdk:"client_id"`
	TokenName       types.String `tfsdk:"token_name"`
	TokenID         types.String `tfsdk:"token_id"`
	MemberID        types.String `tfsdk:"member_id"`
	ServiceToken    types.Bool   `tfsdk:"service_token"`
	Scopes          []string     `tfsdk:"scopes"`
}

func (d *callerIdentityDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_caller_identity"
}

func (d *callerIdentityDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = callerIdentitySchema()
}

func (d *callerIdentityDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req, resp)
}

func (d *callerIdentityDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, done := d.client.BeginRead(ctx) // one deadline for the whole read
	defer done()
	identity, err := d.client.GetCallerIdentity(ctx)
	if err != nil {
		addReadError(&resp.Diagnostics, "the LaunchDarkly caller identity",
			"LaunchDarkly has no caller identity at this address: check the provider's `api_host`.", err)
		return
	}
	setState(resp, func() tftypes.Value {
		return newCallerIdentityModel(identity).terraformValue(callerIdentityObjectType())
	})
}

// callerIdentityObjectType is the Terraform type of launchdarkly_caller_identity's state, computed once.
var callerIdentityObjectType = sync.OnceValue(func() tftypes.Object { return schemaObjectType(callerIdentitySchema()) })

// terraformValue is the state as Terraform holds it: what State.Set would make of m, without reflection.
func (m callerIdentityModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"account_id":       stringValue(m.AccountID),
		"environment_id":   stringValue(m.EnvironmentID),
		"project_id":       stringValue(m.ProjectID),
		"environment_name": stringValue(m.EnvironmentName),
		"project_name":     stringValue(m.ProjectName),
		"auth_kind":        stringValue(m.AuthKind),
		"token_kind":       stringValue(m.TokenKind),
		"client_id":        stringValue(m.ClientID),
		"token_name":       stringValue(m.TokenName),
		"token_id":         stringValue(m.TokenID),
		"member_id":        stringValue(m.MemberID),
		"service_token":    boolValue(m.ServiceToken),
		"scopes":           stringListValue(m.Scopes),
	})
}

func newCallerIdentityModel(id *launchdarkly.CallerIdentity) callerIdentityModel {
	return callerIdentityModel{
		AccountID:       types.StringPointerValue(id.AccountID),
		EnvironmentID:   types.StringPointerValue(id.EnvironmentID),
		ProjectID:       types.StringPointerValue(id.ProjectID),
		EnvironmentName: types.StringPointerValue(id.EnvironmentName),
		ProjectName:     types.StringPointerValue(id.ProjectName),
		AuthKind:        types.StringPointerValue(id.AuthKind),
		TokenKind:       types.StringPointerValue(id.TokenKind),
		ClientID:        types.StringPointerValue(id.ClientID),
		TokenName:       types.StringPointerValue(id.TokenName),
		TokenID:         types.StringPointerValue(id.TokenID),
		MemberID:        types.StringPointerValue(id.MemberID),
		ServiceToken:    types.BoolPointerValue(id.ServiceToken),
		Scopes:          id.Scopes,
	}
}

func callerIdentitySchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads who the provider is: the token it authenticates with, the member or OAuth " +
			"client behind it, and the account.\n\n" +
			"It takes no arguments. LaunchDarkly documents none of these fields beyond their names and may leave " +
			"any of them out, which makes it null; the kind strings are passed through as sent. An answer with " +
			"neither `token_kind` nor `account_id` identifies no one (a proxy answering in the API's place, say) " +
			"and is an error.",
		Attributes: map[string]schema.Attribute{
			"account_id":       computedString("The ID of the LaunchDarkly account the token belongs to."),
			"environment_id":   computedString("The ID of the environment the credential is scoped to, for an SDK key or a mobile key."),
			"project_id":       computedString("The ID of the project the credential is scoped to, for an SDK key or a mobile key."),
			"environment_name": computedString("The name of the environment the credential is scoped to."),
			"project_name":     computedString("The name of the project the credential is scoped to."),
			"auth_kind":        computedString("How the request authenticated, as LaunchDarkly names it (for example `token` or `oauth`)."),
			"token_kind":       computedString("The kind of token, as LaunchDarkly names it (for example `personal` or `service`)."),
			"client_id":        computedString("The ID of the OAuth client, when the provider uses an OAuth token."),
			"token_name":       computedString("The access token's name."),
			"token_id":         computedString("The access token's ID."),
			"member_id":        computedString("The ID of the member behind the token: its owner for a personal token, possibly its creator for a service token."),
			"service_token":    computedBool("Whether the token is a service token, which acts on its own rather than as a member."),
			"scopes":           computedStringList("The scopes granted to an OAuth token."),
		},
	}
}
