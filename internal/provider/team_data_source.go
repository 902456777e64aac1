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

var teamDataSource = &dataSource[string, *launchdarkly.Team]{
	typeName:  "team",
	newSchema: teamSchema,
	parse:     func(a arguments) string { return a.string("key") },
	read: func(ctx context.Context, data *providerData, key string) (*launchdarkly.Team, diag.Diagnostics) {
		var diags diag.Diagnostics
		team, err := data.client.GetTeam(ctx, key)
		var notFound *launchdarkly.NotFoundError
		switch {
		case errors.As(err, &notFound):
			diags.AddError(fmt.Sprintf("Reading LaunchDarkly team %q: not found", key),
				fmt.Sprintf("No LaunchDarkly team has the key %q. Team keys are compared exactly, case included; "+
					"`launchdarkly_teams` with `query` finds a team by part of its name or key.\n\n"+
					"LaunchDarkly answered: %s", key, notFound.Err))
		case err != nil:
			data.addReadError(&diags, fmt.Sprintf("LaunchDarkly team %q", key), "", err)
		default:
			addCountWarnings(&diags, fmt.Sprintf("team %q", key), team.Warnings)
		}
		return team, diags
	},
	encode: func(t tftypes.Object, _ string, team *launchdarkly.Team) tftypes.Value {
		values := teamValues(t, team)
		emails := make(map[string]string, len(team.Members))
		for _, m := range team.Members {
			if m.Email != nil {
				emails[m.ID] = *m.Email
			}
		}
		values["member_emails_by_id"] = stringMapValue(emails)
		values["projects"] = nestedList(t, "projects", teamProjects(team), encodeProject)
		return tftypes.NewValue(t, values)
	},
}

func teamProjects(team *launchdarkly.Team) []launchdarkly.ProjectSummary {
	if team.Projects == nil {
		return nil
	}
	return team.Projects.Items
}

func encodeProject(t tftypes.Object, p *launchdarkly.ProjectSummary) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"id":    stringValue(p.ID),
		"key":   stringValue(p.Key),
		"name":  stringValue(p.Name),
		"links": linksValue(t, p.Links),
	})
}

func teamSchema() schema.Schema {
	attributes := teamAttributes()
	attributes["key"] = requiredKey("The team's key, compared exactly, case included.")
	attributes["member_emails_by_id"] = computedStringMap("The email address of each member of the team, by member ID.")
	attributes["projects"] = schema.ListNestedAttribute{
		MarkdownDescription: "The projects the team's roles let it change, as LaunchDarkly lists them. Null when " +
			"LaunchDarkly does not say.",
		Computed: true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":    computedString("The project's ID."),
			"key":   computedString("The project's key."),
			"name":  computedString("The project's name."),
			"links": linksAttribute("The locations of the project's related resources."),
		}},
	}
	return schema.Schema{
		MarkdownDescription: "Reads one LaunchDarkly team by key, with every custom role key, maintainer and member, " +
			"and each member's email address.\n\n" +
			"LaunchDarkly's own provider reads a team too, but lists neither its members nor more than the first " +
			"page of its roles and maintainers.",
		Attributes: attributes,
	}
}
