package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

var callerIdentityDataSource = &dataSource[struct{}, *launchdarkly.CallerIdentity]{
	typeName:  "caller_identity",
	newSchema: callerIdentitySchema,
	read: func(ctx context.Context, data *providerData, _ struct{}) (*launchdarkly.CallerIdentity, diag.Diagnostics) {
		var diags diag.Diagnostics
		identity, err := data.client.GetCallerIdentity(ctx)
		if err != nil {
			data.addReadError(&diags, "the LaunchDarkly caller identity",
				"LaunchDarkly has no caller identity at this address: check the provider's `api_host`.", err)
		}
		return identity, diags
	},
	encode: func(t tftypes.Object, _ struct{}, id *launchdarkly.CallerIdentity) tftypes.Value {
		return tftypes.NewValue(t, map[string]tftypes.Value{
			"account_id":       stringValue(id.AccountID),
			"environment_id":   stringValue(id.EnvironmentID),
			"project_id":       stringValue(id.ProjectID),
			"environment_name": stringValue(id.EnvironmentName),
			"project_name":     stringValue(id.ProjectName),
			"auth_kind":        stringValue(id.AuthKind),
			"token_kind":       stringValue(id.TokenKind),
			"client_id":        stringValue(id.ClientID),
			"token_name":       stringValue(id.TokenName),
			"token_id":         stringValue(id.TokenID),
			"member_id":        stringValue(id.MemberID),
			"service_token":    boolValue(id.ServiceToken),
			"scopes":           stringListValue(id.Scopes),
		})
	},
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
