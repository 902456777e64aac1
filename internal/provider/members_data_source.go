package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

var (
	_ datasource.DataSource                   = (*membersDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*membersDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*membersDataSource)(nil)
)

// memberHexIDPattern is a member ID proper: 24 hexadecimal digits, without the "me" of launchdarkly_member.
var memberHexIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{24}$`)

// filterValuePattern refuses an empty value and the list filter's delimiters: "," separates its terms and
// "|" the values of one term, so either would change what the filter asks.
var filterValuePattern = regexp.MustCompile(`^[^,|]+$`)

const filterValueMessage = "must not be empty or contain `,` or `|`, which would change the members list filter"

func newMembersDataSource() datasource.DataSource {
	return &membersDataSource{}
}

type membersDataSource struct {
	client *launchdarkly.Client
}

// membersModel is the launchdarkly_members data source: its filter arguments and what the read found.
type membersModel struct {
	Query          types.String      `tfsdk:"query"`
	Emails         types.Set         `tfsdk:"emails"`
	IDs            types.Set         `tfsdk:"ids"`
	Roles          types.Set         `tfsdk:"roles"`
	TeamKey        types.String      `tfsdk:"team_key"`
	NoTeam         types.Bool        `tfsdk:"no_team"`
	LastSeenNever  types.Bool        `tfsdk:"last_seen_never"`
	LastSeenBefore types.String      `tfsdk:"last_seen_before"`
	Sort           types.String      `tfsdk:"sort"`
	IgnoreMissing  types.Bool        `tfsdk:"ignore_missing"`
	Members        []memberModel     `tfsdk:"members"`
	TotalCount     types.Int64       `tfsdk:"total_count"`
	IDsByEmail     map[string]string `tfsdk:"ids_by_email"`
	EmailsByID     map[string]string `tfsdk:"emails_by_id"`
}

func (d *membersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_members"
}

func (d *membersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = membersSchema()
}

// ValidateConfig refuses the combinations that could only ever match nobody. A `false` flag does not
// filter, so it conflicts with nothing.
func (d *membersDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var config membersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if config.NoTeam.ValueBool() && !config.TeamKey.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("no_team"), "Conflicting arguments",
			"`no_team = true` keeps members who belong to no team, so it cannot be combined with `team_key`.")
	}
	if config.LastSeenNever.ValueBool() && !config.LastSeenBefore.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("last_seen_never"), "Conflicting arguments",
			"The members list takes one last-seen condition: set `last_seen_never = true` or `last_seen_before`, not both.")
	}
}

func (d *membersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req, resp)
}

func (d *membersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, done := d.client.BeginRead(ctx) // one deadline for the whole read
	defer done()
	var config membersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter, diags := config.filter(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	list, err := d.client.ListMembers(ctx, filter)
	if err != nil {
		addReadError(&resp.Diagnostics, "LaunchDarkly members",
			"LaunchDarkly has no members list at this address: check the provider's `api_host`.", err)
		return
	}

	for _, warning := range list.Warnings {
		resp.Diagnostics.AddWarning("LaunchDarkly members: the server's count disagrees with its list", warning)
	}
	if !config.IgnoreMissing.ValueBool() {
		addMissing(&resp.Diagnostics, "emails", "email addresses (compared without regard to case)", list.MissingEmails)
		addMissing(&resp.Diagnostics, "ids", "IDs", list.MissingIDs)
	}
	state := config
	state.Members = make([]memberModel, len(list.Members))
	for i := range list.Members {
		state.Members[i] = newMemberModel(&list.Members[i])
	}
	state.TotalCount = types.Int64Value(int64(len(list.Members)))
	state.IDsByEmail, state.EmailsByID = memberIndexes(&resp.Diagnostics, list.Members, filter.Emails)
	if resp.Diagnostics.HasError() {
		return
	}
	setState(resp, func() tftypes.Value { return state.terraformValue(membersObjectType()) })
}

// membersObjectType is the Terraform type of launchdarkly_members' state, computed once from membersSchema.
var membersObjectType = sync.OnceValue(func() tftypes.Object { return schemaObjectType(membersSchema()) })

// terraformValue is the state as Terraform holds it: what State.Set would make of m, without reflection,
// which stored a few thousand members several times slower than reading them.
func (m membersModel) terraformValue(t tftypes.Object) tftypes.Value {
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"query":            stringValue(m.Query),
		"emails":           attrValue(m.Emails),
		"ids":              attrValue(m.IDs),
		"roles":            attrValue(m.Roles),
		"team_key":         stringValue(m.TeamKey),
		"no_team":          boolValue(m.NoTeam),
		"last_seen_never":  boolValue(m.LastSeenNever),
		"last_seen_before": stringValue(m.LastSeenBefore),
		"sort":             stringValue(m.Sort),
		"ignore_missing":   boolValue(m.IgnoreMissing),
		"members":          listValue(t, "members", m.Members, memberModel.terraformValue),
		"total_count":      int64Value(m.TotalCount),
		"ids_by_email":     stringMapValue(m.IDsByEmail),
		"emails_by_id":     stringMapValue(m.EmailsByID),
	})
}

// filter turns the arguments into the client's filter; a null set does not filter, an empty one matches
// nobody, as the client defines. Set elements are sorted, so the same configuration always sends the same
// requests and reports missing values in the same order.
func (m membersModel) filter(ctx context.Context) (launchdarkly.MemberFilter, diag.Diagnostics) {
	var diags diag.Diagnostics
	strs := func(set types.Set) []string {
		if set.IsNull() {
			return nil
		}
		out := []string{}
		diags.Append(set.ElementsAs(ctx, &out, false)...)
		slices.Sort(out)
		return out
	}
	filter := launchdarkly.MemberFilter{
		Query:         m.Query.ValueString(),
		Emails:        strs(m.Emails),
		IDs:           strs(m.IDs),
		Roles:         strs(m.Roles),
		TeamKey:       m.TeamKey.ValueString(),
		NoTeam:        m.NoTeam.ValueBool(),
		LastSeenNever: m.LastSeenNever.ValueBool(),
		Sort:          m.Sort.ValueString(),
	}
	if !m.LastSeenBefore.IsNull() {
		before, err := time.Parse(time.RFC3339, m.LastSeenBefore.ValueString())
		if err != nil { // the validator refused it already; this is for a value that bypassed it
			diags.AddAttributeError(path.Root("last_seen_before"), "Invalid timestamp", err.Error())
			return filter, diags
		}
		ms := before.UnixMilli()
		filter.LastSeenBefore = &ms
	}
	return filter, diags
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
				MarkdownDescription: "Keeps members with any of these roles: a base role (`reader`, `writer`, `admin`, " +
					"`no_access`; `admin` also matches the account owner) or a custom role key. An empty set matches no member.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(filterValue)},
			},
			"team_key": schema.StringAttribute{
				MarkdownDescription: "Keeps the members of the team with this key, compared without regard to case.",
				Optional:            true,
				Validators:          []validator.String{filterValue},
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
				MarkdownDescription: "The order of `members`: one of " + backtickList(launchdarkly.MemberSorts) + ". " +
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
				NestedObject: schema.NestedAttributeObject{Attributes: memberObjectAttributes()},
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

// backtickList renders values as "`a`, `b` or `c`" for a description, from the validator's own slice.
func backtickList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
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
