package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A data source's state is built by one encoder per object, straight from the client's API struct into a
// tftypes.Value of the schema's own type, instead of through a model struct with tfsdk tags that State.Set
// converts by reflection. The model restated the schema and the API struct a third time, and its
// reflection cost more than everything else a read does; here a nil pointer, slice or map is a null value
// by construction, and a forgotten or misspelt attribute is an error at the first read (tftypes.NewValue).

// objectType is the Terraform type of a schema: the type of the state its data source stores.
func objectType(s schema.Schema) tftypes.Object {
	return typeAs[tftypes.Object](s.Type().TerraformType(context.Background()))
}

// encode runs an encoder, turning a mistake in it (a value that does not match its type, which
// tftypes.NewValue panics on) into an error rather than a crashed plan.
func encode(build func() tftypes.Value) (value tftypes.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("building the state failed; this is a bug in the provider, please report it: %v", r)
		}
	}()
	return build(), nil
}

// The types of scalars and of collections of them, as interface values made once: tftypes.NewValue
// takes a tftypes.Type, and converting tftypes.String (a struct) to one allocates a copy on every call.
var (
	stringType        tftypes.Type = tftypes.String
	boolType          tftypes.Type = tftypes.Bool
	numberType        tftypes.Type = tftypes.Number
	stringListType    tftypes.Type = tftypes.List{ElementType: tftypes.String}
	stringMapType     tftypes.Type = tftypes.Map{ElementType: tftypes.String}
	stringListMapType tftypes.Type = tftypes.Map{ElementType: stringListType}
)

// Scalars: a nil pointer is null.

func stringValue(s *string) tftypes.Value {
	if s == nil {
		return tftypes.NewValue(stringType, nil)
	}
	return tftypes.NewValue(stringType, *s)
}

func knownString(s string) tftypes.Value { return tftypes.NewValue(stringType, s) }

func boolValue(b *bool) tftypes.Value {
	if b == nil {
		return tftypes.NewValue(boolType, nil)
	}
	return tftypes.NewValue(boolType, *b)
}

func int64Value(n *int64) tftypes.Value {
	if n == nil {
		return tftypes.NewValue(numberType, nil)
	}
	return knownInt64(*n)
}

func knownInt64(n int64) tftypes.Value {
	return tftypes.NewValue(numberType, new(big.Float).SetInt64(n))
}

// deref is the value behind p, or the zero value when p is nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// Collections of scalars: a nil slice or map is null, an empty one is empty.

func stringListValue(values []string) tftypes.Value {
	if values == nil {
		return tftypes.NewValue(stringListType, nil)
	}
	elems := make([]tftypes.Value, len(values))
	for i, s := range values {
		elems[i] = knownString(s)
	}
	return tftypes.NewValue(stringListType, elems)
}

func stringMapValue(values map[string]string) tftypes.Value {
	return mapValue(stringMapType, values, knownString)
}

func stringListMapValue(values map[string][]string) tftypes.Value {
	return mapValue(stringListMapType, values, stringListValue)
}

// mapValue is a map of type t with each value encoded by encode; null when values is nil.
func mapValue[V any](t tftypes.Type, values map[string]V, encode func(V) tftypes.Value) tftypes.Value {
	if values == nil {
		return tftypes.NewValue(t, nil)
	}
	elems := make(map[string]tftypes.Value, len(values))
	for k, v := range values {
		elems[k] = encode(v)
	}
	return tftypes.NewValue(t, elems)
}

// Nested objects: each is encoded by its own encoder from its own API struct, with its type taken from the
// enclosing object's type, so that no type is written twice. A nil pointer, slice or map is null.

// nested is the object attribute name of t, encoded from v.
func nested[T any](t tftypes.Object, name string, v *T, encode func(tftypes.Object, *T) tftypes.Value) tftypes.Value {
	typ := attributeType(t, name)
	if v == nil {
		return tftypes.NewValue(typ, nil)
	}
	return encode(typeAs[tftypes.Object](typ), v)
}

// nestedList is the list of objects attribute name of t, one encoded from each item.
func nestedList[T any](t tftypes.Object, name string, items []T, encode func(tftypes.Object, *T) tftypes.Value) tftypes.Value {
	typ := attributeType(t, name)
	if items == nil {
		return tftypes.NewValue(typ, nil)
	}
	elemType := typeAs[tftypes.Object](typeAs[tftypes.List](typ).ElementType)
	elems := make([]tftypes.Value, len(items))
	for i := range items {
		elems[i] = encode(elemType, &items[i])
	}
	return tftypes.NewValue(typ, elems)
}

// nestedMap is the map of objects attribute name of t, one encoded from each value.
func nestedMap[T any](t tftypes.Object, name string, items map[string]T, encode func(tftypes.Object, *T) tftypes.Value) tftypes.Value {
	typ := attributeType(t, name)
	if items == nil {
		return tftypes.NewValue(typ, nil)
	}
	elemType := typeAs[tftypes.Object](typeAs[tftypes.Map](typ).ElementType)
	elems := make(map[string]tftypes.Value, len(items))
	for k, v := range items {
		elems[k] = encode(elemType, &v)
	}
	return tftypes.NewValue(typ, elems)
}

// attributeType is the type of attribute name of object type t.
func attributeType(t tftypes.Object, name string) tftypes.Type {
	typ, ok := t.AttributeTypes[name]
	if !ok {
		panic(fmt.Sprintf("no attribute %q in %s", name, t))
	}
	return typ
}

// typeAs is typ as the kind of type T; a schema whose attribute is of another kind is a bug that encode
// reports.
func typeAs[T tftypes.Type](typ tftypes.Type) T {
	t, ok := typ.(T)
	if !ok {
		panic(fmt.Sprintf("%s is not a %T", typ, t))
	}
	return t
}
