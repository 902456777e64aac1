package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// Attributes several data sources share, each with its schema and its encoder side by side.

func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description, Computed: true}
}

func computedBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{MarkdownDescription: description, Computed: true}
}

func computedInt64(description string) schema.Int64Attribute {
	return schema.Int64Attribute{MarkdownDescription: description, Computed: true}
}

func computedStringList(description string) schema.ListAttribute {
	return schema.ListAttribute{MarkdownDescription: description, Computed: true, ElementType: types.StringType}
}

func computedStringMap(description string) schema.MapAttribute {
	return schema.MapAttribute{MarkdownDescription: description, Computed: true, ElementType: types.StringType}
}

// computedDynamic holds arbitrary JSON from the API (dynamic.go).
func computedDynamic(description string) schema.DynamicAttribute {
	return schema.DynamicAttribute{MarkdownDescription: description, Computed: true}
}

// requiredKey is a required string argument that must not be empty.
func requiredKey(description string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description,
		Required:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// linksAttribute is the schema of an API object's _links: relation name to link.
func linksAttribute(description string) schema.MapNestedAttribute {
	return schema.MapNestedAttribute{
		MarkdownDescription: description,
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"href": computedString("The link's URL, usually a path relative to the API host."),
			"type": computedString("The media type of the linked resource, for example `application/json`."),
		}},
	}
}

func encodeLink(t tftypes.Object, l *launchdarkly.Link) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{"href": stringValue(l.Href), "type": stringValue(l.Type)})
}

// linksValue is the links attribute of t.
func linksValue(t tftypes.Object, links map[string]launchdarkly.Link) tftypes.Value {
	return nestedMap(t, "links", links, encodeLink)
}

// accessAttribute is the schema of an API object's _access.
func accessAttribute(description string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: description,
		Computed:            true,
		Attributes: map[string]schema.Attribute{
			"allowed": accessEntriesAttribute("The actions the token may take."),
			"denied":  accessEntriesAttribute("The actions the token may not take."),
		},
	}
}

func accessEntriesAttribute(description string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: description,
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"action": computedString("The action, for example `updateTargets`."),
			"reason": schema.SingleNestedAttribute{
				MarkdownDescription: "The policy statement that allowed or denied the action.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"effect":        computedString("`allow` or `deny`."),
					"resources":     computedStringList("The resource specifiers the statement applies to."),
					"not_resources": computedStringList("The resource specifiers the statement applies to all but; used only when `resources` is empty."),
					"actions":       computedStringList("The actions the statement applies to."),
					"not_actions":   computedStringList("The actions the statement applies to all but; used only when `actions` is empty."),
					"role_name":     computedString("The name of the role the statement comes from."),
				},
			},
		}},
	}
}

func encodeAccess(t tftypes.Object, a *launchdarkly.Access) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"allowed": nestedList(t, "allowed", a.Allowed, encodeAccessEntry),
		"denied":  nestedList(t, "denied", a.Denied, encodeAccessEntry),
	})
}

func encodeAccessEntry(t tftypes.Object, e *launchdarkly.AccessEntry) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"action": stringValue(e.Action),
		"reason": nested(t, "reason", e.Reason, encodeAccessReason),
	})
}

func encodeAccessReason(t tftypes.Object, r *launchdarkly.AccessReason) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"effect":        stringValue(r.Effect),
		"resources":     stringListValue(r.Resources),
		"not_resources": stringListValue(r.NotResources),
		"actions":       stringListValue(r.Actions),
		"not_actions":   stringListValue(r.NotActions),
		"role_name":     stringValue(r.RoleName),
	})
}

// backtickList renders values as "`a`, `b` or `c`" (with "and" or "or") for a description, from the slice
// the code itself uses, so that the text cannot drift from it.
func backtickList(values []string, conjunction string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " " + conjunction + " " + quoted[len(quoted)-1]
}
