package provider

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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
	Source         types.String         `tfsdk:"source"`
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

// userObjectType is the Terraform type of launchdarkly_user's state, computed once from userSchema.
var userObjectType = sync.OnceValue(func() tftypes.Object { return schemaObjectType(userSchema()) })

// userArguments reads launchdarkly_user's arguments from its configuration.
func userArguments(arguments map[string]tftypes.Value) userModel {
	return userModel{
		ProjectKey:     stringArgument(arguments, "project_key"),
		EnvironmentKey: stringArgument(arguments, "environment_key"),
		UserKey:        stringArgument(arguments, "user_key"),
	}
}

// terraformValue is the state as Terraform holds it: what State.Set would make of m, without reflection.
func (m userModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"project_key":     stringValue(m.ProjectKey),
		"environment_key": stringValue(m.EnvironmentKey),
		"user_key":        stringValue(m.UserKey),
		"last_ping":       stringValue(m.LastPing),
		"environment_id":  stringValue(m.EnvironmentID),
		"owner_id":        stringValue(m.OwnerID),
		"source":          stringValue(m.Source),
		"user":            objectValue(t, "user", m.User, userAttributesModel.terraformValue),
		"links":           mapValue(t, "links", m.Links, linkModel.terraformValue),
		"access":          objectValue(t, "access", m.Access, accessModel.terraformValue),
	})
}

func (u userAttributesModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"key":           stringValue(u.Key),
		"secondary":     stringValue(u.Secondary),
		"ip":            stringValue(u.IP),
		"country":       stringValue(u.Country),
		"email":         stringValue(u.Email),
		"first_name":    stringValue(u.FirstName),
		"last_name":     stringValue(u.LastName),
		"avatar":        stringValue(u.Avatar),
		"name":          stringValue(u.Name),
		"anonymous":     boolValue(u.Anonymous),
		"private_attrs": stringListValue(u.PrivateAttrs),
		"custom":        attrValue(u.Custom),
	})
}

// newUserModel maps a Users API record onto the configuration it was read for. Only user.custom can fail:
// its values are arbitrary JSON.
func newUserModel(config userModel, r *launchdarkly.UserRecord) (userModel, error) {
	state := config
	state.Source = types.StringValue(string(userSourceUsers))
	state.LastPing = types.StringPointerValue(r.LastPing)
	state.EnvironmentID = types.StringPointerValue(r.EnvironmentID)
	state.OwnerID = types.StringPointerValue(r.OwnerID)
	state.Links = newLinksModel(r.Links)
	state.Access = mapPointer(r.Access, newAccessModel)
	if u := r.User; u != nil {
		custom := types.DynamicNull()
		if u.Custom != nil {
			var err error
			if custom, err = dynamicFromJSON(u.Custom, "user.custom"); err != nil {
				return state, err
			}
		}
		state.User = &userAttributesModel{
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
	return state, nil
}

// formerBuiltIns are the user attributes that were built-ins before contexts and are ordinary context
// attributes now: each maps to its field of the user record when its value is a string (or null).
var formerBuiltIns = map[string]func(*userAttributesModel) *types.String{
	"ip":        func(u *userAttributesModel) *types.String { return &u.IP },
	"country":   func(u *userAttributesModel) *types.String { return &u.Country },
	"email":     func(u *userAttributesModel) *types.String { return &u.Email },
	"firstName": func(u *userAttributesModel) *types.String { return &u.FirstName },
	"lastName":  func(u *userAttributesModel) *types.String { return &u.LastName },
	"avatar":    func(u *userAttributesModel) *types.String { return &u.Avatar },
}

// newUserModelFromContext maps the newest version of a user context onto a user record, as the
// LaunchDarkly Users→Contexts migration defines the correspondence: built-ins and the six former
// built-ins to their fields, every other attribute to user.custom. The Contexts API has nothing for
// owner_id or (except in pre-release contexts) user.secondary.
func newUserModelFromContext(config userModel, versions *launchdarkly.ContextVersions) (userModel, error) {
	v := versions.Chosen
	c := v.Context
	state := config
	state.Source = types.StringValue(string(userSourceContexts))
	state.LastPing = types.StringPointerValue(v.LastSeen)
	state.EnvironmentID = types.StringPointerValue(versions.EnvironmentID)
	state.OwnerID = types.StringNull()
	state.Links = newLinksModel(v.Links)
	state.Access = mapPointer(v.Access, newAccessModel)

	anonymous := c.Anonymous != nil && *c.Anonymous // the Contexts API does not list anonymous contexts
	user := &userAttributesModel{
		Key:       types.StringValue(c.Key),
		Name:      types.StringPointerValue(c.Name),
		Anonymous: types.BoolValue(anonymous),
		IP:        types.StringNull(), Country: types.StringNull(), Email: types.StringNull(),
		FirstName: types.StringNull(), LastName: types.StringNull(), Avatar: types.StringNull(),
		Secondary: types.StringNull(),
	}
	if c.Meta != nil {
		user.Secondary = types.StringPointerValue(c.Meta.Secondary)
		user.PrivateAttrs = privateAttributes(c.Meta, legacyAttributeName)
	}
	var custom []launchdarkly.Attribute
	for _, a := range c.Attributes {
		field, builtIn := formerBuiltIns[a.Name]
		var text *string
		if builtIn && json.Unmarshal(a.Value, &text) == nil {
			*field(user) = types.StringPointerValue(text)
			continue
		}
		custom = append(custom, a)
	}
	var err error
	if user.Custom, err = dynamicFromAttributes(custom, "user.custom"); err != nil {
		return state, err
	}
	state.User = user
	return state, nil
}

// privateAttributes is the union of both lists of _meta, in order and without repeats, each reference
// passed through convert; nil when _meta has neither list.
func privateAttributes(meta *launchdarkly.ContextMeta, convert func(string) string) []string {
	if meta.PrivateAttributes == nil && meta.RedactedAttributes == nil {
		return nil
	}
	out := []string{}
	seen := map[string]bool{}
	for _, ref := range append(append([]string{}, meta.PrivateAttributes...), meta.RedactedAttributes...) {
		if name := convert(ref); !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// legacyAttributeName turns a context attribute reference into a user record's private attribute name:
// a one-segment reference "/a~1b" is the attribute "a/b"; a plain name stays as it is, and so does a path
// into an object ("/address/street"), which has no legacy equivalent.
func legacyAttributeName(ref string) string {
	if !strings.HasPrefix(ref, "/") || strings.Count(ref, "/") != 1 {
		return ref
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(ref[1:])
}
