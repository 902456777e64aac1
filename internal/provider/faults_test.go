package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// generatedIDs are the IDs of the first n members mockapi.AddGeneratedMembers adds: distinct reads, none
// coalesced with another.
func generatedIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = mockapi.GeneratedMemberID(i)
	}
	return ids
}

// manyMembersConfig reads every ID with one data source each and outputs the emails in order.
func manyMembersConfig(ids []string) string {
	return fmt.Sprintf(`
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

// everyMemberRead checks that each of n data sources holds its own member's email.
func everyMemberRead(n int) []statecheck.StateCheck {
	return []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("emails", expectedEmails(n))}
}

func expectedEmails(n int) knownvalue.Check {
	checks := make([]knownvalue.Check, n)
	for i := range checks {
		checks[i] = knownvalue.StringExact(mockapi.GeneratedMemberEmail(i))
	}
	return knownvalue.ListExact(checks)
}

// terraformParallelism is how many data sources Terraform reads at once by default (-parallelism).
const terraformParallelism = 10

// Thirty distinct reads against a limit of ten a second: every read succeeds, and the provider's gate keeps
// the 429s down to those a client cannot avoid. A command's first requests go out before any answer has
// told the gate about the window, so at most Terraform's parallelism of them can find it spent; after
// that, the gate holds requests back until the window resets.
func TestAccThirtyReadsUnderARateLimitAllSucceed(t *testing.T) {
	const reads = 30
	runAccCases(t, []accCase{{
		name: "limit 10 a second",
		prepare: func(api *mockapi.API) {
			api.AddGeneratedMembers(reads)
			api.SetRateLimit(10, time.Second)
		},
		config: manyMembersConfig(generatedIDs(reads)),
		checks: everyMemberRead(reads),
		requests: func(t *testing.T, api *mockapi.API) {
			stats := api.Stats()
			// Every request is either a 429 or one successful read; each Terraform command reads all thirty.
			served := stats.Requests - stats.RateLimited
			commands := served / reads
			t.Logf("%d requests: %d reads (%d commands) and %d 429s", stats.Requests, served, commands, stats.RateLimited)
			if commands == 0 || served%reads != 0 {
				t.Errorf("%d requests and %d 429s: %d successful reads, want a multiple of %d", stats.Requests, stats.RateLimited, served, reads)
			}
			if limit := terraformParallelism * commands; stats.RateLimited > limit {
				t.Errorf("the mock served %d 429s over %d commands, want at most %d: the gate did not hold requests back",
					stats.RateLimited, commands, limit)
			}
		},
	}})
}

func TestAccFaults(t *testing.T) {
	const reads = 12
	runAccCases(t, []accCase{
		{name: "every third request failing still plans correctly",
			prepare: func(api *mockapi.API) {
				api.AddGeneratedMembers(reads)
				api.InjectFault(mockapi.EveryNth(3), mockapi.Fault{Kind: mockapi.HTMLError, Status: 503})
			},
			config: manyMembersConfig(generatedIDs(reads)),
			checks: everyMemberRead(reads),
			requests: func(t *testing.T, api *mockapi.API) {
				// Every request past the faults is one read; each Terraform command reads all twelve.
				stats := api.Stats()
				if served := stats.Requests - stats.Faults; stats.Faults == 0 || served == 0 || served%reads != 0 {
					t.Errorf("stats = %+v: want some faults, and a multiple of %d successful reads", stats, reads)
				}
			}},
		{name: "a hung server fails with a timeout",
			prepare:           func(api *mockapi.API) { api.InjectFault(mockapi.Always(), mockapi.Fault{Kind: mockapi.Hang}) },
			providerArguments: "http_timeout = 1\n  max_retries = 1", config: readMe,
			wantError: `(?s)Reading LaunchDarkly member "me".*timeout.*gave up after 2 attempts`,
			requests: func(t *testing.T, api *mockapi.API) {
				if n := api.RequestCount(); n != 2 {
					t.Errorf("%d requests, want 2: the attempt and one retry", n)
				}
			}},
		{name: "fifty reads of one member cost one request", config: `
data "launchdarkly_member" "same" {
  count = 50
  id    = "me"
}

output "emails" {
  value = distinct(data.launchdarkly_member.same[*].email)
}
`,
			checks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("emails", stringList(mockapi.FullMemberEmail))},
			requests: func(t *testing.T, api *mockapi.API) {
				// Each Terraform command (plan, apply, refresh) runs its own provider process: one request each.
				if n := requestsTo(api, "/api/v2/members/me"); n == 0 || n > 4 || n != api.RequestCount() {
					t.Errorf("%d requests for 50 reads across the test's Terraform commands (%d in all), want one per command",
						n, api.RequestCount())
				}
			}},
	})
}

// Transient faults are retried until the read succeeds; the values are the real ones.
func TestAccTransientFaultsAreRetried(t *testing.T) {
	faults := []struct {
		name  string
		fault mockapi.Fault
	}{
		{"429 without headers", mockapi.Fault{Kind: mockapi.RateLimited}},
		{"429 with Retry-After", mockapi.Fault{Kind: mockapi.RateLimited, RetryAfter: "1"}},
		{"429 with reset", mockapi.Fault{Kind: mockapi.RateLimited, ResetIn: 300 * time.Millisecond}},
		{"429 with past reset", mockapi.Fault{Kind: mockapi.RateLimited, ResetIn: -time.Hour}},
		{"502 with HTML", mockapi.Fault{Kind: mockapi.HTMLError, Status: 502}},
		{"empty 500", mockapi.Fault{Kind: mockapi.EmptyError, Status: 500}},
		{"dropped connection", mockapi.Fault{Kind: mockapi.DropConnection}},
	}
	var cases []accCase
	for _, f := range faults {
		cases = append(cases, accCase{
			name:    f.name,
			prepare: func(api *mockapi.API) { api.InjectFault(mockapi.FirstN(2), f.fault) },
			config:  readMe,
			checks:  memberIs(mockapi.FullMemberID, mockapi.FullMemberEmail),
			requests: func(t *testing.T, api *mockapi.API) {
				// Two faults, then one successful read per Terraform command of the test.
				stats := api.Stats()
				if stats.Faults != 2 || stats.Requests < 3 {
					t.Errorf("stats = %+v, want 2 faults before the successes", stats)
				}
				if wantLimited := f.fault.Kind == mockapi.RateLimited; (stats.RateLimited == 2) != wantLimited {
					t.Errorf("stats = %+v: the mock served %d 429s", stats, stats.RateLimited)
				}
			},
		})
	}
	runAccCases(t, cases)
}

// Bad responses that retrying cannot mend fail with an error that says what was wrong.
func TestAccBadResponsesFailClearly(t *testing.T) {
	always := func(f mockapi.Fault) func(*mockapi.API) {
		return func(api *mockapi.API) { api.InjectFault(mockapi.Always(), f) }
	}
	runAccCases(t, []accCase{
		{name: "truncated JSON", prepare: always(mockapi.Fault{Kind: mockapi.TruncatedJSON}),
			providerArguments: "max_retries = 2", config: readMe,
			wantError: `(?s)Reading LaunchDarkly member "me".*GET /api/v2/members/me \(HTTP 200\) is not the JSON\s+expected`},
		{name: "huge body", prepare: always(mockapi.Fault{Kind: mockapi.HugeBody}),
			providerArguments: "max_retries = 2", config: readMe,
			wantError: `(?s)Reading LaunchDarkly member "me".*larger than 10 MiB`},
		{name: "503 forever", prepare: always(mockapi.Fault{Kind: mockapi.HTMLError, Status: 503}),
			providerArguments: "max_retries = 2", config: readMe,
			wantError: `(?s)Reading LaunchDarkly member "me".*HTTP 503 Service Unavailable.*gave up after 3 attempts`,
			requests: func(t *testing.T, api *mockapi.API) {
				if n := api.RequestCount(); n != 3 {
					t.Errorf("%d requests, want 3: the attempt and two retries", n)
				}
			}},
	})
}
