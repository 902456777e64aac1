package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// A team, as launchdarkly_team returns it and as each element of launchdarkly_teams holds it: its
// attributes and its encoder, the one place each is written.

func teamAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"key":           computedString("The team's key."),
		"name":          computedString("The team's name, which may hold any Unicode text."),
		"description":   computedString("The team's description. Null when the team has none."),
		"creation_date": computedInt64("When the team was created, in milliseconds since the Unix epoch."),
		"last_modified": computedInt64("When the team was last changed, in milliseconds since the Unix epoch."),
		"version":       computedInt64("The version of the team's configuration."),
		"idp_synced": computedBool("Whether the team is synced from an identity provider (SCIM team sync), " +
			"which manages it: its members change there, not in LaunchDarkly or Terraform."),
		"role_attributes": schema.MapAttribute{
			MarkdownDescription: "The team's role attributes: each attribute name maps to its values, for example " +
				"`projectKeys` to the keys of the projects its roles apply to. Null when the team has none.",
			Computed:    true,
			ElementType: types.ListType{ElemType: types.StringType},
		},
		"custom_role_keys": computedStringList("The keys of every custom role the team grants, all pages of them, " +
			"in the API's order; `[]` when it grants none."),
		"maintainer_ids": computedStringList("The IDs of every member who maintains the team, all pages of them; " +
			"`[]` when it has none."),
		"member_ids": computedStringList("The IDs of every member of the team, in the members list's order; `[]` " +
			"for a team without members."),
		"links": linksAttribute("The locations of the team's related resources, by relation (`parent`, `roles`, `self`)."),
		"access": accessAttribute("The actions the provider's token may and may not take on the team, with the " +
			"policy statements behind them. Null when LaunchDarkly does not say."),
	}
}

// encodeTeam is a team as Terraform holds it, of type t.
func encodeTeam(t tftypes.Object, team *launchdarkly.Team) tftypes.Value {
	return tftypes.NewValue(t, teamValues(t, team))
}

// teamValues are the team's attributes, for an object of type t that may have more.
func teamValues(t tftypes.Object, team *launchdarkly.Team) map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"key":              stringValue(team.Key),
		"name":             stringValue(team.Name),
		"description":      stringValue(team.Description),
		"creation_date":    int64Value(team.CreationDate),
		"last_modified":    int64Value(team.LastModified),
		"version":          int64Value(team.Version),
		"idp_synced":       boolValue(team.IdpSynced),
		"role_attributes":  stringListMapValue(team.RoleAttributes),
		"custom_role_keys": stringListValue(team.CustomRoleKeys()),
		"maintainer_ids":   stringListValue(team.MaintainerIDs()),
		"member_ids":       stringListValue(team.MemberIDs()),
		"links":            linksValue(t, team.Links),
		"access":           nested(t, "access", team.Access, encodeAccess),
	}
}
