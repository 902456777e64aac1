package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// userModel is the launchdarkly_user data source's configuration and state.
type userModel struct {
	ProjectKey     types.String         `tfsdk:"project_key"`
	EnvironmentKey types.String         `tfsdk:"environment_key"`
	UserKey        types.String         `tfsdk:"user_key"`
	LastPing       types.String         `tfsdk:"last_ping"`
	EnvironmentID  types.String         `tfsdk:"environment_id"`
	OwnerID        types.String         `tfsdk:"owner_id"`
	User           *userAttributesModel `tfsdk:"user"`
	Links          map[string]linkModel `tfsdk:"links"`
	Access         *accessModel         `tfsdk:"access"`
}

type userAttributesModel struct {
	Key          types.String  `tfsdk:"key"`
	Secondary    types.String  `tfsdk:"secondary"`
	IP           types.String  `tfsdk:"ip"`
	Country      types.String  `tfsdk:"country"`
	Email        types.String  `tfsdk:"email"`
	FirstName    types.String  `tfsdk:"first_name"`
	LastName     types.String  `tfsdk:"last_name"`
	Avatar       types.String  `tfsdk:"avatar"`
	Name         types.String  `tfsdk:"name"`
	Anonymous    types.Bool    `tfsdk:"anonymous"`
	PrivateAttrs []string      `tfsdk:"private_attrs"`
	Custom       types.Dynamic `tfsdk:"custom"`
}

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

// newUserModel maps a user record onto the configuration it was read for. Only user.custom can fail: its
// values are arbitrary JSON.
func newUserModel(config userModel, r *launchdarkly.UserRecord) (userModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	state := config
	state.LastPing = types.StringPointerValue(r.LastPing)
	state.EnvironmentID = types.StringPointerValue(r.EnvironmentID)
	state.OwnerID = types.StringPointerValue(r.OwnerID)
	state.Links = newLinksModel(r.Links)
	state.Access = mapPointer(r.Access, newAccessModel)
	if r.User != nil {
		custom, err := customAttributesValue(r.User.Custom)
		if err != nil {
			diags.AddError("Reading the custom attributes of LaunchDarkly user "+fmt.Sprintf("%q", config.UserKey.ValueString()), err.Error())
			return state, diags
		}
		state.User = newUserAttributesModel(*r.User, custom)
	}
	return state, diags
}

func newUserAttributesModel(u launchdarkly.User, custom types.Dynamic) *userAttributesModel {
	return &userAttributesModel{
		Key:          types.StringPointerValue(u.Key),
		Secondary:    types.StringPointerValue(u.Secondary),
		IP:           types.StringPointerValue(u.IP),
		Country:      types.StringPointerValue(u.Country),
		Email:        types.StringPointerValue(u.Email),
		FirstName:    types.StringPointerValue(u.FirstName),
		LastName:     types.StringPointerValue(u.LastName),
		Avatar:       types.StringPointerValue(u.Avatar),
		Name:         types.StringPointerValue(u.Name),
		Anonymous:    types.BoolPointerValue(u.Anonymous),
		PrivateAttrs: u.PrivateAttrs,
		Custom:       custom,
	}
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

// customAttributesValue turns user.custom into a dynamic object whose values keep their JSON types, so that
// configurations can do arithmetic on numbers and index lists.
func customAttributesValue(custom map[string]json.RawMessage) (types.Dynamic, error) {
	if custom == nil {
		return types.DynamicNull(), nil
	}
	object := make(map[string]any, len(custom))
	for name, raw := range custom {
		value, err := decodeJSONValue(raw)
		if err != nil {
			return types.DynamicNull(), fmt.Errorf("custom attribute %q: %w", name, err)
		}
		object[name] = value
	}
	value, err := jsonToAttrValue(object)
	if err != nil {
		return types.DynamicNull(), err
	}
	return types.DynamicValue(value), nil
}

// decodeJSONValue decodes with json.Number so that large or precise numbers survive intact.
func decodeJSONValue(raw json.RawMessage) (any, error) {
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.UseNumber()
	var value any
	if err := decoder.Decode(&value); err != nil {
		return nil, err
	}
	return value, nil
}

// jsonToAttrValue maps a decoded JSON value to the Terraform value jsondecode() would give: arrays become
// tuples (their elements may differ in type) and objects become objects.
func jsonToAttrValue(value any) (attr.Value, error) {
	switch v := value.(type) {
	case nil:
		return types.DynamicNull(), nil
	case string:
		return types.StringValue(v), nil
	case bool:
		return types.BoolValue(v), nil
	case json.Number:
		number, _, err := big.ParseFloat(v.String(), 10, 512, big.ToNearestEven)
		if err != nil {
			return nil, fmt.Errorf("number %s: %w", v, err)
		}
		return types.NumberValue(number), nil
	case []any:
		return jsonArrayToTuple(v)
	case map[string]any:
		return jsonObjectToObject(v)
	default:
		return nil, fmt.Errorf("unexpected JSON value of type %T", value)
	}
}

func jsonArrayToTuple(array []any) (attr.Value, error) {
	elemTypes := make([]attr.Type, len(array))
	elems := make([]attr.Value, len(array))
	for i, item := range array {
		value, err := jsonToAttrValue(item)
		if err != nil {
			return nil, err
		}
		elemTypes[i], elems[i] = value.Type(context.Background()), value
	}
	tuple, diags := types.TupleValue(elemTypes, elems)
	return tuple, diagsError(diags)
}

func jsonObjectToObject(object map[string]any) (attr.Value, error) {
	attrTypes := make(map[string]attr.Type, len(object))
	attrs := make(map[string]attr.Value, len(object))
	for name, item := range object {
		value, err := jsonToAttrValue(item)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		attrTypes[name], attrs[name] = value.Type(context.Background()), value
	}
	obj, diags := types.ObjectValue(attrTypes, attrs)
	return obj, diagsError(diags)
}

// diagsError flattens framework diagnostics from building a value into an error.
func diagsError(diags diag.Diagnostics) error {
	if !diags.HasError() {
		return nil
	}
	return fmt.Errorf("%s: %s", diags.Errors()[0].Summary(), diags.Errors()[0].Detail())
}
