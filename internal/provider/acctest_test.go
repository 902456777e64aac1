package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// The acceptance tests' shared pieces: the provider as Terraform runs it, a mock API per test, provider
// blocks, the runners every test goes through (in parallel, with a timeout), and whole-object checks of
// the values the seeded mock serves. A data source's test file is its blocks and a table of accCase.

// TestMain keeps a developer's own LaunchDarkly variables out of every test. A test that needs one sets it
// with setenv, which also makes that test run on its own.
//
// It also sets GOGC=400, unless GOGC is set, for the terraform processes the tests start (this process
// read GOGC when it started): about 1,150 short Terraform commands spent a tenth of their CPU collecting
// garbage (189 CPU-s in all with Go's default, 168 with 400, the whole package 134 s → 121 s on 2 cores),
// for at most 170 MB a command.
func TestMain(m *testing.M) {
	for _, name := range []string{envAccessToken, envOAuthToken, envAPIHost, envMaxReadSeconds, envUserSource} {
		_ = os.Unsetenv(name)
	}
	if _, set := os.LookupEnv("GOGC"); !set {
		_ = os.Setenv("GOGC", "400")
	}
	os.Exit(m.Run())
}

// Clocks on either side of the Users API's end of life (2026-12-31): no test depends on today's date.
var (
	beforeRetirement = time.Date(2026, time.June, 1, 12, 0, 0, 0, time.UTC)
	afterRetirement  = time.Date(2027, time.January, 15, 12, 0, 0, 0, time.UTC)
)

// providerFactoriesAt serves the provider to the terraform binary the tests drive, in process, as main.go
// serves it, with its clock stopped at now; every read is also compared with the framework's own read
// path (diffServer).
func providerFactoriesAt(t *testing.T, now time.Time) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"launchdarkly": diffServerFactory(t, withClock(func() time.Time { return now })),
	}
}

// readDiagnostics keeps the diagnostics of every data source read Terraform asked the provider for, one
// entry per read, so that tests can check the warnings Terraform was given.
type readDiagnostics struct {
	mu    sync.Mutex
	reads [][]*tfprotov6.Diagnostic
}

func (r *readDiagnostics) all() [][]*tfprotov6.Diagnostic {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]*tfprotov6.Diagnostic(nil), r.reads...)
}

// recordingServer is the provider's server with every ReadDataSource answer noted in reads.
type recordingServer struct {
	tfprotov6.ProviderServer
	reads *readDiagnostics
}

func (s recordingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		s.reads.mu.Lock()
		s.reads.reads = append(s.reads.reads, resp.Diagnostics)
		s.reads.mu.Unlock()
	}
	return resp, err
}

// recordingFactories are providerFactoriesAt's, noting the diagnostics of every read.
func recordingFactories(t *testing.T, now time.Time) (map[string]func() (tfprotov6.ProviderServer, error), *readDiagnostics) {
	reads := &readDiagnostics{}
	serve := providerFactoriesAt(t, now)["launchdarkly"]
	return map[string]func() (tfprotov6.ProviderServer, error){
		"launchdarkly": func() (tfprotov6.ProviderServer, error) {
			server, err := serve()
			return recordingServer{ProviderServer: server, reads: reads}, err
		},
	}, reads
}

// startMockAPI gives a test its own mock LaunchDarkly API, so that tests running in parallel never see
// each other's requests or changes, and fails the test if the provider called any route the mock does not
// know.
func startMockAPI(t testing.TB) (*mockapi.API, string) {
	t.Helper()
	api := mockapi.New()
	server := httptest.NewServer(api)
	t.Cleanup(func() {
		server.Close()
		for _, req := range api.Unexpected() {
			t.Errorf("unexpected request to the mock API: %s %s?%s", req.Method, req.EscapedPath, req.Query.Encode())
		}
	})
	return api, server.URL
}

// providerBlock is the one way tests write a provider block: each argument a line, empty ones left out.
func providerBlock(arguments ...string) string {
	var lines []string
	for _, a := range arguments {
		if a != "" {
			lines = append(lines, "  "+a+"\n")
		}
	}
	return "\nprovider \"launchdarkly\" {\n" + strings.Join(lines, "") + "}\n"
}

// providerAt is the provider block for the API at apiURL (a mock, or a server of the test's own),
// authenticating with token, with more arguments.
func providerAt(apiURL, token string, arguments ...string) string {
	return providerBlock(append([]string{fmt.Sprintf("access_token = %q", token), fmt.Sprintf("api_host = %q", apiURL)},
		arguments...)...)
}

// readMe reads the token's own member, the smallest read there is.
const readMe = `
data "launchdarkly_member" "test" {
  id = "me"
}
`

// accTestTimeout bounds each acceptance test from its first Terraform command, so that a read that hangs
// fails the run naming its test instead of waiting for go test's own timeout. The slowest test (2,500
// members, three pages a read) takes about 20 s on its own, and 80 s with the race detector among the
// other parallel tests on a loaded 2-core machine.
const accTestTimeout = 5 * time.Minute

// serialTests holds the tests that changed the process environment: t.Setenv and t.Parallel exclude each
// other, and the provider reads the environment, so such a test runs on its own.
var serialTests sync.Map

// setenv sets an environment variable for the rest of t, and makes t's acceptance test serial.
func setenv(t *testing.T, name, value string) {
	t.Helper()
	serialTests.Store(t, true)
	t.Cleanup(func() { serialTests.Delete(t) })
	t.Setenv(name, value)
}

// accTest runs one acceptance test in parallel with the others (serially after setenv), with the
// provider served by providerFactoriesAt before the Users API's retirement unless tc names other
// factories, and fails the run when it takes longer than accTestTimeout.
func accTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	if tc.ProtoV6ProviderFactories == nil {
		tc.ProtoV6ProviderFactories = providerFactoriesAt(t, beforeRetirement)
	}
	tc.Steps = withTimeout(t, tc.Steps)
	if _, serial := serialTests.Load(t); serial {
		resource.Test(t, tc)
		return
	}
	resource.ParallelTest(t, tc)
}

// withTimeout starts the test's clock when its first step begins, after any wait for a parallel slot, and
// panics, which ends the test binary with every goroutine's stack, when the test outlives accTestTimeout.
func withTimeout(t *testing.T, steps []resource.TestStep) []resource.TestStep {
	if len(steps) == 0 {
		return steps
	}
	steps = slices.Clone(steps)
	var timer *time.Timer
	preConfig := steps[0].PreConfig
	steps[0].PreConfig = func() {
		name := t.Name()
		timer = time.AfterFunc(accTestTimeout, func() {
			panic(fmt.Sprintf("%s has run for %s: a Terraform command or a read hangs", name, accTestTimeout))
		})
		if preConfig != nil {
			preConfig()
		}
	}
	t.Cleanup(func() {
		if timer != nil {
			timer.Stop()
		}
	})
	return steps
}

// expectApplied applies config and checks the state Terraform ends up with.
func expectApplied(t *testing.T, config string, checks ...statecheck.StateCheck) {
	t.Helper()
	accTest(t, resource.TestCase{Steps: []resource.TestStep{{Config: config, ConfigStateChecks: checks}}})
}

// expectState plans config and checks the values Terraform would store: the data sources it read while
// planning and the outputs it planned, which an apply writes to the state unchanged. It costs 7 to 9
// Terraform commands where an apply costs 12; every test function's batched cases still apply. A number
// beyond float64's precision would fail its check here (the plan's JSON is decoded as float64), never
// pass one by mistake.
func expectState(t *testing.T, config string, checks ...statecheck.StateCheck) {
	t.Helper()
	accTest(t, resource.TestCase{Steps: []resource.TestStep{{Config: config, PlanOnly: true,
		// A plan of new outputs is not empty; one of data sources only is.
		ExpectNonEmptyPlan: outputBlock.MatchString(config),
		ConfigPlanChecks:   resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plannedState(checks)}}}}})
}

// plannedState runs state checks on what a plan read and planned (expectState).
type plannedState []statecheck.StateCheck

func (checks plannedState) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	values := tfjson.StateValues{Outputs: map[string]*tfjson.StateOutput{}, RootModule: &tfjson.StateModule{}}
	if prior := req.Plan.PriorState; prior != nil && prior.Values != nil && prior.Values.RootModule != nil {
		values.RootModule.Resources = prior.Values.RootModule.Resources
	}
	if planned := req.Plan.PlannedValues; planned != nil && planned.Outputs != nil {
		values.Outputs = planned.Outputs
	}
	// The plan's numbers were decoded as float64, the state's are json.Number, which the checks expect.
	encoded, err := json.Marshal(map[string]any{"format_version": "1.0", "values": values})
	if err != nil {
		resp.Error = err
		return
	}
	var state tfjson.State
	state.UseJSONNumber(true)
	if resp.Error = state.UnmarshalJSON(encoded); resp.Error != nil {
		return
	}
	var errs []error
	for _, check := range checks {
		var checkResp statecheck.CheckStateResponse
		check.CheckState(ctx, statecheck.CheckStateRequest{State: &state}, &checkResp)
		if checkResp.Error != nil {
			errs = append(errs, checkResp.Error)
		}
	}
	resp.Error = errors.Join(errs...)
}

// expectError applies config and checks that Terraform fails with an error matching want.
func expectError(t *testing.T, config string, want *regexp.Regexp) {
	t.Helper()
	accTest(t, resource.TestCase{Steps: []resource.TestStep{{Config: config, ExpectError: want}}})
}

// accCase is one acceptance test of a table: a mock changed by prepare, a provider block for it, config
// after it, and either the state Terraform must end up with or the error it must show.
type accCase struct {
	name string
	// prepare changes the test's own mock before Terraform runs; nil leaves the seeded data as it is.
	prepare func(api *mockapi.API)
	// token authenticates to the mock; empty means mockapi.DefaultToken.
	token string
	// providerArguments are added to the provider block, one per line.
	providerArguments string
	// config is what follows the provider block: data sources and outputs.
	config string
	// checks are checked on the state after apply; none, with no wantError, means only that apply succeeds.
	checks []statecheck.StateCheck
	// wantError, when set, is a pattern Terraform's error must match.
	wantError string
	// requests, when set, checks what the mock received once Terraform is done.
	requests func(t *testing.T, api *mockapi.API)
	// refused, with wantError, is a configuration refused at plan time: the mock must see no request.
	// (A case that succeeds without a request says so with requests: noRequests.)
	refused bool
	// env is set in the process environment for the case, which then runs serially (see setenv).
	env map[string]string
}

// runAccCases runs a table of cases, in parallel with the other tests unless a case sets the environment.
// A Terraform command costs a hundred times a read, and each test runs 4 to 12 of them, so the
// cases that need nothing of their own (no prepare, env, token, provider arguments or requests check)
// share Terraform runs against one seeded mock, their data sources and outputs renamed with a prefix of
// each case's own (batch): the ones that check the state one apply, the ones that expect an error one
// plan, which reports every failing read, and the ones refused at plan time another, since a refused
// argument stops the plan before any read. The others run one Terraform run each.
func runAccCases(t *testing.T, cases []accCase) {
	t.Helper()
	if !slices.ContainsFunc(cases, func(tc accCase) bool { return len(tc.env) > 0 }) {
		t.Parallel()
	}
	var succeeding, failing, refused []accCase
	for _, tc := range cases {
		switch {
		case !batchable(tc):
			t.Run(tc.name, func(t *testing.T) { runAlone(t, tc) })
		case tc.refused && tc.wantError != "":
			refused = append(refused, tc)
		case tc.wantError != "":
			failing = append(failing, tc)
		default:
			succeeding = append(succeeding, tc)
		}
	}
	if len(succeeding) > 0 {
		t.Run("batched", func(t *testing.T) { runBatched(t, succeeding) })
	}
	if len(failing) > 0 {
		t.Run("batched errors", func(t *testing.T) { runBatchedErrors(t, failing) })
	}
	if len(refused) > 0 {
		t.Run("batched refusals", func(t *testing.T) { runBatchedErrors(t, refused) })
	}
}

// runAlone runs one case in a Terraform run of its own.
func runAlone(t *testing.T, tc accCase) {
	for name, value := range tc.env {
		setenv(t, name, value)
	}
	api, apiURL := startMockAPI(t)
	if tc.prepare != nil {
		tc.prepare(api)
	}
	config := providerAt(apiURL, tc.tokenOrDefault(), tc.providerArguments) + tc.config
	if tc.wantError != "" {
		expectError(t, config, regexp.MustCompile(tc.wantError))
	} else {
		expectState(t, config, tc.checks...)
	}
	tc.checkRequests(t, api)
}

func (tc accCase) tokenOrDefault() string {
	if tc.token == "" {
		return mockapi.DefaultToken
	}
	return tc.token
}

// checkRequests checks what the case's mock received once Terraform is done.
func (tc accCase) checkRequests(t *testing.T, api *mockapi.API) {
	t.Helper()
	if tc.refused {
		noRequests(t, api)
	}
	if tc.requests != nil {
		tc.requests(t, api)
	}
}

// batchable is a case that can share a Terraform run and a mock with others: nothing of its own but its
// checks or expected error (or that it is refused before any request), and a configuration of data
// sources and outputs only, which batch can rename.
//
// Provider aliases cannot give each case a mock of its own: Terraform reaches the provider the tests serve
// in-process through one server, whatever the alias, so every alias would read with the last one
// configured.
func batchable(tc accCase) bool {
	if tc.prepare != nil || tc.env != nil || tc.token != "" || tc.providerArguments != "" || tc.requests != nil {
		return false
	}
	for _, m := range topLevelBlock.FindAllStringSubmatch(tc.config, -1) {
		if m[1] != "data" && m[1] != "output" {
			return false
		}
	}
	return true
}

var (
	topLevelBlock = regexp.MustCompile(`(?m)^([a-z_]+)\b`)
	dataBlock     = regexp.MustCompile(`\bdata "([a-z0-9_]+)" "([^"]+)"`)
	dataReference = regexp.MustCompile(`\bdata\.([a-z0-9_]+)\.([A-Za-z0-9_-]+)`)
	outputBlock   = regexp.MustCompile(`\boutput "([^"]+)"`)
)

// batch starts the cases' mock and returns it with one configuration of every case, each case's data
// sources and outputs renamed with the prefix batchPrefix(i).
func batch(t *testing.T, cases []accCase) (*mockapi.API, string) {
	api, apiURL := startMockAPI(t)
	config := providerAt(apiURL, mockapi.DefaultToken)
	for i, tc := range cases {
		prefix := batchPrefix(i)
		renamed := dataBlock.ReplaceAllString(tc.config, `data "$1" "`+prefix+`$2"`)
		renamed = dataReference.ReplaceAllString(renamed, `data.$1.`+prefix+`$2`)
		config += outputBlock.ReplaceAllString(renamed, `output "`+prefix+`$1"`)
	}
	return api, config
}

func batchPrefix(i int) string { return fmt.Sprintf("case%d_", i) }

// runBatched applies the cases together and checks each case's state as if its configuration had been
// alone (prefixedCheck).
func runBatched(t *testing.T, cases []accCase) {
	_, config := batch(t, cases)
	var checks []statecheck.StateCheck
	for i, tc := range cases {
		for _, check := range tc.checks {
			checks = append(checks, prefixedCheck{name: tc.name, prefix: batchPrefix(i), check: check})
		}
	}
	expectApplied(t, config, checks...)
}

var (
	// diagnosticStart begins each of Terraform's diagnostics in its error output.
	diagnosticStart = regexp.MustCompile(`(?m)^(?:Error|Warning): `)
	// diagnosticCase is the batched case a diagnostic is about: the renamed data source or output it names.
	diagnosticCase = regexp.MustCompile(`(?:\bdata\.[a-z0-9_]+\.|\b(?:data "[a-z0-9_]+"|output) ")case(\d+)_`)
)

// runBatchedErrors plans the cases together, which must fail, and checks each case's pattern against the
// diagnostics that name that case's data sources or outputs, so one case's error never passes for
// another's. When the cases are refused at plan time, the mock must see no request.
func runBatchedErrors(t *testing.T, cases []accCase) {
	api, config := batch(t, cases)
	var output string
	accTest(t, resource.TestCase{
		ErrorCheck: func(err error) error {
			output = err.Error()
			return nil
		},
		Steps: []resource.TestStep{{Config: config}},
	})
	if output == "" {
		t.Fatalf("Terraform applied the configuration of %d cases that each expect an error", len(cases))
	}
	diagnostics := map[int][]string{}
	starts := diagnosticStart.FindAllStringIndex(output, -1)
	for k, start := range starts {
		end := len(output)
		if k+1 < len(starts) {
			end = starts[k+1][0]
		}
		diagnostic := output[start[0]:end]
		if m := diagnosticCase.FindStringSubmatch(diagnostic); m != nil {
			i, _ := strconv.Atoi(m[1])
			diagnostics[i] = append(diagnostics[i], diagnostic)
		}
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			own := strings.Join(diagnostics[i], "\n")
			if !regexp.MustCompile(tc.wantError).MatchString(own) {
				t.Errorf("no error about this case (its names start with %s) matches %s.\nIts diagnostics:\n%s\n\nTerraform's whole output:\n%s",
					batchPrefix(i), tc.wantError, own, output)
			}
			tc.checkRequests(t, api)
		})
	}
}

// prefixedCheck runs a state check of one batched case against that case's part of the state: its data
// sources and outputs, under the names its configuration gave them.
type prefixedCheck struct {
	name, prefix string
	check        statecheck.StateCheck
}

func (c prefixedCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	state := &tfjson.State{Values: &tfjson.StateValues{Outputs: map[string]*tfjson.StateOutput{},
		RootModule: &tfjson.StateModule{}}}
	if req.State != nil && req.State.Values != nil {
		state.FormatVersion, state.TerraformVersion = req.State.FormatVersion, req.State.TerraformVersion
		for name, output := range req.State.Values.Outputs {
			if local, ok := strings.CutPrefix(name, c.prefix); ok {
				state.Values.Outputs[local] = output
			}
		}
		if req.State.Values.RootModule != nil {
			for _, r := range req.State.Values.RootModule.Resources {
				if local, ok := strings.CutPrefix(r.Name, c.prefix); ok {
					renamed := *r
					renamed.Name, renamed.Address = local, strings.TrimSuffix(r.Address, r.Name)+local
					state.Values.RootModule.Resources = append(state.Values.RootModule.Resources, &renamed)
				}
			}
		}
	}
	c.check.CheckState(ctx, statecheck.CheckStateRequest{State: state}, resp)
	if resp.Error != nil {
		resp.Error = fmt.Errorf("%s: %w", c.name, resp.Error)
	}
}

// noRequests fails the test if the mock received any request: invalid input is refused before any.
func noRequests(t *testing.T, api *mockapi.API) {
	t.Helper()
	if n := api.RequestCount(); n != 0 {
		t.Errorf("the mock API saw %d requests; this configuration must be refused before any", n)
	}
}

// requestsTo counts the requests the mock received whose path starts with prefix.
func requestsTo(api *mockapi.API, prefix string) int {
	n := 0
	for _, req := range api.Requests() {
		if strings.HasPrefix(req.EscapedPath, prefix) {
			n++
		}
	}
	return n
}

// anyWrap is a pattern for text that Terraform may wrap at any space.
func anyWrap(text string) string {
	return strings.Join(strings.Fields(regexp.QuoteMeta(text)), `\s+`)
}

// words is a pattern for the phrases in order, anything between them, each phrase wrapped at any space.
func words(phrases ...string) string {
	parts := make([]string, len(phrases))
	for i, phrase := range phrases {
		parts[i] = anyWrap(phrase)
	}
	return `(?s)` + strings.Join(parts, ".*")
}

// Whole-object checks of the seeded data.

func stringList(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}

func typedLink(href, mediaType string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"href": knownvalue.StringExact(href),
		"type": knownvalue.StringExact(mediaType),
	})
}

func link(href string) knownvalue.Check {
	return typedLink(href, "application/json")
}

// fullMember is every attribute of the seeded member that has every field, as the mock serves it.
func fullMember() knownvalue.Check {
	id, email := mockapi.FullMemberID, mockapi.FullMemberEmail
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":                          knownvalue.StringExact(id),
		"email":                       knownvalue.StringExact(email),
		"first_name":                  knownvalue.StringExact("Ariel"),
		"last_name":                   knownvalue.StringExact("Flores"),
		"role":                        knownvalue.StringExact("admin"),
		"pending_email":               knownvalue.StringExact("ariel.flores@acme-labs.example"),
		"mfa":                         knownvalue.StringExact("enabled"),
		"pending_invite":              knownvalue.Bool(false),
		"verified":                    knownvalue.Bool(true),
		"mfa_enforced":                knownvalue.Bool(true),
		"has_password":                knownvalue.Bool(true),
		"last_seen":                   knownvalue.Int64Exact(1785398400123),
		"creation_date":               knownvalue.Int64Exact(1628001602644),
		"mfa_grace_period_expires_at": knownvalue.Int64Exact(1788220800000),
		"version":                     knownvalue.Int64Exact(3),
		"custom_roles":                stringList(mockapi.DevOpsRoleID, mockapi.BackendDevsRoleID),
		"excluded_dashboards":         stringList("experiments", "insights"),
		"oauth_providers":             stringList("google"),
		"custom_roles_info": knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": knownvalue.StringExact(mockapi.DevOpsRoleID), "key": knownvalue.StringExact("devops"),
				"name": knownvalue.StringExact("DevOps"),
			}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": knownvalue.StringExact(mockapi.BackendDevsRoleID), "key": knownvalue.StringExact("backend-devs"),
				"name": knownvalue.StringExact("Backend developers"),
			}),
		}),
		"role_attributes": knownvalue.MapExact(map[string]knownvalue.Check{
			"projectKeys":     stringList("web", "mobile"),
			"environmentKeys": stringList("production"),
		}),
		"last_seen_metadata": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"token_id": knownvalue.StringExact("6511d0c3a8e4f20013b7d001"),
		}),
		"integration_metadata": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"external_id":  knownvalue.StringExact("00u4arf1ore5x7K2d697"),
			"external_url": knownvalue.StringExact("https://acme.okta.example/admin/user/profile/view/00u4arf1ore5x7K2d697"),
			"last_checked": knownvalue.Int64Exact(1785312000000),
			"external_status": knownvalue.ObjectExact(map[string]knownvalue.Check{
				"display": knownvalue.StringExact("Active"),
				"value":   knownvalue.StringExact("active"),
			}),
		}),
		"teams": knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"key":              knownvalue.StringExact("platform"),
				"name":             knownvalue.StringExact("Platform Team"),
				"custom_role_keys": stringList("devops"),
				"links":            knownvalue.MapExact(map[string]knownvalue.Check{"self": link("/api/v2/teams/platform")}),
			}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"key":              knownvalue.StringExact("qa-team"),
				"name":             knownvalue.StringExact("QA Team"),
				"custom_role_keys": stringList("access-to-test-projects", "backend-devs"),
				"links":            knownvalue.MapExact(map[string]knownvalue.Check{"self": link("/api/v2/teams/qa-team")}),
			}),
		}),
		"permission_grants": knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"resource":   knownvalue.StringExact("team/qa-team"),
				"action_set": knownvalue.StringExact("maintainTeam"),
				"actions":    knownvalue.Null(),
			}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"resource":   knownvalue.StringExact("team/platform"),
				"action_set": knownvalue.Null(),
				"actions":    stringList("updateTeamMembers", "updateTeamName"),
			}),
		}),
		"links": knownvalue.MapExact(map[string]knownvalue.Check{"self": link("/api/v2/members/" + id)}),
	})
}

// minimalMember is the seeded member that has only the fields the API always sends: everything else null.
func minimalMember() knownvalue.Check {
	id, null := mockapi.MinimalMemberID, knownvalue.Null()
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":             knownvalue.StringExact(id),
		"email":          knownvalue.StringExact("kim.nguyen@acme.example"),
		"role":           knownvalue.StringExact("reader"),
		"mfa":            knownvalue.StringExact("disabled"),
		"pending_invite": knownvalue.Bool(false),
		"verified":       knownvalue.Bool(true),
		"last_seen":      knownvalue.Int64Exact(0),
		"creation_date":  knownvalue.Int64Exact(1630939209870),
		"custom_roles":   knownvalue.ListSizeExact(0),
		"links":          knownvalue.MapExact(map[string]knownvalue.Check{"self": link("/api/v2/members/" + id)}),
		"first_name":     null, "last_name": null, "pending_email": null, "mfa_enforced": null, "has_password": null,
		"mfa_grace_period_expires_at": null, "version": null, "excluded_dashboards": null, "oauth_providers": null,
		"custom_roles_info": null, "role_attributes": null, "last_seen_metadata": null,
		"integration_metadata": null, "teams": null, "permission_grants": null,
	})
}

// seededUser is the user object of the seeded full user record: secondary comes only from the Users API.
func seededUser(secondary knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"key":           knownvalue.StringExact(mockapi.FullUserKey),
		"secondary":     secondary,
		"ip":            knownvalue.StringExact("10.10.10.10"),
		"country":       knownvalue.StringExact("United States"),
		"email":         knownvalue.StringExact("sandy@example.com"),
		"first_name":    knownvalue.StringExact("Sandy"),
		"last_name":     knownvalue.StringExact("Smith"),
		"avatar":        knownvalue.StringExact("http://example.com/avatar.png"),
		"name":          knownvalue.StringExact("Sandy Smith"),
		"anonymous":     knownvalue.Bool(false),
		"private_attrs": stringList("email"),
		"custom": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"plan":   knownvalue.StringExact("enterprise"),
			"seats":  knownvalue.Int64Exact(42),
			"beta":   knownvalue.Bool(true),
			"groups": stringList("admins", "ops"),
			"address": knownvalue.ObjectExact(map[string]knownvalue.Check{
				"city":  knownvalue.StringExact("Oakland"),
				"zip":   knownvalue.StringExact("94612"),
				"floor": knownvalue.Int64Exact(3),
			}),
		}),
	})
}

// seededAccess is the _access of the seeded full user and its contexts.
func seededAccess() knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"allowed": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"action": knownvalue.StringExact("viewProject"),
			"reason": knownvalue.ObjectExact(map[string]knownvalue.Check{
				"effect":        knownvalue.StringExact("allow"),
				"resources":     stringList("proj/web-app"),
				"not_resources": knownvalue.Null(),
				"actions":       stringList("viewProject"),
				"not_actions":   knownvalue.Null(),
				"role_name":     knownvalue.StringExact("reader"),
			}),
		})}),
		"denied": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"action": knownvalue.StringExact("updateTargets"),
			"reason": knownvalue.ObjectExact(map[string]knownvalue.Check{
				"effect":        knownvalue.StringExact("deny"),
				"resources":     knownvalue.Null(),
				"not_resources": stringList("proj/web-app:env/test"),
				"actions":       knownvalue.Null(),
				"not_actions":   stringList("viewProject"),
				"role_name":     knownvalue.StringExact("devops"),
			}),
		})}),
	})
}

// platformTeam is every attribute of the seeded team that has every field, as both team data sources hold
// it; launchdarkly_team adds member_emails_by_id and projects (more).
func platformTeam(more map[string]knownvalue.Check) knownvalue.Check {
	checks := map[string]knownvalue.Check{
		"key":              knownvalue.StringExact(mockapi.PlatformTeamKey),
		"name":             knownvalue.StringExact("Platform Team"),
		"description":      knownvalue.StringExact("Runs the shared platform"),
		"creation_date":    knownvalue.Int64Exact(1680000000000),
		"last_modified":    knownvalue.Int64Exact(1690000000000),
		"version":          knownvalue.Int64Exact(4),
		"idp_synced":       knownvalue.Bool(false),
		"role_attributes":  knownvalue.MapExact(map[string]knownvalue.Check{"projectKeys": stringList(mockapi.UserProject)}),
		"custom_role_keys": stringList("devops"),
		"maintainer_ids":   stringList(mockapi.OwnerMemberID),
		"member_ids":       stringList(mockapi.FullMemberID),
		"links": knownvalue.MapExact(map[string]knownvalue.Check{
			"parent": link("/api/v2/teams"),
			"roles":  link("/api/v2/teams/platform/roles"),
			"self":   link("/api/v2/teams/platform"),
		}),
		"access": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"allowed": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
				"action": knownvalue.StringExact("updateTeamMembers"),
				"reason": knownvalue.ObjectExact(map[string]knownvalue.Check{
					"effect":        knownvalue.StringExact("allow"),
					"resources":     stringList("team/platform"),
					"not_resources": knownvalue.Null(),
					"actions":       stringList("updateTeamMembers"),
					"not_actions":   knownvalue.Null(),
					"role_name":     knownvalue.StringExact("admin"),
				}),
			})}),
			"denied": knownvalue.ListSizeExact(0),
		}),
	}
	for name, check := range more {
		checks[name] = check
	}
	return knownvalue.ObjectExact(checks)
}
