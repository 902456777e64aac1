package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The data sources read their arguments from the configuration's value and build their state as a
// tftypes.Value of the schema's own type, instead of going through tfsdk.Config.Get and State.Set.
// Those walk the models by reflection over their tfsdk tags, compiling a regular expression for each
// field name on every call, and were the largest cost of a read after logging. The models keep their
// tags: tests convert them by reflection too and require the same value (TestStateValueMatchesReflection).
//
// The helpers below follow the framework's conversions exactly: a nil slice, map or pointer is null, an
// empty one is empty; an Int64 is a number.

// schemaObjectType is the Terraform type of a data source's schema, for building its state.
func schemaObjectType(s schema.Schema) tftypes.Object {
	return typeAs[tftypes.Object](s.Type().TerraformType(context.Background()))
}

// setState stores the state build returns. A mistake in building it (a value that does not match its
// type, which tftypes.NewValue panics on) becomes an error diagnostic rather than a crashed plan.
func setState(resp *datasource.ReadResponse, build func() tftypes.Value) {
	defer func() {
		if r := recover(); r != nil {
			resp.Diagnostics.AddError("Building the data source's state",
				fmt.Sprintf("This is a bug in the provider, please report it: %v", r))
		}
	}()
	resp.State.Raw = build()
}

// configArguments are the configuration's attribute values by name, as Terraform sent them.
func configArguments(config tfsdk.Config) map[string]tftypes.Value {
	var arguments map[string]tftypes.Value
	if err := config.Raw.As(&arguments); err != nil {
		return nil // a null or unknown configuration: every argument reads as null
	}
	return arguments
}

// stringArgument is a string argument of the configuration, as Config.Get would have read it.
func stringArgument(arguments map[string]tftypes.Value, name string) types.String {
	v, ok := arguments[name]
	switch {
	case !ok || v.IsNull():
		return types.StringNull()
	case !v.IsKnown():
		return types.StringUnknown()
	}
	var s string
	if err := v.As(&s); err != nil {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func stringValue(v types.String) tftypes.Value {
	switch {
	case v.IsNull():
		return tftypes.NewValue(tftypes.String, nil)
	case v.IsUnknown():
		return tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	}
	return tftypes.NewValue(tftypes.String, v.ValueString())
}

func boolValue(v types.Bool) tftypes.Value {
	switch {
	case v.IsNull():
		return tftypes.NewValue(tftypes.Bool, nil)
	case v.IsUnknown():
		return tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue)
	}
	return tftypes.NewValue(tftypes.Bool, v.ValueBool())
}

func int64Value(v types.Int64) tftypes.Value {
	switch {
	case v.IsNull():
		return tftypes.NewValue(tftypes.Number, nil)
	case v.IsUnknown():
		return tftypes.NewValue(tftypes.Number, tftypes.UnknownValue)
	}
	return tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(v.ValueInt64()))
}

var stringListType = tftypes.List{ElementType: tftypes.String}

func stringListValue(values []string) tftypes.Value {
	if values == nil {
		return tftypes.NewValue(stringListType, nil)
	}
	elems := make([]tftypes.Value, len(values))
	for i, s := range values {
		elems[i] = tftypes.NewValue(tftypes.String, s)
	}
	return tftypes.NewValue(stringListType, elems)
}

var stringMapType = tftypes.Map{ElementType: tftypes.String}

func stringMapValue(values map[string]string) tftypes.Value {
	if values == nil {
		return tftypes.NewValue(stringMapType, nil)
	}
	elems := make(map[string]tftypes.Value, len(values))
	for k, s := range values {
		elems[k] = tftypes.NewValue(tftypes.String, s)
	}
	return tftypes.NewValue(stringMapType, elems)
}

// attrValue is a framework value (a set argument, a dynamic value) as Terraform holds it.
func attrValue(v attr.Value) tftypes.Value {
	tv, err := v.ToTerraformValue(context.Background())
	if err != nil {
		panic(err) // setState reports it
	}
	return tv
}

// attributeType is the type of attribute name of object type t.
func attributeType(t tftypes.Object, name string) tftypes.Type {
	typ, ok := t.AttributeTypes[name]
	if !ok {
		panic(fmt.Sprintf("no attribute %q in %s", name, t))
	}
	return typ
}

// typeAs is typ as the kind of type T; a schema whose attribute is of another kind is a bug that
// setState reports.
func typeAs[T tftypes.Type](typ tftypes.Type) T {
	t, ok := typ.(T)
	if !ok {
		panic(fmt.Sprintf("%s is not a %T", typ, t))
	}
	return t
}

// objectValue is the nested object attribute name of t built from in, null when in is nil.
func objectValue[T any](t tftypes.Object, name string, in *T, build func(T, tftypes.Object) tftypes.Value) tftypes.Value {
	typ := attributeType(t, name)
	if in == nil {
		return tftypes.NewValue(typ, nil)
	}
	return build(*in, typeAs[tftypes.Object](typ))
}

// listValue is the list of nested objects attribute name of t, one built from each element of in;
// null when in is nil.
func listValue[T any](t tftypes.Object, name string, in []T, build func(T, tftypes.Object) tftypes.Value) tftypes.Value {
	typ := attributeType(t, name)
	if in == nil {
		return tftypes.NewValue(typ, nil)
	}
	elemType := typeAs[tftypes.Object](typeAs[tftypes.List](typ).ElementType)
	elems := make([]tftypes.Value, len(in))
	for i, v := range in {
		elems[i] = build(v, elemType)
	}
	return tftypes.NewValue(typ, elems)
}

// mapValue is the map of nested objects attribute name of t, one built from each value of in; null
// when in is nil.
func mapValue[T any](t tftypes.Object, name string, in map[string]T, build func(T, tftypes.Object) tftypes.Value) tftypes.Value {
	typ := attributeType(t, name)
	if in == nil {
		return tftypes.NewValue(typ, nil)
	}
	elemType := typeAs[tftypes.Object](typeAs[tftypes.Map](typ).ElementType)
	elems := make(map[string]tftypes.Value, len(in))
	for k, v := range in {
		elems[k] = build(v, elemType)
	}
	return tftypes.NewValue(typ, elems)
}
