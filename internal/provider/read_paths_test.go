package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The protocol-level ReadDataSource (server.go) replaces the framework's for reads. These tests hold the
// two equal, and fail the day the reasons it may skip parts of the framework's stop holding.

// checkedFrameworkVersion is the terraform-plugin-framework whose ReadDataSource server.go was compared
// with. Another version may handle a read's state differently: re-read fwserver.ReadDataSource,
// proto6server.ReadDataSource and toproto6, update the list at the top of server.go, then this constant.
const checkedFrameworkVersion = "v1.19.0"

func TestFrameworkVersionIsTheOneServerGoWasCheckedAgainst(t *testing.T) {
	goMod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*github\.com/hashicorp/terraform-plugin-framework (v\S+)`).FindSubmatch(goMod)
	switch {
	case m == nil:
		t.Error("go.mod requires no terraform-plugin-framework")
	case string(m[1]) != checkedFrameworkVersion:
		t.Errorf("terraform-plugin-framework is %s; server.go's ReadDataSource was checked against %s: "+
			"re-read the framework's ReadDataSource, update server.go's list of what it replicates and "+
			"skips, then checkedFrameworkVersion", m[1], checkedFrameworkVersion)
	}
}

// semanticEqualityValues are the framework's interfaces of values with semantic equality, whose
// attributes the framework's ReadDataSource walks and the fast path does not.
var semanticEqualityValues = []reflect.Type{
	reflect.TypeFor[basetypes.BoolValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.DynamicValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.Float32ValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.Float64ValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.Int32ValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.Int64ValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.ListValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.MapValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.NumberValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.ObjectValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.SetValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.StringValuableWithSemanticEquals](),
}

// The fast path skips the framework's semantic-equality walk and its turning of null blocks into empty
// ones: both are no-ops only while no schema has a block or a type with semantic equality.
func TestSchemasHaveNoBlocksOrSemanticEquality(t *testing.T) {
	for _, d := range dataSources {
		s := d.schema()
		if len(s.Blocks) > 0 {
			t.Errorf("launchdarkly_%s has blocks, which the protocol-level read does not reify (server.go)", d.name())
		}
		walkTypes(t, "launchdarkly_"+d.name(), s.Attributes)
	}
}

func walkTypes(t *testing.T, path string, attributes map[string]schema.Attribute) {
	t.Helper()
	for name, a := range attributes {
		checkNoSemanticEquality(t, path+"."+name, a.GetType())
		walkTypes(t, path+"."+name, dataSourceNested(a))
	}
}

// checkNoSemanticEquality fails for a type whose values, or whose elements' values, have semantic
// equality.
func checkNoSemanticEquality(t *testing.T, path string, typ attr.Type) {
	t.Helper()
	value := reflect.TypeOf(typ.ValueType(context.Background()))
	for _, iface := range semanticEqualityValues {
		if value.Implements(iface) {
			t.Errorf("%s: %s has semantic equality (%s), which the protocol-level read skips (server.go)",
				path, value, iface)
		}
	}
	switch typ := typ.(type) {
	case attr.TypeWithElementType:
		checkNoSemanticEquality(t, path+"[]", typ.ElementType())
	case attr.TypeWithAttributeTypes:
		for name, attrType := range typ.AttributeTypes() {
			checkNoSemanticEquality(t, path+"."+name, attrType)
		}
	}
}

// readPaths are the two read paths of one configured provider: the server main.go serves, and the
// framework's own.
func readPaths(t *testing.T, apiURL string, now time.Time, arguments map[string]tftypes.Value) (fast, framework tfprotov6.ProviderServer) {
	t.Helper()
	fast, _ = configuredServer(t, apiURL, now, arguments, false)
	framework, err := providerserver.NewProtocol6WithError(newProvider("test", withClock(func() time.Time { return now }), WithoutLogs()))()
	if err != nil {
		t.Fatal(err)
	}
	configure(t, framework, apiURL, arguments)
	return fast, framework
}

// Every read of the former golden files, each on two fresh mocks, once through each path: the states and
// diagnostics must be equal. The acceptance tests check the same on every read they make (diffServer).
func TestReadPathsAgree(t *testing.T) {
	for _, r := range goldenReads() {
		t.Run(r.name, func(t *testing.T) {
			var responses [2]*tfprotov6.ReadDataSourceResponse
			var typ tftypes.Type
			for i := range responses {
				fast, framework := readPaths(t, mockServer(t, r), readClock(r), r.provider)
				server := []tfprotov6.ProviderServer{fast, framework}[i]
				typ = dataSourceType(t, r.typeName)
				resp, err := server.ReadDataSource(t.Context(), &tfprotov6.ReadDataSourceRequest{
					TypeName: r.typeName, Config: protoValue(t, typ, configObject(t, typ, r.config)),
				})
				if err != nil {
					t.Fatal(err)
				}
				responses[i] = resp
			}
			if msg := compareReads(typ, responses[0], responses[1]); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// mockServer serves a fresh mock prepared for r until the test ends, and returns its URL.
func mockServer(t *testing.T, r goldenRead) string {
	t.Helper()
	api, apiURL := startMockAPI(t)
	if r.setup != nil {
		r.setup(api)
	}
	return apiURL
}

// readClock is the provider's clock for r.
func readClock(r goldenRead) time.Time {
	if r.now.IsZero() {
		return beforeRetirement
	}
	return r.now
}

func dataSourceType(t testing.TB, typeName string) tftypes.Object {
	t.Helper()
	typ, ok := lookupType(typeName)
	if !ok {
		t.Fatalf("no data source %s", typeName)
	}
	return typ
}

func lookupType(typeName string) (tftypes.Object, bool) {
	for _, d := range dataSources {
		if providerTypeName+"_"+d.name() == typeName {
			return d.objectType(), true
		}
	}
	return tftypes.Object{}, false
}

// compareReads says how two answers to one ReadDataSource differ, or "" when their decoded states and
// their diagnostics (severity, summary, detail and attribute path, in order) are equal.
func compareReads(typ tftypes.Type, fast, framework *tfprotov6.ReadDataSourceResponse) string {
	var b strings.Builder
	if len(fast.Diagnostics) != len(framework.Diagnostics) {
		fmt.Fprintf(&b, "%d diagnostics on the fast path, %d on the framework's:\n%s\n%s", len(fast.Diagnostics),
			len(framework.Diagnostics), renderedDiagnostics(fast.Diagnostics), renderedDiagnostics(framework.Diagnostics))
	} else {
		for i, f := range fast.Diagnostics {
			w := framework.Diagnostics[i]
			samePath := (f.Attribute == nil) == (w.Attribute == nil) && (f.Attribute == nil || f.Attribute.Equal(w.Attribute))
			if f.Severity != w.Severity || f.Summary != w.Summary || f.Detail != w.Detail || !samePath {
				fmt.Fprintf(&b, "diagnostic %d differs:\nfast path: %sframework: %s", i,
					renderedDiagnostics(fast.Diagnostics[i:i+1]), renderedDiagnostics(framework.Diagnostics[i:i+1]))
			}
		}
	}
	switch {
	case (fast.State == nil) != (framework.State == nil):
		fmt.Fprintf(&b, "state on the fast path: %t, on the framework's: %t\n", fast.State != nil, framework.State != nil)
	case fast.State != nil:
		f, err1 := fast.State.Unmarshal(typ)
		w, err2 := framework.State.Unmarshal(typ)
		if err1 != nil || err2 != nil {
			fmt.Fprintf(&b, "states that do not decode: %v, %v\n", err1, err2)
		} else if !f.Equal(w) {
			diffs, _ := f.Diff(w)
			for _, d := range diffs {
				fmt.Fprintf(&b, "state differs at %s: fast path %v, framework %v\n", d.Path, d.Value1, d.Value2)
			}
		}
	}
	if fast.Deferred != nil || framework.Deferred != nil {
		fmt.Fprintf(&b, "deferred: fast path %v, framework %v\n", fast.Deferred, framework.Deferred)
	}
	return b.String()
}

// diffServer is the server main.go serves, with each ReadDataSource also answered by the framework's own
// path from the same read (replayed, so without a second request), and the two answers required to be
// equal. Every acceptance test runs through it, so every configuration and error case they make is
// compared, warnings included.
type diffServer struct {
	tfprotov6.ProviderServer
	framework tfprotov6.ProviderServer
	t         *testing.T
}

// diffServerFactory serves NewServer's server through a diffServer.
func diffServerFactory(t *testing.T, options ...Option) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		recording, replaying := make([]definition, len(dataSources)), make([]definition, len(dataSources))
		for i, d := range dataSources {
			recording[i], replaying[i] = recordingDefinition{d}, replayingDefinition{d}
		}
		fast, err := NewServer("test", append(options, withDefinitions(recording))...)()
		if err != nil {
			return nil, err
		}
		framework, err := providerserver.NewProtocol6WithError(newProvider("test",
			append(options, withDefinitions(replaying), WithoutLogs())...))()
		if err != nil {
			return nil, err
		}
		return &diffServer{ProviderServer: fast, framework: framework, t: t}, nil
	}
}

func withDefinitions(definitions []definition) Option {
	return func(p *launchDarklyProvider) { p.definitions = definitions }
}

func (s *diffServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	if _, err := s.framework.ConfigureProvider(ctx, req); err != nil {
		return nil, err
	}
	return s.ProviderServer.ConfigureProvider(ctx, req)
}

func (s *diffServer) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	_, _ = s.framework.StopProvider(ctx, req)
	return s.ProviderServer.StopProvider(ctx, req)
}

func (s *diffServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	read := &recordedRead{}
	ctx = context.WithValue(ctx, recordedReadKey{}, read)
	fast, err := s.ProviderServer.ReadDataSource(ctx, req)
	if err != nil {
		return fast, err
	}
	framework, err := s.framework.ReadDataSource(ctx, req)
	if err != nil {
		s.t.Errorf("%s: the framework's path failed: %v", req.TypeName, err)
		return fast, nil
	}
	typ, _ := lookupType(req.TypeName) // an unknown type has no state to compare
	if msg := compareReads(typ, fast, framework); msg != "" {
		s.t.Errorf("%s: the protocol-level read and the framework's differ:\n%s", req.TypeName, msg)
	}
	return fast, nil
}

// recordedRead is what a read returned on the fast path, for the framework's path to return again.
type recordedRead struct {
	done  bool
	state tftypes.Value
	diags diag.Diagnostics
}

type recordedReadKey struct{}

// recordingDefinition is a data source that notes what each read returned.
type recordingDefinition struct{ definition }

func (d recordingDefinition) readState(ctx context.Context, data *providerData, config tftypes.Value) (tftypes.Value, diag.Diagnostics) {
	state, diags := d.definition.readState(ctx, data, config)
	if read, ok := ctx.Value(recordedReadKey{}).(*recordedRead); ok {
		read.done, read.state, read.diags = true, state, diags
	}
	return state, diags
}

// replayingDefinition is a data source that returns what the fast path's read returned.
type replayingDefinition struct{ definition }

func (d replayingDefinition) readState(ctx context.Context, _ *providerData, config tftypes.Value) (tftypes.Value, diag.Diagnostics) {
	read, ok := ctx.Value(recordedReadKey{}).(*recordedRead)
	if !ok || !read.done {
		var diags diag.Diagnostics
		diags.AddError("The framework's path read a data source the fast path did not", "test harness")
		return config, diags
	}
	return read.state, read.diags
}

// StopProvider, which Terraform sends on Ctrl-C, stops a read in flight on the fast path at once.
func TestStopProviderStopsAReadInFlight(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done() // never answers
	}))
	defer srv.Close()
	fast, _ := configuredServer(t, srv.URL, beforeRetirement, nil, false)
	typ := dataSourceType(t, "launchdarkly_caller_identity")
	done := make(chan *tfprotov6.ReadDataSourceResponse)
	go func() {
		resp, _ := fast.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
			TypeName: "launchdarkly_caller_identity", Config: protoValue(t, typ, configObject(t, typ, nil)),
		})
		done <- resp
	}()
	<-arrived
	start := time.Now()
	if _, err := fast.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	select {
	case resp := <-done:
		if len(resp.Diagnostics) == 0 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityError {
			t.Errorf("a stopped read answered %v; want an error", resp.Diagnostics)
		}
		t.Logf("stopped %s after StopProvider", time.Since(start))
	case <-time.After(time.Minute): // far longer than a cancelled read takes, even on a loaded machine
		t.Fatal("the read went on after StopProvider")
	}
}
