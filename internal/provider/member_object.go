package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// An account member, as launchdarkly_member returns it and as each element of launchdarkly_members holds
// it: its attributes and its encoder, the one place each is written.

// memberAttributes are a member's attributes, with id and email computed; launchdarkly_member makes those
// two its arguments.
func memberAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":             computedString("The member's 24-character hexadecimal ID."),
		"email":          computedString("The member's email address, as LaunchDarkly stores it."),
		"first_name":     computedString("The member's first name."),
		"last_name":      computedString("The member's last name."),
		"role":           computedString("The member's base role, such as `reader`, `writer`, `admin`, `owner` or `no_access`."),
		"pending_email":  computedString("The new email address the member has not verified yet, on accounts that require verification."),
		"mfa":            computedString("The member's multi-factor authentication status, as LaunchDarkly reports it (for example `enabled`)."),
		"pending_invite": computedBool("Whether the member has not accepted their invitation yet."),
		"verified":       computedBool("Whether the member's email address has been verified."),
		"mfa_enforced":   computedBool("Whether multi-factor authentication is enforced for the member."),
		"has_password":   computedBool("Whether the member has a password; `false` for members who sign in only through OAuth or SSO."),
		"last_seen": computedInt64("When the member last used LaunchDarkly, in milliseconds since the Unix epoch; " +
			"`0` for a member who has never signed in."),
		"creation_date":               computedInt64("When the member was created, in milliseconds since the Unix epoch."),
		"mfa_grace_period_expires_at": computedInt64("When the member's grace period for setting up multi-factor authentication ends, in milliseconds since the Unix epoch."),
		"version":                     computedInt64("The version of the member's configuration."),
		"custom_roles": computedStringList("The IDs of the custom roles assigned to the member in addition to the base role; " +
			"`custom_roles_info` has each role's key and name."),
		"excluded_dashboards": computedStringList("The default dashboards the member chose to hide."),
		"oauth_providers":     computedStringList("The OAuth providers the member signs in with."),
		"custom_roles_info": schema.ListNestedAttribute{
			MarkdownDescription: "The custom roles assigned to the member, with their keys and names.",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":   computedString("The custom role's ID."),
				"key":  computedString("The custom role's key."),
				"name": computedString("The custom role's name."),
			}},
		},
		"role_attributes": schema.MapAttribute{
			MarkdownDescription: "The role attributes assigned to the member: each attribute name maps to its values, " +
				"for example `projectKeys` to the keys of the projects a role applies to.",
			Computed:    true,
			ElementType: types.ListType{ElemType: types.StringType},
		},
		"last_seen_metadata": schema.SingleNestedAttribute{
			MarkdownDescription: "Details of the member's last session. Null when LaunchDarkly has none.",
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"token_id": computedString("The ID of the access token the last session used."),
			},
		},
		"integration_metadata": schema.SingleNestedAttribute{
			MarkdownDescription: "Details of the member in an external identity provider. Null unless the member " +
				"is provisioned externally (for example through SCIM).",
			Computed: true,
			Attributes: map[string]schema.Attribute{
				"external_id":  computedString("The member's ID in the identity provider."),
				"external_url": computedString("The member's URL in the identity provider."),
				"last_checked": computedInt64("When LaunchDarkly last synchronised the member, in milliseconds since the Unix epoch."),
				"external_status": schema.SingleNestedAttribute{
					MarkdownDescription: "The member's status in the identity provider.",
					Computed:            true,
					Attributes: map[string]schema.Attribute{
						"display": computedString("The status as the identity provider displays it."),
						"value":   computedString("The status's machine-readable value."),
					},
				},
			},
		},
		"teams": schema.ListNestedAttribute{
			MarkdownDescription: "The teams the member belongs to.",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"key":              computedString("The team's key."),
				"name":             computedString("The team's name."),
				"custom_role_keys": computedStringList("The keys of the custom roles the team grants."),
				"links":            linksAttribute("The locations of the team's related resources."),
			}},
		},
		"permission_grants": schema.ListNestedAttribute{
			MarkdownDescription: "Permissions granted to the member directly, without a custom role.",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"resource":   computedString("The resource the grant applies to, for example `team/qa`."),
				"action_set": computedString("The action set granted. Null when the grant lists `actions` instead."),
				"actions":    computedStringList("The actions granted. Null when the grant names an `action_set` instead."),
			}},
		},
		"links": linksAttribute("The locations of the member's related resources, by relation (for example `self`)."),
	}
}

// encodeMember is a member as Terraform holds it, of type t.
func encodeMember(t tftypes.Object, m *launchdarkly.Member) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"id":                          stringValue(m.ID),
		"email":                       stringValue(m.Email),
		"first_name":                  stringValue(m.FirstName),
		"last_name":                   stringValue(m.LastName),
		"role":                        stringValue(m.Role),
		"pending_email":               stringValue(m.PendingEmail),
		"mfa":                         stringValue(m.MFA),
		"pending_invite":              boolValue(m.PendingInvite),
		"verified":                    boolValue(m.Verified),
		"mfa_enforced":                boolValue(m.MFAEnforced),
		"has_password":                boolValue(m.HasPassword),
		"last_seen":                   int64Value(m.LastSeen),
		"creation_date":               int64Value(m.CreationDate),
		"mfa_grace_period_expires_at": int64Value(m.MFAGracePeriodExpiresAt),
		"version":                     int64Value(m.Version),
		"custom_roles":                stringListValue(m.CustomRoles),
		"excluded_dashboards":         stringListValue(m.ExcludedDashboards),
		"oauth_providers":             stringListValue(m.OAuthProviders),
		"custom_roles_info":           nestedList(t, "custom_roles_info", m.CustomRolesInfo, encodeCustomRoleInfo),
		"role_attributes":             stringListMapValue(m.RoleAttributes),
		"last_seen_metadata":          nested(t, "last_seen_metadata", m.LastSeenMetadata, encodeLastSeenMetadata),
		"integration_metadata":        nested(t, "integration_metadata", m.IntegrationMetadata, encodeIntegrationMetadata),
		"teams":                       nestedList(t, "teams", m.Teams, encodeMemberTeam),
		"permission_grants":           nestedList(t, "permission_grants", m.PermissionGrants, encodePermissionGrant),
		"links":                       linksValue(t, m.Links),
	})
}

func encodeCustomRoleInfo(t tftypes.Object, r *launchdarkly.CustomRoleInfo) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"id": stringValue(r.ID), "key": stringValue(r.Key), "name": stringValue(r.Name),
	})
}

func encodeLastSeenMetadata(t tftypes.Object, m *launchdarkly.LastSeenMetadata) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{"token_id": stringValue(m.TokenID)})
}

func encodeIntegrationMetadata(t tftypes.Object, m *launchdarkly.IntegrationMetadata) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"external_id":     stringValue(m.ExternalID),
		"external_url":    stringValue(m.ExternalURL),
		"last_checked":    int64Value(m.LastChecked),
		"external_status": nested(t, "external_status", m.ExternalStatus, encodeExternalStatus),
	})
}

func encodeExternalStatus(t tftypes.Object, s *launchdarkly.ExternalStatus) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{"display": stringValue(s.Display), "value": stringValue(s.Value)})
}

func encodeMemberTeam(t tftypes.Object, team *launchdarkly.MemberTeam) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"key":              stringValue(team.Key),
		"name":             stringValue(team.Name),
		"custom_role_keys": stringListValue(team.CustomRoleKeys),
		"links":            linksValue(t, team.Links),
	})
}

func encodePermissionGrant(t tftypes.Object, g *launchdarkly.PermissionGrant) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"resource":   stringValue(g.Resource),
		"action_set": stringValue(g.ActionSet),
		"actions":    stringListValue(g.Actions),
	})
}
