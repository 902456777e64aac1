package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

var contextKindsDataSource = &dataSource[string, []launchdarkly.ContextKind]{
	typeName:  "context_kinds",
	newSchema: contextKindsSchema,
	parse:     func(a arguments) string { return a.string("project_key") },
	read: func(ctx context.Context, data *providerData, projectKey string) ([]launchdarkly.ContextKind, diag.Diagnostics) {
		var diags diag.Diagnostics
		kinds, err := data.client.ListContextKinds(ctx, projectKey)
		what := fmt.Sprintf("the context kinds of LaunchDarkly project %q", projectKey)
		var notFound *launchdarkly.NotFoundError
		switch {
		case errors.As(err, &notFound):
			diags.AddError("Reading "+what+": no such project",
				fmt.Sprintf("No LaunchDarkly project has the key %q.\n\nLaunchDarkly answered: %s", projectKey, notFound.Err))
		case err != nil:
			data.addReadError(&diags, what, "", err)
		}
		return kinds, diags
	},
	encode: func(t tftypes.Object, projectKey string, kinds []launchdarkly.ContextKind) tftypes.Value {
		keys := make([]string, len(kinds))
		for i, k := range kinds {
			keys[i] = deref(k.Key)
		}
		return tftypes.NewValue(t, map[string]tftypes.Value{
			"project_key":   knownString(projectKey),
			"context_kinds": nestedList(t, "context_kinds", kinds, encodeContextKind),
			"keys":          stringListValue(keys),
		})
	},
}

func encodeContextKind(t tftypes.Object, k *launchdarkly.ContextKind) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"key":               stringValue(k.Key),
		"name":              stringValue(k.Name),
		"description":       stringValue(k.Description),
		"version":           int64Value(k.Version),
		"creation_date":     int64Value(k.CreationDate),
		"last_modified":     int64Value(k.LastModified),
		"last_seen":         int64Value(k.LastSeen),
		"created_from":      stringValue(k.CreatedFrom),
		"hide_in_targeting": boolValue(k.HideInTargeting),
		"archived":          boolValue(k.Archived),
		"links":             linksValue(t, k.Links),
	})
}

func contextKindsSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the context kinds of a LaunchDarkly project, archived ones included, with one " +
			"request.\n\n" +
			"An archived kind cannot be targeted: a `precondition` on `archived` keeps a configuration from " +
			"targeting one.",
		Attributes: map[string]schema.Attribute{
			"project_key": requiredKey("The key of the project."),
			"context_kinds": schema.ListNestedAttribute{
				MarkdownDescription: "The project's context kinds, in the API's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"key":           computedString("The kind's key, such as `user` or `organization`."),
					"name":          computedString("The kind's name."),
					"description":   computedString("The kind's description; may be empty."),
					"version":       computedInt64("The version of the kind's configuration."),
					"creation_date": computedInt64("When the kind was created, in milliseconds since the Unix epoch."),
					"last_modified": computedInt64("When the kind was last changed, in milliseconds since the Unix epoch."),
					"last_seen": computedInt64("When a context of this kind was last evaluated, in milliseconds since " +
						"the Unix epoch. Null for a kind never evaluated."),
					"created_from": computedString("How the kind was created, as LaunchDarkly names it (for example " +
						"`default` or `auto-add`)."),
					"hide_in_targeting": computedBool("Whether the kind is hidden from targeting; LaunchDarkly documents " +
						"it as an alias of `archived`."),
					"archived": computedBool("Whether the kind is archived, which makes it unavailable for targeting."),
					"links":    linksAttribute("The locations of the kind's related resources, by relation (for example `self`)."),
				}},
			},
			"keys": computedStringList("The keys of the project's context kinds, in the order of `context_kinds`."),
		},
	}
}
