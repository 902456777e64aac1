package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// addMembers seeds n extra members and returns their IDs, so that reads are distinct and none is
// coalesced with another.
func addMembers(api *mockapi.API, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("7a11c0de%016x", i)
		api.PutMember(map[string]any{
			"_id": ids[i], "email": fmt.Sprintf("load-%d@acme.example", i), "role": "reader",
			"_links": map[string]any{}, "_pendingInvite": false, "_verified": true, "customRoles": []string{},
			"mfa": "disabled", "_lastSeen": 0, "creationDate": 1630939209870,
		})
	}
	return ids
}

// manyMembersConfig reads every ID with one data source each and outputs the emails in order.
func manyMembersConfig(providerBlock string, ids []string) string {
	return providerBlock + fmt.Sprintf(`
locals {
  ids = ["%s"]
}

data "launchdarkly_member" "many" {
  count = length(local.ids)
  id    = local.ids[count.index]
}

output "emails" {
  value = data.launchdarkly_member.many[*].email
}
`, strings.Join(ids, `", "`))
}

// expectEveryMemberRead plans a read of each ID from the mock at apiURL and checks that every data
// source holds its own member's email.
func expectEveryMemberRead(t *testing.T, apiURL string, ids []string) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: manyMembersConfig(mockProviderConfig(apiURL), ids),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("emails", expectedEmails(len(ids))),
			},
		}},
	})
}

func expectedEmails(n int) knownvalue.Check {
	checks := make([]knownvalue.Check, n)
	for i := range checks {
		checks[i] = knownvalue.StringExact(fmt.Sprintf("load-%d@acme.example", i))
	}
	return knownvalue.ListExact(checks)
}

func TestAccSixtyReadsUnderARateLimitAllSucceed(t *testing.T) {
	api, apiURL := startMockAPI(t)
	ids := addMembers(api, 60)
	api.SetRateLimit(10, time.Second)
	expectEveryMemberRead(t, apiURL, ids)
	stats := api.Stats()
	t.Logf("requests %d, 429s %d", stats.Requests, stats.RateLimited)
	if stats.Requests < 60 {
		t.Errorf("only %d requests for 60 distinct reads", stats.Requests)
	}
}

func TestAccEveryThirdRequestFailingStillPlansCorrectly(t *testing.T) {
	api, apiURL := startMockAPI(t)
	ids := addMembers(api, 12)
	api.InjectFault(mockapi.EveryNth(3), mockapi.Fault{Kind: mockapi.HTMLError, Status: 503})
	expectEveryMemberRead(t, apiURL, ids)
	if api.Stats().Faults == 0 {
		t.Error("no fault was injected; the test proved nothing")
	}
}

func TestAccHungServerFailsWithATimeout(t *testing.T) {
	api, apiURL := startMockAPI(t)
	api.InjectFault(mockapi.Always(), mockapi.Fault{Kind: mockapi.Hang})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerConfigWith(apiURL, mockapi.DefaultToken, "http_timeout = 1\n  max_retries = 1") + readMe,
			ExpectError: regexp.MustCompile(`(?s)Reading LaunchDarkly member "me".*timeout.*gave up after 2 attempts`),
		}},
	})
}

// Transient faults are retried until the read succeeds; the values are the real ones.
func TestAccTransientFaultsAreRetried(t *testing.T) {
	cases := map[string]mockapi.Fault{
		"429 without headers":  {Kind: mockapi.RateLimited},
		"429 with Retry-After": {Kind: mockapi.RateLimited, RetryAfter: "1"},
		"429 with reset":       {Kind: mockapi.RateLimited, ResetIn: 300 * time.Millisecond},
		"429 with past reset":  {Kind: mockapi.RateLimited, ResetIn: -time.Hour},
		"502 with HTML":        {Kind: mockapi.HTMLError, Status: 502},
		"empty 500":            {Kind: mockapi.EmptyError, Status: 500},
		"dropped connection":   {Kind: mockapi.DropConnection},
	}
	for name, fault := range cases {
		t.Run(name, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			api.InjectFault(mockapi.FirstN(2), fault)
			expectMe(t, mockProviderConfig(apiURL)+readMe)
			// Two faults, then one successful read per Terraform command of the test.
			if stats := api.Stats(); stats.Faults != 2 || stats.Requests < 3 {
				t.Errorf("stats = %+v, want 2 faults before the successes", stats)
			}
		})
	}
}

// Bad responses that retrying cannot mend fail with an error that says what was wrong.
func TestAccBadResponsesFailClearly(t *testing.T) {
	cases := map[string]struct {
		fault mockapi.Fault
		want  string
	}{
		"truncated JSON": {mockapi.Fault{Kind: mockapi.TruncatedJSON},
			`(?s)Reading LaunchDarkly member "me".*GET /api/v2/members/me \(HTTP 200\) is not the JSON\s+expected`},
		"huge body": {mockapi.Fault{Kind: mockapi.HugeBody},
			`(?s)Reading LaunchDarkly member "me".*larger than 10 MiB`},
		"503 forever": {mockapi.Fault{Kind: mockapi.HTMLError, Status: 503},
			`(?s)Reading LaunchDarkly member "me".*HTTP 503 Service Unavailable.*gave up after 3 attempts`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			api, apiURL := startMockAPI(t)
			api.InjectFault(mockapi.Always(), tc.fault)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerConfigWith(apiURL, mockapi.DefaultToken, "max_retries = 2") + readMe,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

func TestAccFiftyReadsOfOneMemberCostOneRequest(t *testing.T) {
	api, apiURL := startMockAPI(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: mockProviderConfig(apiURL) + `
data "launchdarkly_member" "same" {
  count = 50
  id    = "me"
}

output "emails" {
  value = distinct(data.launchdarkly_member.same[*].email)
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("emails", stringList(mockapi.FullMemberEmail)),
			},
		}},
	})
	// Each Terraform command (plan, apply, refresh) runs its own provider process: one request each.
	perCommand := map[string]int{}
	for _, req := range api.Requests() {
		perCommand[req.EscapedPath]++
	}
	if n := perCommand["/api/v2/members/me"]; n == 0 || n > 4 {
		t.Errorf("%d requests for 50 reads across the test's Terraform commands, want one per command", n)
	}
}
