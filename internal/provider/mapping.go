package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// mapSlice converts each element, keeping nil as nil so that an omitted API list becomes a null attribute
// and an empty one an empty list.
func mapSlice[From, To any](in []From, convert func(From) To) []To {
	if in == nil {
		return nil
	}
	out := make([]To, len(in))
	for i, v := range in {
		out[i] = convert(v)
	}
	return out
}

// mapPointer converts the value behind a pointer, keeping nil as nil (a null object attribute).
func mapPointer[From, To any](in *From, convert func(From) To) *To {
	if in == nil {
		return nil
	}
	out := convert(*in)
	return &out
}

func newLinksModel(links map[string]launchdarkly.Link) map[string]linkModel {
	if links == nil {
		return nil
	}
	out := make(map[string]linkModel, len(links))
	for rel, link := range links {
		out[rel] = linkModel{Href: types.StringPointerValue(link.Href), Type: types.StringPointerValue(link.Type)}
	}
	return out
}

func (l linkModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{"href": stringValue(l.Href), "type": stringValue(l.Type)})
}

// accessModel is an API object's _access: what the provider's token may and may not do with it.
type accessModel struct {
	Allowed []accessEntryModel `tfsdk:"allowed"`
	Denied  []accessEntryModel `tfsdk:"denied"`
}

type accessEntryModel struct {
	Action types.String       `tfsdk:"action"`
	Reason *accessReasonModel `tfsdk:"reason"`
}

type accessReasonModel struct {
	Effect       types.String `tfsdk:"effect"`
	Resources    []string     `tfsdk:"resources"`
	NotResources []string     `tfsdk:"not_resources"`
	Actions      []string     `tfsdk:"actions"`
	NotActions   []string     `tfsdk:"not_actions"`
	RoleName     types.String `tfsdk:"role_name"`
}

func newAccessModel(a launchdarkly.Access) accessModel {
	return accessModel{
		Allowed: mapSlice(a.Allowed, newAccessEntryModel),
		Denied:  mapSlice(a.Denied, newAccessEntryModel),
	}
}

func newAccessEntryModel(e launchdarkly.AccessEntry) accessEntryModel {
	return accessEntryModel{
		Action: types.StringPointerValue(e.Action),
		Reason: mapPointer(e.Reason, newAccessReasonModel),
	}
}

func newAccessReasonModel(r launchdarkly.AccessReason) accessReasonModel {
	return accessReasonModel{
		Effect:       types.StringPointerValue(r.Effect),
		Resources:    r.Resources,
		NotResources: r.NotResources,
		Actions:      r.Actions,
		NotActions:   r.NotActions,
		RoleName:     types.StringPointerValue(r.RoleName),
	}
}

func (a accessModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"allowed": listValue(t, "allowed", a.Allowed, accessEntryModel.terraformValue),
		"denied":  listValue(t, "denied", a.Denied, accessEntryModel.terraformValue),
	})
}

func (e accessEntryModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"action": stringValue(e.Action),
		"reason": objectValue(t, "reason", e.Reason, accessReasonModel.terraformValue),
	})
}

func (r accessReasonModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"effect":        stringValue(r.Effect),
		"resources":     stringListValue(r.Resources),
		"not_resources": stringListValue(r.NotResources),
		"actions":       stringListValue(r.Actions),
		"not_actions":   stringListValue(r.NotActions),
		"role_name":     stringValue(r.RoleName),
	})
}

// diagsError flattens framework diagnostics from building a value into an error.
func diagsError(diags diag.Diagnostics) error {
	if !diags.HasError() {
		return nil
	}
	return fmt.Errorf("%s: %s", diags.Errors()[0].Summary(), diags.Errors()[0].Detail())
}
