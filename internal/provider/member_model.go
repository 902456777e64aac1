package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// memberModel is the launchdarkly_member data source's state. Nested values are plain Go slices, maps and
// struct pointers: the framework stores a nil one as null, which is how a field the API omitted must appear.
type memberModel struct {
	ID                      types.String              `tfsdk:"id"`
	Email                   types.String              `tfsdk:"email"`
	FirstName               types.String              `tfsdk:"first_name"`
	LastName                types.String              `tfsdk:"last_name"`
	Role                    types.String              `tfsdk:"role"`
	PendingEmail            types.String              `tfsdk:"pending_email"`
	MFA                     types.String              `tfsdk:"mfa"`
	PendingInvite           types.Bool                `tfsdk:"pending_invite"`
	Verified                types.Bool                `tfsdk:"verified"`
	MFAEnforced             types.Bool                `tfsdk:"mfa_enforced"`
	HasPassword             types.Bool                `tfsdk:"has_password"`
	LastSeen                types.Int64               `tfsdk:"last_seen"`
	CreationDate            types.Int64               `tfsdk:"creation_date"`
	MFAGracePeriodExpiresAt types.Int64               `tfsdk:"mfa_grace_period_expires_at"`
	Version                 types.Int64               `tfsdk:"version"`
	CustomRoles             []string                  `tfsdk:"custom_roles"`
	ExcludedDashboards      []string                  `tfsdk:"excluded_dashboards"`
	OAuthProviders          []string                  `tfsdk:"oauth_providers"`
	CustomRolesInfo         []customRoleInfoModel     `tfsdk:"custom_roles_info"`
	RoleAttributes          map[string][]string       `tfsdk:"role_attributes"`
	LastSeenMetadata        *lastSeenMetadataModel    `tfsdk:"last_seen_metadata"`
	IntegrationMetadata     *integrationMetadataModel `tfsdk:"integration_metadata"`
	Teams                   []teamModel               `tfsdk:"teams"`
	PermissionGrants        []permissionGrantModel    `tfsdk:"permission_grants"`
	Links                   map[string]linkModel      `tfsdk:"links"`
}

type customRoleInfoModel struct {
	ID   types.String `tfsdk:"id"`
	Key  types.String `tfsdk:"key"`
	Name types.String `tfsdk:"name"`
}

type lastSeenMetadataModel struct {
	TokenID types.String `tfsdk:"token_id"`
}

type integrationMetadataModel struct {
	ExternalID     types.String         `tfsdk:"external_id"`
	ExternalURL    types.String         `tfsdk:"external_url"`
	LastChecked    types.Int64          `tfsdk:"last_checked"`
	ExternalStatus *externalStatusModel `tfsdk:"external_status"`
}

type externalStatusModel struct {
	Display types.String `tfsdk:"display"`
	Value   types.String `tfsdk:"value"`
}

type teamModel struct {
	Key            types.String         `tfsdk:"key"`
	Name           types.String         `tfsdk:"name"`
	CustomRoleKeys []string             `tfsdk:"custom_role_keys"`
	Links          map[string]linkModel `tfsdk:"links"`
}

type permissionGrantModel struct {
	Resource  types.String `tfsdk:"resource"`
	ActionSet types.String `tfsdk:"action_set"`
	Actions   []string     `tfsdk:"actions"`
}

type linkModel struct {
	Href types.String `tfsdk:"href"`
	Type types.String `tfsdk:"type"`
}

func newMemberModel(m *launchdarkly.Member) memberModel {
	return memberModel{
		ID:                      types.StringPointerValue(m.ID),
		Email:                   types.StringPointerValue(m.Email),
		FirstName:               types.StringPointerValue(m.FirstName),
		LastName:                types.StringPointerValue(m.LastName),
		Role:                    types.StringPointerValue(m.Role),
		PendingEmail:            types.StringPointerValue(m.PendingEmail),
		MFA:                     types.StringPointerValue(m.MFA),
		PendingInvite:           types.BoolPointerValue(m.PendingInvite),
		Verified:                types.BoolPointerValue(m.Verified),
		MFAEnforced:             types.BoolPointerValue(m.MFAEnforced),
		HasPassword:             types.BoolPointerValue(m.HasPassword),
		LastSeen:                types.Int64PointerValue(m.LastSeen),
		CreationDate:            types.Int64PointerValue(m.CreationDate),
		MFAGracePeriodExpiresAt: types.Int64PointerValue(m.MFAGracePeriodExpiresAt),
		Version:                 types.Int64PointerValue(m.Version),
		CustomRoles:             m.CustomRoles,
		ExcludedDashboards:      m.ExcludedDashboards,
		OAuthProviders:          m.OAuthProviders,
		CustomRolesInfo:         mapSlice(m.CustomRolesInfo, newCustomRoleInfoModel),
		RoleAttributes:          m.RoleAttributes,
		LastSeenMetadata:        mapPointer(m.LastSeenMetadata, newLastSeenMetadataModel),
		IntegrationMetadata:     mapPointer(m.IntegrationMetadata, newIntegrationMetadataModel),
		Teams:                   mapSlice(m.Teams, newTeamModel),
		PermissionGrants:        mapSlice(m.PermissionGrants, newPermissionGrantModel),
		Links:                   newLinksModel(m.Links),
	}
}

func newCustomRoleInfoModel(r launchdarkly.CustomRoleInfo) customRoleInfoModel {
	return customRoleInfoModel{
		ID:   types.StringPointerValue(r.ID),
		Key:  types.StringPointerValue(r.Key),
		Name: types.StringPointerValue(r.Name),
	}
}

func newLastSeenMetadataModel(m launchdarkly.LastSeenMetadata) lastSeenMetadataModel {
	return lastSeenMetadataModel{TokenID: types.StringPointerValue(m.TokenID)}
}

func newIntegrationMetadataModel(m launchdarkly.IntegrationMetadata) integrationMetadataModel {
	return integrationMetadataModel{
		ExternalID:     types.StringPointerValue(m.ExternalID),
		ExternalURL:    types.StringPointerValue(m.ExternalURL),
		LastChecked:    types.Int64PointerValue(m.LastChecked),
		ExternalStatus: mapPointer(m.ExternalStatus, newExternalStatusModel),
	}
}

func newExternalStatusModel(s launchdarkly.ExternalStatus) externalStatusModel {
	return externalStatusModel{
		Display: types.StringPointerValue(s.Display),
		Value:   types.StringPointerValue(s.Value),
	}
}

func newTeamModel(t launchdarkly.MemberTeam) teamModel {
	return teamModel{
		Key:            types.StringPointerValue(t.Key),
		Name:           types.StringPointerValue(t.Name),
		CustomRoleKeys: t.CustomRoleKeys,
		Links:          newLinksModel(t.Links),
	}
}

func newPermissionGrantModel(g launchdarkly.PermissionGrant) permissionGrantModel {
	return permissionGrantModel{
		Resource:  types.StringPointerValue(g.Resource),
		ActionSet: types.StringPointerValue(g.ActionSet),
		Actions:   g.Actions,
	}
}

// memberObjectAttributes is the member object as each element of launchdarkly_members holds it: the
// attributes of launchdarkly_member (memberSchema, the one place they are described), with that data
// source's two arguments, id and email, made plain computed values. memberModel and newMemberModel serve
// both data sources the same way.
func memberObjectAttributes() map[string]schema.Attribute {
	attributes := memberSchema().Attributes
	attributes["id"] = computedString("The member's 24-character hexadecimal ID.")
	attributes["email"] = computedString("The member's email address, as LaunchDarkly stores it.")
	return attributes
}
