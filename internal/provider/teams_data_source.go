package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// teamQueryPattern refuses an empty query and ",", which separates the terms of the teams list filter.
var teamQueryPattern = regexp.MustCompile(`^[^,]+$`)

var teamsDataSource = &dataSource[*string, *launchdarkly.TeamList]{
	typeName:  "teams",
	newSchema: teamsSchema,
	parse:     func(a arguments) *string { return a.optionalString("query") },
	read: func(ctx context.Context, data *providerData, query *string) (*launchdarkly.TeamList, diag.Diagnostics) {
		var diags diag.Diagnostics
		list, err := data.client.ListTeams(ctx, deref(query))
		if err != nil {
			data.addReadError(&diags, "LaunchDarkly teams",
				"LaunchDarkly has no teams list at this address: check the provider's `api_host`.", err)
			return nil, diags
		}
		addCountWarnings(&diags, "teams", list.Warnings)
		return list, diags
	},
	encode: func(t tftypes.Object, query *string, list *launchdarkly.TeamList) tftypes.Value {
		teams := list.Teams
		memberIDs := make(map[string][]string, len(teams))
		for _, team := range teams {
			memberIDs[deref(team.Key)] = team.MemberIDs()
		}
		return tftypes.NewValue(t, map[string]tftypes.Value{
			"query":                  stringValue(query),
			"teams":                  nestedList(t, "teams", teams, encodeTeam),
			"total_count":            knownInt64(int64(len(teams))),
			"member_ids_by_team_key": stringListMapValue(memberIDs),
		})
	},
}

func teamsSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the teams of the LaunchDarkly account: every page of them, each with every custom " +
			"role key, maintainer and member, past the first pages the API expands.\n\n" +
			"Typical uses are audits of who can do what through teams, such as teams synced from an identity " +
			"provider (`idp_synced`) that have no maintainers, and feeding a team's member IDs to other resources.",
		Attributes: map[string]schema.Attribute{
			"query": schema.StringAttribute{
				MarkdownDescription: "Keeps the teams whose name or key contains this text, without regard to case. " +
					"It may not contain `,`. Defaults to every team.",
				Optional: true,
				Validators: []validator.String{stringvalidator.RegexMatches(teamQueryPattern,
					"must not be empty or contain `,`, which would change the teams list filter")},
			},
			"teams": schema.ListNestedAttribute{
				MarkdownDescription: "The teams, in the API's order.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: teamAttributes()},
			},
			"total_count": computedInt64("The number of teams in `teams`."),
			"member_ids_by_team_key": schema.MapAttribute{
				MarkdownDescription: "The IDs of each team's members by team key: an entry for every team in `teams`, " +
					"`[]` for a team without members.",
				Computed:    true,
				ElementType: types.ListType{ElemType: types.StringType},
			},
		},
	}
}
