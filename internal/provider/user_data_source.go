package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// userArgs are launchdarkly_user's arguments.
type userArgs struct {
	projectKey, environmentKey, userKey string
}

var userDataSource = &dataSource[userArgs, userRead]{
	typeName:  "user",
	newSchema: userSchema,
	parse: func(a arguments) userArgs {
		return userArgs{projectKey: a.string("project_key"), environmentKey: a.string("environment_key"),
			userKey: a.string("user_key")}
	},
	read:   readUser, // user_source.go: which API, and the fallback between them
	encode: encodeUserRecord,
}

func encodeUserRecord(t tftypes.Object, args userArgs, read userRead) tftypes.Value {
	r := read.record
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"project_key":     knownString(args.projectKey),
		"environment_key": knownString(args.environmentKey),
		"user_key":        knownString(args.userKey),
		"last_ping":       stringValue(r.LastPing),
		"environment_id":  stringValue(r.EnvironmentID),
		"owner_id":        stringValue(r.OwnerID),
		"source":          knownString(string(read.source)),
		"user": nested(t, "user", r.User, func(t tftypes.Object, u *launchdarkly.User) tftypes.Value {
			return encodeUser(t, u, read.custom)
		}),
		"links":  linksValue(t, r.Links),
		"access": nested(t, "access", r.Access, encodeAccess),
	})
}

// encodeUser is a user's attributes, with its custom attributes already converted (dynamic.go).
func encodeUser(t tftypes.Object, u *launchdarkly.User, custom tftypes.Value) tftypes.Value {
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
		"custom":        custom,
	})
}

func userSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads a user record of a LaunchDarkly project's environment.\n\n" +
			"LaunchDarkly serves the Users API only at API version `" + launchdarkly.UsersAPIVersion + "`, whose end of life is " + retirementDate() + ". " +
			"With the provider's `user_source` argument at its default, `auto`, this data source reads the " +
			"Users API until then and falls back to the context of kind `user` with the same key, through " +
			"the Contexts API, when the Users API fails; from " + retirementDate() + " it reads the Contexts API only. " +
			"`source` tells which API answered.",
		Attributes: map[string]schema.Attribute{
			"project_key":     requiredKey("The key of the project."),
			"environment_key": requiredKey("The key of the environment."),
			"user_key":        requiredKey("The user's key. Any key works, including ones with `/`, spaces, `?`, `#`, `%` or non-ASCII letters."),
			"last_ping": computedString("When LaunchDarkly last saw the user, exactly as the API sends it: an RFC 3339 " +
				"date-time that may carry nanoseconds, such as `2022-06-28T23:21:29.176609596Z`. From the Contexts API, " +
				"when the user context was last evaluated."),
			"environment_id": computedString("The ID of the environment."),
			"owner_id":       computedString("The ID of the account owner's member. Null when the record came from the Contexts API, which has no such field."),
			"source":         computedString("The API that returned the record: `users_api` or `contexts_api`."),
			"user": schema.SingleNestedAttribute{
				MarkdownDescription: "The attributes an SDK last sent for the user.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"key":           computedString("The user's key."),
					"secondary":     computedString("The secondary attribute, an extra input to percentage rollouts (legacy). Null when the record came from the Contexts API, which dropped it."),
					"ip":            computedString("The user's IP address."),
					"country":       computedString("The user's country."),
					"email":         computedString("The user's email address."),
					"first_name":    computedString("The user's first name."),
					"last_name":     computedString("The user's last name."),
					"avatar":        computedString("The URL of the user's avatar."),
					"name":          computedString("The user's full name."),
					"anonymous":     computedBool("Whether the user is anonymous."),
					"private_attrs": computedStringList("The names of the user's private attributes, whose values LaunchDarkly does not store."),
					"custom": computedDynamic("The user's custom attributes, as an object whose values keep their JSON " +
						"types: strings, numbers, bools, lists (tuples) and nested objects. " +
						"So `user.custom.seats + 1` is arithmetic and `user.custom.groups[0]` indexes a list. " +
						"A JSON `null` is a null value. Null when the user has no custom attributes."),
				},
			},
			"links": linksAttribute("The locations of the user's related resources, by relation (`parent`, `self`, `settings`, `site`)."),
			"access": accessAttribute("The actions the provider's token may and may not take on the user, with the " +
				"policy statements behind them."),
		},
	}
}
