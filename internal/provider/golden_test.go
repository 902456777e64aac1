package provider

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// The golden tests pin the exact text of what the provider tells Terraform when a read or a validation
// fails or warns: summary, detail, attribute path, for the reads below and the validations of
// TestGoldenValidation. Acceptance tests match errors with patterns; these files are the only place their
// whole text is pinned. (States are checked attribute by attribute by the acceptance tests.)
//
// Regenerate after an intended change with: go test ./internal/provider -run TestGolden -update

var updateGolden = flag.Bool("update", false, "rewrite the golden files of TestGolden* from the current code")

// goldenRead is one data source read: the provider's arguments, its clock, and the data source's
// configuration (attributes left out are null).
type goldenRead struct {
	name     string
	typeName string
	provider map[string]tftypes.Value
	now      time.Time
	config   map[string]tftypes.Value
	setup    func(api *mockapi.API)
}

func tfString(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func tfBool(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }

func tfStringSet(values ...string) tftypes.Value {
	elems := make([]tftypes.Value, len(values))
	for i, v := range values {
		elems[i] = tfString(v)
	}
	return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, elems)
}

func tfUnknownString() tftypes.Value { return tftypes.NewValue(tftypes.String, tftypes.UnknownValue) }

// goldenReads are reads of every data source, of every kind of answer: each is pinned here when it has
// diagnostics, and compared across the two read paths by TestReadPathsAgree.
func goldenReads() []goldenRead {
	contexts := map[string]tftypes.Value{"user_source": tfString("contexts_api")}
	user := func(key string) map[string]tftypes.Value {
		return map[string]tftypes.Value{"project_key": tfString(mockapi.UserProject),
			"environment_key": tfString(mockapi.UserEnvironment), "user_key": tfString(key)}
	}
	return []goldenRead{
		{name: "member-full", typeName: "launchdarkly_member",
			config: map[string]tftypes.Value{"id": tfString(mockapi.FullMemberID)}},
		{name: "member-me", typeName: "launchdarkly_member",
			config: map[string]tftypes.Value{"id": tfString("me")}},
		{name: "member-upper-case-id", typeName: "launchdarkly_member",
			config: map[string]tftypes.Value{"id": tfString(strings.ToUpper(mockapi.ExternalMemberID))}},
		{name: "member-minimal", typeName: "launchdarkly_member",
			config: map[string]tftypes.Value{"id": tfString(mockapi.MinimalMemberID)}},
		{name: "member-pending", typeName: "launchdarkly_member",
			config: map[string]tftypes.Value{"id": tfString(mockapi.PendingMemberID)}},
		{name: "member-by-email", typeName: "launchdarkly_member",
			config: map[string]tftypes.Value{"email": tfString(mockapi.CaseLookupEmail)}},
		{name: "member-not-found", typeName: "launchdarkly_member",
			config: map[string]tftypes.Value{"id": tfString("0123456789abcdef01234567")}},
		{name: "member-email-not-found", typeName: "launchdarkly_member",
			config: map[string]tftypes.Value{"email": tfString("nobody@acme.example")}},
		{name: "user-full", typeName: "launchdarkly_user", config: user(mockapi.FullUserKey)},
		{name: "user-anonymous", typeName: "launchdarkly_user", config: user(mockapi.AnonymousUserKey)},
		{name: "user-odd-key", typeName: "launchdarkly_user", config: user(mockapi.OddUserKeys[0])},
		{name: "user-from-contexts-api", typeName: "launchdarkly_user", provider: contexts,
			config: user(mockapi.FullUserKey)},
		{name: "user-pre-release-context", typeName: "launchdarkly_user", provider: contexts,
			config: user(mockapi.PreReleaseUserKey)},
		{name: "user-fallback-warning", typeName: "launchdarkly_user", config: user(mockapi.ContextOnlyUserKey)},
		{name: "user-after-retirement", typeName: "launchdarkly_user", now: afterRetirement,
			config: user(mockapi.FullUserKey)},
		{name: "user-neither-api", typeName: "launchdarkly_user", config: user("nobody-anywhere")},
		{name: "context-organization", typeName: "launchdarkly_context", config: map[string]tftypes.Value{
			"project_key": tfString(mockapi.UserProject), "environment_key": tfString(mockapi.UserEnvironment),
			"kind": tfString("organization"), "key": tfString(mockapi.OrganizationKey)}},
		{name: "context-bare-device", typeName: "launchdarkly_context", config: map[string]tftypes.Value{
			"project_key": tfString(mockapi.UserProject), "environment_key": tfString(mockapi.UserEnvironment),
			"kind": tfString("device"), "key": tfString(mockapi.BareDeviceKey)}},
		{name: "context-application-version", typeName: "launchdarkly_context", config: map[string]tftypes.Value{
			"project_key": tfString(mockapi.UserProject), "environment_key": tfString(mockapi.UserEnvironment),
			"kind": tfString("user"), "key": tfString(mockapi.ManyVersionsKey), "application_id": tfString("App/07")}},
		{name: "context-unknown-application", typeName: "launchdarkly_context", config: map[string]tftypes.Value{
			"project_key": tfString(mockapi.UserProject), "environment_key": tfString(mockapi.UserEnvironment),
			"kind": tfString("user"), "key": tfString(mockapi.ManyVersionsKey), "application_id": tfString("App/99")}},
		{name: "members-all", typeName: "launchdarkly_members", config: map[string]tftypes.Value{}},
		{name: "members-by-email-sorted", typeName: "launchdarkly_members", config: map[string]tftypes.Value{
			"emails": tfStringSet(mockapi.CaseLookupEmail, mockapi.FullMemberEmail, mockapi.PlusMemberEmail),
			"sort":   tfString("displayName"), "ignore_missing": tfBool(false)}},
		{name: "members-missing-id", typeName: "launchdarkly_members", config: map[string]tftypes.Value{
			"ids": tfStringSet(mockapi.FullMemberID, "0123456789abcdef01234567")}},
		{name: "members-3000", typeName: "launchdarkly_members", config: map[string]tftypes.Value{},
			setup: func(api *mockapi.API) { api.AddGeneratedMembers(3000 - mockapi.SeedMemberCount) }},
		{name: "caller-identity", typeName: "launchdarkly_caller_identity", config: map[string]tftypes.Value{}},
	}
}

func TestGoldenReads(t *testing.T) {
	for _, r := range goldenReads() {
		// Each read twice: with the provider's logs, as the tests run it, and without, as main runs it
		// when Terraform is not logging.
		for _, logs := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/logs=%t", r.name, logs), func(t *testing.T) {
				goldenReadOnce(t, r, logs)
			})
		}
	}
}

func goldenReadOnce(t *testing.T, r goldenRead, logs bool) {
	t.Helper()
	api := mockapi.New()
	if r.setup != nil {
		r.setup(api)
	}
	srv := httptest.NewServer(api)
	defer srv.Close()
	now := r.now
	if now.IsZero() {
		now = beforeRetirement
	}
	server, _ := configuredServer(t, srv.URL, now, r.provider, logs)
	typ := dataSourceType(t, r.typeName)
	resp, err := server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: r.typeName,
		Config:   protoValue(t, typ, configObject(t, typ, r.config)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) == 0 {
		if _, err := os.Stat(goldenFile(r.name)); err == nil && !*updateGolden {
			t.Errorf("%s pins diagnostics, and the read had none", goldenFile(r.name))
		}
		return
	}
	compareGolden(t, r.name, strings.Join(renderedDiagnostics(resp.Diagnostics), ""))
}

// TestGoldenValidation pins the diagnostics of validating configurations, the plan-time refusals.
func TestGoldenValidation(t *testing.T) {
	cases := []struct {
		name     string
		typeName string
		config   map[string]tftypes.Value
	}{
		{"member-id-and-email", "launchdarkly_member", map[string]tftypes.Value{
			"id": tfString(mockapi.FullMemberID), "email": tfString(mockapi.FullMemberEmail)}},
		{"member-neither", "launchdarkly_member", map[string]tftypes.Value{}},
		{"member-id-unknown", "launchdarkly_member", map[string]tftypes.Value{"id": tfUnknownString()}},
		{"member-id-unknown-and-email", "launchdarkly_member", map[string]tftypes.Value{
			"id": tfUnknownString(), "email": tfString(mockapi.FullMemberEmail)}},
		{"member-bad-id", "launchdarkly_member", map[string]tftypes.Value{"id": tfString("not-an-id")}},
		{"member-bad-email", "launchdarkly_member", map[string]tftypes.Value{"email": tfString("a b@c")}},
		{"member-bad-id-and-email", "launchdarkly_member", map[string]tftypes.Value{
			"id": tfString("x"), "email": tfString("y")}},
		{"member-id", "launchdarkly_member", map[string]tftypes.Value{"id": tfString("me")}},
		{"user-empty-keys", "launchdarkly_user", map[string]tftypes.Value{"project_key": tfString(""),
			"environment_key": tfString(""), "user_key": tfString("")}},
		{"context-bad-kind", "launchdarkly_context", map[string]tftypes.Value{"project_key": tfString("p"),
			"environment_key": tfString("e"), "kind": tfString("multi"), "key": tfString("k"),
			"application_id": tfString("")}},
		{"members-conflicts", "launchdarkly_members", map[string]tftypes.Value{
			"no_team": tfBool(true), "team_key": tfString("qa"), "last_seen_never": tfBool(true),
			"last_seen_before": tfString("yesterday"), "emails": tfStringSet("a b"), "ids": tfStringSet("x"),
			"sort": tfString("name")}},
	}
	server, schemas := configuredServer(t, "", beforeRetirement, nil, true)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			typ := schemas.DataSourceSchemas[c.typeName].ValueType()
			resp, err := server.ValidateDataResourceConfig(context.Background(), &tfprotov6.ValidateDataResourceConfigRequest{
				TypeName: c.typeName,
				Config:   protoValue(t, typ, configObject(t, typ, c.config)),
			})
			if err != nil {
				t.Fatal(err)
			}
			// The framework runs attribute validators concurrently: their order is not part of the contract.
			diags := renderedDiagnostics(resp.Diagnostics)
			slices.Sort(diags)
			if len(diags) == 0 {
				diags = []string{"no diagnostics\n"}
			}
			out := strings.Join(diags, "")
			compareGolden(t, "validate-"+c.name, out)
		})
	}
}

// configuredServer is the provider's server with its clock at now, configured for the mock at apiURL
// (not configured when apiURL is empty, as Terraform validates before it configures), with or without
// its logs.
func configuredServer(t testing.TB, apiURL string, now time.Time, arguments map[string]tftypes.Value, logs bool) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	options := []Option{withClock(func() time.Time { return now })}
	if !logs {
		options = append(options, WithoutLogs())
	}
	server, err := NewServer("test", options...)()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	if apiURL != "" {
		configure(t, server, apiURL, arguments)
	}
	return server, schemas
}

// configure configures server for the mock at apiURL with the mock's token and more arguments.
func configure(t testing.TB, server tfprotov6.ProviderServer, apiURL string, arguments map[string]tftypes.Value) {
	t.Helper()
	config := map[string]tftypes.Value{"access_token": tfString(mockapi.DefaultToken), "api_host": tfString(apiURL)}
	for name, v := range arguments {
		config[name] = v
	}
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.Provider.ValueType()
	resp, err := server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4",
		Config:           protoValue(t, typ, configObject(t, typ, config)),
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
}

// configObject is the object of type typ with the given attributes, every other one null.
func configObject(t testing.TB, typ tftypes.Type, attributes map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	object, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object type", typ)
	}
	values := map[string]tftypes.Value{}
	for name, attrType := range object.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
	}
	for name, v := range attributes {
		if _, ok := object.AttributeTypes[name]; !ok {
			t.Fatalf("no attribute %q", name)
		}
		values[name] = v
	}
	return tftypes.NewValue(typ, values)
}

func protoValue(t testing.TB, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func renderedDiagnostics(diags []*tfprotov6.Diagnostic) []string {
	rendered := make([]string, len(diags))
	for i, d := range diags {
		var b strings.Builder
		fmt.Fprintf(&b, "diagnostic %s\n  summary: %s\n", d.Severity, d.Summary)
		if d.Attribute != nil {
			fmt.Fprintf(&b, "  attribute: %s\n", d.Attribute)
		}
		for _, line := range strings.Split(d.Detail, "\n") {
			fmt.Fprintf(&b, "  | %s\n", line)
		}
		rendered[i] = b.String()
	}
	return rendered
}

func goldenFile(name string) string { return filepath.Join("testdata", "golden", name+".txt") }

func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	file := goldenFile(name)
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil { //nolint:gosec // a test fixture, read by anyone
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gotLines), len(wantLines)) {
			g, w := "", ""
			if i < len(gotLines) {
				g = gotLines[i]
			}
			if i < len(wantLines) {
				w = wantLines[i]
			}
			if g != w {
				t.Fatalf("%s differs from the golden file at line %d:\n got %s\nwant %s", file, i+1, g, w)
			}
		}
	}
}
