package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every data source is a dataSource value: a name, a schema, and a read of one shape, which both paths
// serve: the framework's (frameworkDataSource, for schemas, validation and docs, and for reads when the
// provider is not configured) and the protocol-level ReadDataSource of server.go. The read is the same
// function on both, so the differential test can hold them equal.

// definition is a dataSource of any argument and result types, as the provider lists them.
type definition interface {
	// name is the data source's type name after "launchdarkly_".
	name() string
	schema() schema.Schema
	objectType() tftypes.Object
	// validateConfig adds what the schema's validators cannot check, such as two arguments together.
	validateConfig(args arguments, diags *diag.Diagnostics)
	// readState reads the configuration's data source and returns its state, or the configuration itself
	// with the errors, as the framework does when a Read fails.
	readState(ctx context.Context, data *providerData, config tftypes.Value) (tftypes.Value, diag.Diagnostics)
}

// dataSource is one data source, with A its arguments as plain Go values and R what its read returns.
type dataSource[A, R any] struct {
	typeName string
	// newSchema builds the schema; it is built once.
	newSchema func() schema.Schema
	// parse reads the configuration's values, which the schema's validators have already checked; nil for
	// a data source without arguments.
	parse func(arguments) A
	// validate, when set, refuses configurations the schema's validators cannot (two arguments together).
	validate func(arguments, *diag.Diagnostics)
	// read is one call to the client, with its failures phrased as diagnostics naming what was read;
	// any error diagnostic stops the read there.
	read func(ctx context.Context, data *providerData, args A) (R, diag.Diagnostics)
	// encode turns the arguments and what read returned into the state, of type t.
	encode func(t tftypes.Object, args A, result R) tftypes.Value

	once sync.Once
	s    schema.Schema
	typ  tftypes.Object
}

func (d *dataSource[A, R]) name() string { return d.typeName }

func (d *dataSource[A, R]) init() {
	d.once.Do(func() {
		d.s = d.newSchema()
		d.typ = objectType(d.s)
	})
}

func (d *dataSource[A, R]) schema() schema.Schema {
	d.init()
	return d.s
}

func (d *dataSource[A, R]) objectType() tftypes.Object {
	d.init()
	return d.typ
}

func (d *dataSource[A, R]) validateConfig(args arguments, diags *diag.Diagnostics) {
	if d.validate != nil {
		d.validate(args, diags)
	}
}

// readState is the one Read every data source has: the arguments read once, one client call under one
// deadline for all of it (pages, retries, waits, fallbacks), a stop on its errors, and the encoder.
func (d *dataSource[A, R]) readState(ctx context.Context, data *providerData, config tftypes.Value) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		diags.AddError("The LaunchDarkly provider is not configured",
			"Terraform read a data source before configuring the provider. This is a bug in Terraform or in the "+
				"provider, please report it.")
		return config, diags
	}
	var args A
	if d.parse != nil {
		args = d.parse(argumentsOf(config))
	}
	ctx, done := data.client.BeginRead(ctx) // max_read_seconds bounds all of it
	defer done()
	result, diags := d.read(ctx, data, args)
	if diags.HasError() {
		return config, diags
	}
	state, err := encode(func() tftypes.Value { return d.encode(d.objectType(), args, result) })
	if err != nil {
		diags.AddError("Building the data source's state", err.Error())
		return config, diags
	}
	return state, diags
}

// frameworkDataSource serves a definition through the framework.
type frameworkDataSource struct {
	def  definition
	data *providerData
}

var (
	_ datasource.DataSource                   = (*frameworkDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*frameworkDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*frameworkDataSource)(nil)
)

func (d *frameworkDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.def.name()
}

func (d *frameworkDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.def.schema()
}

func (d *frameworkDataSource) ValidateConfig(_ context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	d.def.validateConfig(argumentsOf(req.Config.Raw), &resp.Diagnostics)
}

func (d *frameworkDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		return // Terraform validates data sources before configuring the provider.
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			"Expected *providerData; this is a bug in the provider, please report it.")
		return
	}
	d.data = data
}

func (d *frameworkDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, diags := d.def.readState(ctx, d.data, req.Config.Raw)
	resp.State.Raw = state
	resp.Diagnostics.Append(diags...)
}

// arguments are a configuration's attribute values by name, as Terraform sent them. Reads see only known
// values (Terraform reads a data source once its configuration is known); validation may see unknown ones.
type arguments map[string]tftypes.Value

// argumentsOf splits a configuration object into its attributes; a null or unknown one has none.
func argumentsOf(config tftypes.Value) arguments {
	var args map[string]tftypes.Value
	if err := config.As(&args); err != nil {
		return nil
	}
	return args
}

// isSet is true for a known, non-null argument.
func (a arguments) isSet(name string) bool {
	v, ok := a[name]
	return ok && v.IsKnown() && !v.IsNull()
}

// isNull is true for an argument that is null (or left out).
func (a arguments) isNull(name string) bool {
	v, ok := a[name]
	return !ok || v.IsNull()
}

// isUnknown is true for an argument whose value is not known yet.
func (a arguments) isUnknown(name string) bool {
	v, ok := a[name]
	return ok && !v.IsKnown()
}

// string is a string argument; "" when it is null or unknown.
func (a arguments) string(name string) string {
	var s string
	if a.isSet(name) {
		_ = a[name].As(&s)
	}
	return s
}

// optionalString is a string argument; nil when it is null or unknown.
func (a arguments) optionalString(name string) *string {
	if !a.isSet(name) {
		return nil
	}
	s := a.string(name)
	return &s
}

// bool is a bool argument; false when it is null or unknown.
func (a arguments) bool(name string) bool {
	var b bool
	if a.isSet(name) {
		_ = a[name].As(&b)
	}
	return b
}

// strings is a set or list of strings, in the order Terraform sent it; nil when it is null or unknown, and
// without the elements that are (validation may see them).
func (a arguments) strings(name string) []string {
	if !a.isSet(name) {
		return nil
	}
	var elems []tftypes.Value
	if err := a[name].As(&elems); err != nil {
		return nil
	}
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		var s string
		if e.IsKnown() && !e.IsNull() && e.As(&s) == nil {
			out = append(out, s)
		}
	}
	return out
}
