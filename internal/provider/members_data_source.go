package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// memberHexIDPattern is a member ID proper: 24 hexadecimal digits, without the "me" of launchdarkly_member.
var memberHexIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{24}$`)

// filterValuePattern refuses an empty value and the list filter's delimiters: "," separates its terms and
// "|" the values of one term, so either would change what the filter asks.
var filterValuePattern = regexp.MustCompile(`^[^,|]+$`)

const filterValueMessage = "must not be empty or contain `,` or `|`, which would change the members list filter"

// membersArgs are launchdarkly_members' arguments: the client's filter, and whether a missing email or ID
// is an error.
type membersArgs struct {
	// configured are the arguments as Terraform sent them, which the state keeps.
	configured    arguments
	filter        launchdarkly.MemberFilter
	ignoreMissing bool
	// lastSeenBefore is the argument as configured, for its error message.
	lastSeenBefore *string
}

// membersRead is what the read found: the members, and the two lookups built from them.
type membersRead struct {
	members    []launchdarkly.Member
	idsByEmail map[string]string
	emailsByID map[string]string
}

var membersDataSource = &dataSource[membersArgs, membersRead]{
	typeName:  "members",
	newSchema: membersSchema,
	parse:     parseMembersArgs,
	validate:  validateMembersConfig,
	read:      readMembers,
	encode: func(t tftypes.Object, args membersArgs, read membersRead) tftypes.Value {
		return tftypes.NewValue(t, map[string]tftypes.Value{
			// The arguments as configured: the state of a data source keeps them.
			"query":            args.configured["query"],
			"emails":           args.configured["emails"],
			"ids":              args.configured["ids"],
			"roles":            args.configured["roles"],
			"team_key":         args.configured["team_key"],
			"no_team":          args.configured["no_team"],
			"last_seen_never":  args.configured["last_seen_never"],
			"last_seen_before": args.configured["last_seen_before"],
			"sort":             args.configured["sort"],
			"ignore_missing":   args.configured["ignore_missing"],
			"members":          nestedList(t, "members", read.members, encodeMember),
			"total_count":      knownInt64(int64(len(read.members))),
			"ids_by_email":     stringMapValue(read.idsByEmail),
			"emails_by_id":     stringMapValue(read.emailsByID),
		})
	},
}

// parseMembersArgs turns the arguments into the client's filter; a null set does not filter, an empty one
// matches nobody, as the client defines. Set elements are sorted, so the same configuration always sends
// the same requests and reports missing values in the same order.
func parseMembersArgs(a arguments) membersArgs {
	sorted := func(name string) []string {
		values := a.strings(name)
		slices.Sort(values)
		return values
	}
	return membersArgs{
		configured: a,
		filter: launchdarkly.MemberFilter{
			Query:         a.string("query"),
			Emails:        sorted("emails"),
			IDs:           sorted("ids"),
			Roles:         sorted("roles"),
			TeamKey:       a.string("team_key"),
			NoTeam:        a.bool("no_team"),
			LastSeenNever: a.bool("last_seen_never"),
			Sort:          a.string("sort"),
		},
		ignoreMissing:  a.bool("ignore_missing"),
		lastSeenBefore: a.optionalString("last_seen_before"),
	}
}

// validateMembersConfig refuses the combinations that could only ever match nobody. A `false` flag does
// not filter, so it conflicts with nothing.
func validateMembersConfig(a arguments, diags *diag.Diagnostics) {
	if a.bool("no_team") && !a.isNull("team_key") {
		diags.AddAttributeError(path.Root("no_team"), "Conflicting arguments",
			"`no_team = true` keeps members who belong to no team, so it cannot be combined with `team_key`.")
	}
	if a.bool("last_seen_never") && !a.isNull("last_seen_before") {
		diags.AddAttributeError(path.Root("last_seen_never"), "Conflicting arguments",
			"The members list takes one last-seen condition: set `last_seen_never = true` or `last_seen_before`, not both.")
	}
}

func readMembers(ctx context.Context, data *providerData, args membersArgs) (membersRead, diag.Diagnostics) {
	var diags diag.Diagnostics
	filter := args.filter
	if args.lastSeenBefore != nil {
		before, err := time.Parse(time.RFC3339, *args.lastSeenBefore)
		if err != nil { // the validator refused it already; this is for a value that bypassed it
			diags.AddAttributeError(path.Root("last_seen_before"), "Invalid timestamp", err.Error())
			return membersRead{}, diags
		}
		ms := before.UnixMilli()
		filter.LastSeenBefore = &ms
	}
	list, err := data.client.ListMembers(ctx, filter)
	var unknownRoles *launchdarkly.UnknownRolesError
	var unknownTeam *launchdarkly.UnknownTeamError
	switch {
	case errors.As(err, &unknownRoles):
		diags.AddAttributeError(path.Root("roles"), "Reading LaunchDarkly members: unknown role",
			"The members list would match nobody with "+unknownRoles.Error()+". Nothing was listed: an audit "+
				"must not pass because of a typo. Base roles are lower case; a custom role is named by its key.")
		return membersRead{}, diags
	case errors.As(err, &unknownTeam):
		diags.AddAttributeError(path.Root("team_key"), "Reading LaunchDarkly members: unknown team",
			"No member was listed for `team_key`, because "+unknownTeam.Error()+". Check the key; "+
				"`launchdarkly_teams` lists every team.")
		return membersRead{}, diags
	case err != nil:
		data.addReadError(&diags, "LaunchDarkly members",
			"LaunchDarkly has no members list at this address: check the provider's `api_host`.", err)
		return membersRead{}, diags
	}
	addCountWarnings(&diags, "members", list.Warnings)
	if !args.ignoreMissing {
		addMissing(&diags, "emails", "email addresses (compared without regard to case)", list.MissingEmails)
		addMissing(&diags, "ids", "IDs", list.MissingIDs)
	}
	read := membersRead{members: list.Members}
	if read.members == nil {
		read.members = []launchdarkly.Member{} // a list that matched nobody is empty, not null
	}
	read.idsByEmail, read.emailsByID = memberIndexes(&diags, list.Members, filter.Emails)
	return read, diags
}

// addMissing reports, on the argument, every value that matched no member.
func addMissing(diags *diag.Diagnostics, argument, what string, missing []string) {
	if len(missing) == 0 {
		return
	}
	quoted := make([]string, len(missing))
	for i, v := range missing {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	diags.AddAttributeError(path.Root(argument),
		fmt.Sprintf("Reading LaunchDarkly members: %d of `%s` not found", len(missing), argument),
		fmt.Sprintf("No LaunchDarkly member matching the other arguments has these %s: %s.\n\n"+
			"Remove them from `%s`, or set `ignore_missing = true` to skip them.",
			what, strings.Join(quoted, ", "), argument))
}

// memberIndexes builds ids_by_email (address with its ASCII letters lower-cased, launchdarkly.EmailKey →
// ID) and emails_by_id. An address that several
// members share cannot map to one ID: it is an error when `emails` asked for it, since the answer would be
// a guess; otherwise it is left out of ids_by_email with a warning.
func memberIndexes(diags *diag.Diagnostics, members []launchdarkly.Member, asked []string) (map[string]string, map[string]string) {
	byEmail := map[string][]string{}
	var order []string
	emailsByID := make(map[string]string, len(members))
	for _, m := range members {
		if m.Email == nil || *m.Email == "" || m.ID == nil {
			continue
		}
		key := launchdarkly.EmailKey(*m.Email)
		if byEmail[key] == nil {
			order = append(order, key)
		}
		byEmail[key] = append(byEmail[key], *m.ID)
		emailsByID[*m.ID] = *m.Email
	}
	idsByEmail := make(map[string]string, len(byEmail))
	for _, email := range order {
		ids := byEmail[email]
		if len(ids) == 1 {
			idsByEmail[email] = ids[0]
			continue
		}
		ambiguous := (&launchdarkly.AmbiguousEmailError{Email: email, IDs: ids}).Error()
		if slices.ContainsFunc(asked, func(a string) bool { return launchdarkly.SameEmail(a, email) }) {
			diags.AddAttributeError(path.Root("emails"), "Reading LaunchDarkly members: ambiguous email",
				ambiguous+". `ids_by_email` cannot map it to one ID; use `ids` for these members instead.")
			continue
		}
		diags.AddWarning("LaunchDarkly members share an email address",
			ambiguous+". The address is left out of `ids_by_email`; each of these members is in `members`.")
	}
	return idsByEmail, emailsByID
}

func membersSchema() schema.Schema {
	filterValue := stringvalidator.RegexMatches(filterValuePattern, filterValueMessage)
	return schema.Schema{
		MarkdownDescription: "Lists LaunchDarkly account members: every page of them, narrowed by email, ID, role, " +
			"team, last sign-in or a search.\n\n" +
			"Every argument is optional and they combine with AND; with none, the data source lists every member of " +
			"the account. Pages are read until LaunchDarkly has no more to serve; when its own count of the members " +
			"disagrees with what it served, the read warns. Typical uses are turning a team's email addresses into member IDs (`ids_by_email`) and " +
			"audits, such as admins without multi-factor authentication.",
		Attributes: map[string]schema.Attribute{
			"query": schema.StringAttribute{
				MarkdownDescription: "Keeps members whose email address or name contains this text, without regard to " +
					"case. It may not contain `,` or `|`.",
				Optional:   true,
				Validators: []validator.String{filterValue},
			},
			"emails": schema.SetAttribute{
				MarkdownDescription: "Keeps members with any of these email addresses, compared without regard to the case of " +
					"ASCII letters (every other character must match exactly). " +
					"An address no member has is an error unless `ignore_missing` is `true`; an empty set matches no member.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.RegexMatches(emailPattern,
					emailPatternMessage))},
			},
			"ids": schema.SetAttribute{
				MarkdownDescription: "Keeps members with any of these 24-character hexadecimal member IDs. An ID no member " +
					"has is an error unless `ignore_missing` is `true`; an empty set matches no member.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.RegexMatches(memberHexIDPattern,
					"must be a 24-character hexadecimal member ID"))},
			},
			"roles": schema.SetAttribute{
				MarkdownDescription: "Keeps members with any of these roles: a base role (" +
					backtickList(launchdarkly.BaseRoles, "or") + "; `admin` also matches the account owner) or a " +
					"custom role key. A value that is neither is an error, checked with one request per custom role " +
					"before the listing, so that a typo never passes as an empty list. An empty set matches no member.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(filterValue)},
			},
			"team_key": schema.StringAttribute{
				MarkdownDescription: "Keeps the members of the team with this key, compared without regard to case. " +
					"When nobody is listed, the provider checks that the team exists: an unknown key is an error, " +
					"a team without members an empty list.",
				Optional:   true,
				Validators: []validator.String{filterValue},
			},
			"no_team": schema.BoolAttribute{
				MarkdownDescription: "When `true`, keeps only members who belong to no team; cannot be combined with " +
					"`team_key`. `false` does not filter. Defaults to `false`.",
				Optional: true,
			},
			"last_seen_never": schema.BoolAttribute{
				MarkdownDescription: "When `true`, keeps only members who have never signed in; cannot be combined with " +
					"`last_seen_before`. `false` does not filter. Defaults to `false`.",
				Optional: true,
			},
			"last_seen_before": schema.StringAttribute{
				MarkdownDescription: "Keeps members last seen before this time, an RFC 3339 timestamp such as " +
					"`2026-01-01T00:00:00Z`. LaunchDarkly decides whether members who never signed in count as seen " +
					"before it; `last_seen_never` selects those alone.",
				Optional:   true,
				Validators: []validator.String{rfc3339Validator{}},
			},
			"sort": schema.StringAttribute{
				MarkdownDescription: "The order of `members`: one of " + backtickList(launchdarkly.MemberSorts, "or") + ". " +
					"`displayName` is the first and last name, falling back to the email address; `lastSeen` puts " +
					"members who never signed in first; `-` reverses the order. Defaults to the API's order.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(launchdarkly.MemberSorts...)},
			},
			"ignore_missing": schema.BoolAttribute{
				MarkdownDescription: "Whether an address in `emails` or an ID in `ids` that no member has is skipped " +
					"rather than failing the read. Defaults to `false`.",
				Optional: true,
			},
			"members": schema.ListNestedAttribute{
				MarkdownDescription: "The matching members, each with every attribute of the `launchdarkly_member` data " +
					"source, in the API's order or as `sort` asks.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: memberAttributes()},
			},
			"total_count": computedInt64("The number of members in `members`."),
			"ids_by_email": schema.MapAttribute{
				MarkdownDescription: "The ID of each member in `members` by email address with its ASCII letters " +
					"lower-cased (other characters as LaunchDarkly stores them), for lookups such as " +
					"`ids_by_email[lower(email)]` of ASCII addresses. An address several members share is left " +
					"out, with a warning, unless `emails` asks for it, which is an error.",
				Computed:    true,
				ElementType: types.StringType,
			},
			"emails_by_id": schema.MapAttribute{
				MarkdownDescription: "The email address of each member in `members`, as LaunchDarkly stores it, by member ID.",
				Computed:            true,
				ElementType:         types.StringType,
			},
		},
	}
}

// rfc3339Validator accepts an RFC 3339 timestamp, the format Terraform's timestamp() returns.
type rfc3339Validator struct{}

func (rfc3339Validator) Description(context.Context) string {
	return "must be an RFC 3339 timestamp, such as 2026-01-01T00:00:00Z"
}

func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v rfc3339Validator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid timestamp",
			fmt.Sprintf("Attribute %s %s; got %q.", req.Path, v.Description(ctx), req.ConfigValue.ValueString()))
	}
}
