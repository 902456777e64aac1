package provider

import (
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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

// memberObjectType is the Terraform type of a member: launchdarkly_member's state, and each element of
// launchdarkly_members' members. Computed once, from memberSchema.
var memberObjectType = sync.OnceValue(func() tftypes.Object { return schemaObjectType(memberSchema()) })

// terraformValue is the member as Terraform holds it, of type t (memberObjectType, or the same type as an
// element of launchdarkly_members); what State.Set would make of m, without its reflection.
func (m memberModel) terraformValue(t tftypes.Object) tftypes.Value {
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
		"custom_roles_info":           listValue(t, "custom_roles_info", m.CustomRolesInfo, customRoleInfoModel.terraformValue),
		"role_attributes":             roleAttributesValue(attributeType(t, "role_attributes"), m.RoleAttributes),
		"last_seen_metadata":          objectValue(t, "last_seen_metadata", m.LastSeenMetadata, lastSeenMetadataModel.terraformValue),
		"integration_metadata":        objectValue(t, "integration_metadata", m.IntegrationMetadata, integrationMetadataModel.terraformValue),
		"teams":                       listValue(t, "teams", m.Teams, teamModel.terraformValue),
		"permission_grants":           listValue(t, "permission_grants", m.PermissionGrants, permissionGrantModel.terraformValue),
		"links":                       mapValue(t, "links", m.Links, linkModel.terraformValue),
	})
}

func roleAttributesValue(t tftypes.Type, attributes map[string][]string) tftypes.Value {
	if attributes == nil {
		return tftypes.NewValue(t, nil)
	}
	values := make(map[string]tftypes.Value, len(attributes))
	for name, list := range attributes {
		values[name] = stringListValue(list)
	}
	return tftypes.NewValue(t, values)
}

func (r customRoleInfoModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"id": stringValue(r.ID), "key": stringValue(r.Key), "name": stringValue(r.Name),
	})
}

func (m lastSeenMetadataModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{"token_id": stringValue(m.TokenID)})
}

func (m integrationMetadataModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"external_id":     stringValue(m.ExternalID),
		"external_url":    stringValue(m.ExternalURL),
		"last_checked":    int64Value(m.LastChecked),
		"external_status": objectValue(t, "external_status", m.ExternalStatus, externalStatusModel.terraformValue),
	})
}

func (s externalStatusModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{"display": stringValue(s.Display), "value": stringValue(s.Value)})
}

func (m teamModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"key":              stringValue(m.Key),
		"name":             stringValue(m.Name),
		"custom_role_keys": stringListValue(m.CustomRoleKeys),
		"links":            mapValue(t, "links", m.Links, linkModel.terraformValue),
	})
}

func (g permissionGrantModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"resource":   stringValue(g.Resource),
		"action_set": stringValue(g.ActionSet),
		"actions":    stringListValue(g.Actions),
	})
}
