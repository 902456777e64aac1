package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

const readCallerIdentity = `
data "launchdarkly_caller_identity" "current" {}

output "identity" {
  value = data.launchdarkly_caller_identity.current
}
`

// identity is the whole data source: the given values, every other attribute null.
func identity(values map[string]knownvalue.Check) knownvalue.Check {
	checks := map[string]knownvalue.Check{}
	for _, name := range []string{"account_id", "environment_id", "project_id", "environment_name", "project_name",
		"auth_kind", "token_kind", "client_id", "token_name", "token_id", "member_id", "service_token", "scopes"} {
		checks[name] = knownvalue.Null()
	}
	for name, check := range values {
		checks[name] = check
	}
	return knownvalue.ObjectExact(checks)
}

// identityRequests checks that every request read the caller identity, at API version 20240415.
func identityRequests(t *testing.T, api *mockapi.API) {
	for _, req := range api.Requests() {
		if req.EscapedPath != "/api/v2/caller-identity" || len(req.Query) != 0 ||
			len(req.Header.Values("LD-API-Version")) != 1 || req.Header.Get("LD-API-Version") != "20240415" {
			t.Errorf("request %s?%s with LD-API-Version %v", req.EscapedPath, req.Query.Encode(), req.Header.Values("LD-API-Version"))
		}
	}
}

func identityIs(values map[string]knownvalue.Check) []statecheck.StateCheck {
	return []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("identity", identity(values))}
}

// The identity follows the token the provider is configured with.
func TestAccCallerIdentity(t *testing.T) {
	runAccCases(t, []accCase{
		{name: "personal token", token: mockapi.DefaultToken, config: readCallerIdentity, requests: identityRequests,
			checks: identityIs(map[string]knownvalue.Check{
				"account_id": knownvalue.StringExact(mockapi.AccountID), "auth_kind": knownvalue.StringExact("token"),
				"token_kind": knownvalue.StringExact("personal"), "token_name": knownvalue.StringExact(mockapi.PersonalTokenName),
				"token_id": knownvalue.StringExact(mockapi.PersonalTokenID), "member_id": knownvalue.StringExact(mockapi.DefaultMemberID),
				"service_token": knownvalue.Bool(false),
			})},
		{name: "service token", token: mockapi.ServiceToken, config: readCallerIdentity, requests: identityRequests,
			checks: identityIs(map[string]knownvalue.Check{
				"account_id": knownvalue.StringExact(mockapi.AccountID), "auth_kind": knownvalue.StringExact("token"),
				"token_kind": knownvalue.StringExact("service"), "token_name": knownvalue.StringExact(mockapi.ServiceTokenName),
				"token_id": knownvalue.StringExact(mockapi.ServiceTokenID), "member_id": knownvalue.StringExact(mockapi.OwnerMemberID),
				"service_token": knownvalue.Bool(true),
			})},
		{name: "OAuth token", token: mockapi.OAuthToken, config: readCallerIdentity, requests: identityRequests,
			checks: identityIs(map[string]knownvalue.Check{
				"account_id": knownvalue.StringExact(mockapi.AccountID), "auth_kind": knownvalue.StringExact("oauth"),
				"client_id": knownvalue.StringExact(mockapi.OAuthClientID), "member_id": knownvalue.StringExact(mockapi.FullMemberID),
				"scopes": stringList("reader", "writer"),
			})},
		{name: "all thirteen fields",
			prepare: func(api *mockapi.API) {
				api.SetCallerIdentity(mockapi.DefaultToken, map[string]any{
					"accountId": "acc-1", "environmentId": "env-1", "projectId": "proj-1", "environmentName": "Production",
					"projectName": "Web", "authKind": "some-auth-kind", "tokenKind": "a-kind-no-one-documented", "clientId": "client-1",
					"tokenName": "name-1", "tokenId": "token-1", "memberId": "member-1", "serviceToken": false, "scopes": []string{},
				})
			},
			config: readCallerIdentity,
			checks: identityIs(map[string]knownvalue.Check{
				"account_id": knownvalue.StringExact("acc-1"), "environment_id": knownvalue.StringExact("env-1"),
				"project_id": knownvalue.StringExact("proj-1"), "environment_name": knownvalue.StringExact("Production"),
				"project_name": knownvalue.StringExact("Web"), "auth_kind": knownvalue.StringExact("some-auth-kind"),
				"token_kind": knownvalue.StringExact("a-kind-no-one-documented"), "client_id": knownvalue.StringExact("client-1"),
				"token_name": knownvalue.StringExact("name-1"), "token_id": knownvalue.StringExact("token-1"),
				"member_id": knownvalue.StringExact("member-1"), "service_token": knownvalue.Bool(false),
				"scopes": knownvalue.ListSizeExact(0),
			})},
		{name: "a rejected token", token: "api-not-a-token", config: readCallerIdentity,
			wantError: `(?s)Reading the LaunchDarkly caller identity: token rejected.*HTTP 401`},
	})
}
