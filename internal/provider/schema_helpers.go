package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

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

// requiredKey is a required string argument that must not be empty.
func requiredKey(description string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description,
		Required:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}
