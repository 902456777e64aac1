package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// memberIDPattern accepts LaunchDarkly's 24-hex member IDs and the reserved "me".
var memberIDPattern = regexp.MustCompile(`^(me|[0-9a-fA-F]{24})$`)

// emailPattern refuses what cannot be an address: whitespace of any kind (a non-breaking space pasted from
// a document too), control and other invisible characters (NUL, a zero-width space), and the list
// filter's delimiters "," and "|", which would turn one address into several filter terms.
var emailPattern = regexp.MustCompile(`^[^\s\p{Z}\p{C},|@]+@[^\s\p{Z}\p{C},|@]+$`)

// emailPatternMessage is what a value emailPattern refuses must be.
const emailPatternMessage = "must be one email address, without spaces, control or invisible characters, commas or `|`"

// memberArgs are launchdarkly_member's arguments: exactly one is set.
type memberArgs struct {
	id, email string
}

var memberDataSource = &dataSource[memberArgs, *launchdarkly.Member]{
	typeName:  "member",
	newSchema: memberSchema,
	parse: func(a arguments) memberArgs {
		return memberArgs{id: a.string("id"), email: a.string("email")}
	},
	validate: validateMemberConfig,
	read: func(ctx context.Context, data *providerData, args memberArgs) (*launchdarkly.Member, diag.Diagnostics) {
		var member *launchdarkly.Member
		var err error
		if args.email != "" {
			member, err = data.client.MemberByEmail(ctx, args.email)
		} else {
			// Member IDs are lower-case hex; an ID in upper case (accepted by the schema) is the same ID.
			member, err = data.client.GetMember(ctx, strings.ToLower(args.id))
		}
		return member, memberReadError(data, args, err)
	},
	encode: func(t tftypes.Object, _ memberArgs, member *launchdarkly.Member) tftypes.Value {
		return encodeMember(t, member)
	},
}

// validateMemberConfig requires exactly one of id and email, with the diagnostics of the framework
// validators' ExactlyOneOf, which it replaces because that walks the schema by path expressions on every
// validation, several times the cost of looking at two arguments. An unknown argument may turn out either
// way, so it defers the check, except that two known arguments are already too many.
func validateMemberConfig(args arguments, diags *diag.Diagnostics) {
	const rule = "Exactly one of these attributes must be configured: [id,email]"
	var configured []string
	unknown := false
	for _, name := range []string{"id", "email"} {
		switch {
		case args.isUnknown(name):
			unknown = true
		case args.isSet(name):
			configured = append(configured, name)
		}
	}
	switch {
	case len(configured) > 1:
		diags.AddAttributeError(path.Root(configured[0]), "Invalid Attribute Combination", rule)
	case len(configured) == 0 && !unknown:
		diags.AddError("Missing Attribute Configuration", rule)
	}
}

func memberReadError(data *providerData, args memberArgs, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	if err == nil {
		return diags
	}
	if email := args.email; email != "" {
		what := fmt.Sprintf("LaunchDarkly member with email %q", email)
		var ambiguous *launchdarkly.AmbiguousEmailError
		switch {
		case errors.Is(err, launchdarkly.ErrMemberNotFound):
			diags.AddError("Reading "+what+": not found", "No LaunchDarkly member has the email address "+
				fmt.Sprintf("%q", email)+" (compared without regard to case).")
		case errors.As(err, &ambiguous):
			diags.AddError("Reading "+what+": ambiguous", ambiguous.Error()+". Look the member up by `id` instead.")
		default:
			data.addReadError(&diags, what, "No LaunchDarkly member has this email address.", err)
		}
		return diags
	}
	data.addReadError(&diags, fmt.Sprintf("LaunchDarkly member %q", args.id),
		fmt.Sprintf("No LaunchDarkly member has the ID %q.", args.id), err)
	return diags
}

func memberSchema() schema.Schema {
	attributes := memberAttributes()
	attributes["id"] = schema.StringAttribute{
		MarkdownDescription: "The member's 24-character hexadecimal ID (upper case is accepted and read as " +
			"lower case), or `me` for the member that owns the provider's token. After the read it holds " +
			"the member's real ID as LaunchDarkly writes it, also when `me` or `email` was given.",
		Optional: true,
		Computed: true,
		Validators: []validator.String{stringvalidator.RegexMatches(memberIDPattern,
			"must be `me` or a 24-character hexadecimal member ID")},
	}
	attributes["email"] = schema.StringAttribute{
		MarkdownDescription: "The member's email address, matched without regard to case. " +
			"After the read it holds the address as LaunchDarkly stores it.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{stringvalidator.RegexMatches(emailPattern, emailPatternMessage)},
	}
	return schema.Schema{
		MarkdownDescription: "Reads a LaunchDarkly account member by ID, as `me` (the member behind the " +
			"provider's token), or by email address.\n\n" +
			"Exactly one of `id` and `email` must be set.",
		Attributes: attributes,
	}
}
