package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

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
	_ datasource.DataSource                   = (*memberDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*memberDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*memberDataSource)(nil)
)

// memberIDPattern accepts LaunchDarkly's 24-hex member IDs and the reserved "me".
var memberIDPattern = regexp.MustCompile(`^(me|[0-9a-fA-F]{24})$`)

// emailPattern refuses what cannot be an address: whitespace of any kind (a non-breaking space pasted from
// a document too), control and other invisible characters (NUL, a zero-width space), and the list
// filter's delimiters "," and "|", which would turn one address into several filter terms.
var emailPattern = regexp.MustCompile(`^[^\s\p{Z}\p{C},|@]+@[^\s\p{Z}\p{C},|@]+$`)

// emailPatternMessage is what a value emailPattern refuses must be.
const emailPatternMessage = "must be one email address, without spaces, control or invisible characters, commas or `|`"

func newMemberDataSource() datasource.DataSource {
	return &memberDataSource{}
}

type memberDataSource struct {
	client *launchdarkly.Client
}

func (d *memberDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_member"
}

func (d *memberDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = memberSchema()
}

// ValidateConfig requires exactly one of id and email, with the diagnostics of the framework validators'
// ExactlyOneOf, which it replaces because that walks the schema by path expressions on every validation,
// several times the cost of looking at two arguments. An unknown argument may turn out either way, so it
// defers the check, except that two known arguments are already too many.
func (d *memberDataSource) ValidateConfig(_ context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	const rule = "Exactly one of these attributes must be configured: [id,email]"
	arguments := configArguments(req.Config)
	var configured []string
	unknown := false
	for _, name := range []string{"id", "email"} {
		switch v := stringArgument(arguments, name); {
		case v.IsUnknown():
			unknown = true
		case !v.IsNull():
			configured = append(configured, name)
		}
	}
	switch {
	case len(configured) > 1:
		resp.Diagnostics.AddAttributeError(path.Root(configured[0]), "Invalid Attribute Combination", rule)
	case len(configured) == 0 && !unknown:
		resp.Diagnostics.AddError("Missing Attribute Configuration", rule)
	}
}

func (d *memberDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req, resp)
}

func (d *memberDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, done := d.client.BeginRead(ctx) // one deadline for the whole read
	defer done()
	arguments := configArguments(req.Config)
	id, email := stringArgument(arguments, "id"), stringArgument(arguments, "email")

	member, err := d.readMember(ctx, id, email)
	if err != nil {
		addMemberReadError(&resp.Diagnostics, id, email, err)
		return
	}

	setState(resp, func() tftypes.Value { return newMemberModel(member).terraformValue(memberObjectType()) })
}

func (d *memberDataSource) readMember(ctx context.Context, id, email types.String) (*launchdarkly.Member, error) {
	if email := email.ValueString(); email != "" {
		return d.client.MemberByEmail(ctx, email)
	}
	// Member IDs are lower-case hex; an ID in upper case (accepted by the schema) is the same ID.
	return d.client.GetMember(ctx, strings.ToLower(id.ValueString()))
}

func addMemberReadError(diags *diag.Diagnostics, idArgument, emailArgument types.String, err error) {
	if email := emailArgument.ValueString(); email != "" {
		what := fmt.Sprintf("LaunchDarkly member with email %q", email)
		var ambiguous *launchdarkly.AmbiguousEmailError
		switch {
		case errors.Is(err, launchdarkly.ErrMemberNotFound):
			diags.AddError("Reading "+what+": not found", "No LaunchDarkly member has the email address "+
				fmt.Sprintf("%q", email)+" (compared without regard to case).")
		case errors.As(err, &ambiguous):
			diags.AddError("Reading "+what+": ambiguous", ambiguous.Error()+". Look the member up by `id` instead.")
		default:
			addReadError(diags, what, "No LaunchDarkly member has this email address.", err)
		}
		return
	}
	id := idArgument.ValueString()
	addReadError(diags, fmt.Sprintf("LaunchDarkly member %q", id),
		fmt.Sprintf("No LaunchDarkly member has the ID %q.", id), err)
}

func memberSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads a LaunchDarkly account member by ID, as `me` (the member behind the " +
			"provider's token), or by email address.\n\n" +
			"Exactly one of `id` and `email` must be set.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The member's 24-character hexadecimal ID (upper case is accepted and read as " +
					"lower case), or `me` for the member that owns the provider's token. After the read it holds " +
					"the member's real ID as LaunchDarkly writes it, also when `me` or `email` was given.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{stringvalidator.RegexMatches(memberIDPattern,
					"must be `me` or a 24-character hexadecimal member ID")},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "The member's email address, matched without regard to case. " +
					"After the read it holds the address as LaunchDarkly stores it.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(emailPattern, emailPatternMessage)},
			},
			"first_name":     computedString("The member's first name."),
			"last_name":      computedString("The member's last name."),
			"role":           computedString("The member's base role, such as `reader`, `writer`, `admin`, `owner` or `no_access`."),
			"pending_email":  computedString("The new email address the member has not verified yet, on accounts that require verification."),
			"mfa":            computedString("The member's multi-factor authentication status, as LaunchDarkly reports it (for example `enabled`)."),
			"pending_invite": computedBool("Whether the member has not accepted their invitation yet."),
			"verified":       computedBool("Whether the member's email address has been verified."),
			"mfa_enforced":   computedBool("Whether multi-factor authentication is enforced for the member."),
			"has_password":   computedBool("Whether the member has a password; `false` for members who sign in only through OAuth or SSO."),
			"last_seen": computedInt64("When the member last used LaunchDarkly, in milliseconds since the Unix epoch; " +
				"`0` for a member who has never signed in."),
			"creation_date":               computedInt64("When the member was created, in milliseconds since the Unix epoch."),
			"mfa_grace_period_expires_at": computedInt64("When the member's grace period for setting up multi-factor authentication ends, in milliseconds since the Unix epoch."),
			"version":                     computedInt64("The version of the member's configuration."),
			"custom_roles": computedStringList("The IDs of the custom roles assigned to the member in addition to the base role; " +
				"`custom_roles_info` has each role's key and name."),
			"excluded_dashboards": computedStringList("The default dashboards the member chose to hide."),
			"oauth_providers":     computedStringList("The OAuth providers the member signs in with."),
			"custom_roles_info": schema.ListNestedAttribute{
				MarkdownDescription: "The custom roles assigned to the member, with their keys and names.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":   computedString("The custom role's ID."),
					"key":  computedString("The custom role's key."),
					"name": computedString("The custom role's name."),
				}},
			},
			"role_attributes": schema.MapAttribute{
				MarkdownDescription: "The role attributes assigned to the member: each attribute name maps to its values, " +
					"for example `projectKeys` to the keys of the projects a role applies to.",
				Computed:    true,
				ElementType: types.ListType{ElemType: types.StringType},
			},
			"last_seen_metadata": schema.SingleNestedAttribute{
				MarkdownDescription: "Details of the member's last session. Null when LaunchDarkly has none.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"token_id": computedString("The ID of the access token the last session used."),
				},
			},
			"integration_metadata": schema.SingleNestedAttribute{
				MarkdownDescription: "Details of the member in an external identity provider. Null unless the member " +
					"is provisioned externally (for example through SCIM).",
				Computed: true,
				Attributes: map[string]schema.Attribute{
					"external_id":  computedString("The member's ID in the identity provider."),
					"external_url": computedString("The member's URL in the identity provider."),
					"last_checked": computedInt64("When LaunchDarkly last synchronised the member, in milliseconds since the Unix epoch."),
					"external_status": schema.SingleNestedAttribute{
						MarkdownDescription: "The member's status in the identity provider.",
						Computed:            true,
						Attributes: map[string]schema.Attribute{
							"display": computedString("The status as the identity provider displays it."),
							"value":   computedString("The status's machine-readable value."),
						},
					},
				},
			},
			"teams": schema.ListNestedAttribute{
				MarkdownDescription: "The teams the member belongs to.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"key":              computedString("The team's key."),
					"name":             computedString("The team's name."),
					"custom_role_keys": computedStringList("The keys of the custom roles the team grants."),
					"links":            linksAttribute("The locations of the team's related resources."),
				}},
			},
			"permission_grants": schema.ListNestedAttribute{
				MarkdownDescription: "Permissions granted to the member directly, without a custom role.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"resource":   computedString("The resource the grant applies to, for example `team/qa`."),
					"action_set": computedString("The action set granted. Null when the grant lists `actions` instead."),
					"actions":    computedStringList("The actions granted. Null when the grant names an `action_set` instead."),
				}},
			},
			"links": linksAttribute("The locations of the member's related resources, by relation (for example `self`)."),
		},
	}
}
