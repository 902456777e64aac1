package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The provider's protocol server is the framework's, except for ReadDataSource, which it answers with the
// data source's own read (data_source.go). On a list of thousands of members the framework's handling of
// a read's state (fwserver.ReadDataSource and toproto6.State) costs ten times the read itself, walking
// every value of the state to ask the schema questions whose answers do not change for these schemas.
//
// What the fast path does as the framework's ReadDataSource (proto6server, fwserver, toproto6) does:
//   - decodes the configuration with the schema's type, and answers a configuration it cannot decode
//     through the framework, with the framework's own error;
//   - reads through the same function as the framework path, and sends the configuration as the state when
//     the read fails, as the framework does with a state it initialises from the configuration;
//   - encodes the state as tfprotov6.NewDynamicValue does (msgpack.go, without its per-value attribute
//     paths) and converts diagnostics with their attribute paths as toproto6.Diagnostics does;
//   - stops a read when Terraform sends StopProvider (Ctrl-C), as the framework's registered contexts do.
//
// What it deliberately skips, each guarded by a test that fails the day it would matter
// (TestSchemasHaveNoBlocksOrSemanticEquality):
//   - the schema-wide semantic-equality walk (SchemaSemanticEquality), which only changes values of types
//     that define semantic equality: these schemas have none;
//   - ReifyNullCollectionBlocks, which turns null list and set blocks into empty ones: these schemas have no
//     blocks;
//   - the framework's deferral, which only applies when the provider's Configure defers: this one never
//     does, and the fast path serves only a configured provider;
//   - provider meta schemas (this provider has none) and the framework's TRACE logging around each call.
//
// Everything else (schemas, validation, configuration, functions) is the framework's, and so is a read
// before the provider is configured.

// NewServer returns the provider's protocol-6 server for main to serve, and for tests to serve in process.
func NewServer(version string, options ...Option) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		p := newProvider(version, options...)
		framework, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		s := &server{ProviderServer: framework, provider: p, byType: map[string]definition{}}
		for _, d := range p.definitions {
			s.byType[providerTypeName+"_"+d.name()] = d
		}
		s.stopped, s.stop = context.WithCancel(context.Background())
		return s, nil
	}
}

// server is the framework's server with ReadDataSource and StopProvider of its own.
type server struct {
	tfprotov6.ProviderServer
	provider *launchDarklyProvider
	byType   map[string]definition

	mu      sync.Mutex
	stopped context.Context // done once StopProvider is called; replaced afterwards, as the framework does
	stop    context.CancelFunc
}

// ReadDataSource reads a data source without the framework's per-read walk of the state (see above).
func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	def, known := s.byType[req.TypeName]
	data := s.provider.configured()
	if !known || data == nil || req.Config == nil {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	typ := def.objectType()
	config, err := req.Config.Unmarshal(typ)
	if err != nil {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	ctx, cancel := s.stoppable(ctx)
	defer cancel()
	state, diags := def.readState(ctx, data, config)
	resp := &tfprotov6.ReadDataSourceResponse{}
	value, err := dynamicValue(typ, state)
	if err != nil {
		diags.AddError("Unable to Convert State", "An unexpected error was encountered when converting the state "+
			"to the protocol type. This is always an issue in terraform-plugin-framework used to implement the "+
			"provider and should be reported to the provider developers.\n\nPlease report this to the provider "+
			"developer:\n\nUnable to create DynamicValue: "+err.Error())
	} else {
		resp.State = &value
	}
	resp.Diagnostics = protoDiagnostics(ctx, diags)
	return resp, nil
}

// StopProvider cancels every read in flight, then the framework's own calls.
func (s *server) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	s.mu.Lock()
	s.stop()
	s.stopped, s.stop = context.WithCancel(context.Background())
	s.mu.Unlock()
	return s.ProviderServer.StopProvider(ctx, req)
}

// stoppable is ctx, also cancelled by the next StopProvider.
func (s *server) stoppable(ctx context.Context) (context.Context, context.CancelFunc) {
	s.mu.Lock()
	stopped := s.stopped
	s.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	unregister := context.AfterFunc(stopped, cancel)
	return ctx, func() {
		unregister()
		cancel()
	}
}

// protoDiagnostics is toproto6.Diagnostics: each diagnostic with its severity, texts and attribute path.
func protoDiagnostics(ctx context.Context, diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Summary: d.Summary(), Detail: d.Detail(), Severity: tfprotov6.DiagnosticSeverityInvalid}
		switch d.Severity() {
		case diag.SeverityError:
			pd.Severity = tfprotov6.DiagnosticSeverityError
		case diag.SeverityWarning:
			pd.Severity = tfprotov6.DiagnosticSeverityWarning
		}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = attributePath(ctx, withPath)
		}
		out = append(out, pd)
	}
	return out
}

// attributePath is a diagnostic's path as the protocol writes it (totftypes.AttributePath). A step it
// cannot convert leaves the diagnostic without a path rather than hiding it.
func attributePath(ctx context.Context, d diag.DiagnosticWithPath) *tftypes.AttributePath {
	var steps []tftypes.AttributePathStep
	for _, step := range d.Path().Steps() {
		switch step := step.(type) {
		case path.PathStepAttributeName:
			steps = append(steps, tftypes.AttributeName(string(step)))
		case path.PathStepElementKeyInt:
			steps = append(steps, tftypes.ElementKeyInt(int64(step)))
		case path.PathStepElementKeyString:
			steps = append(steps, tftypes.ElementKeyString(string(step)))
		case path.PathStepElementKeyValue:
			value, err := step.ToTerraformValue(ctx)
			if err != nil {
				return nil
			}
			steps = append(steps, tftypes.ElementKeyValue(value))
		default:
			return nil
		}
	}
	return tftypes.NewAttributePathWithSteps(steps)
}
