package provider

import (
	"encoding/binary"
	"errors"
	"math"
	"math/big"
	"reflect"
	"slices"
	"unsafe"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// dynamicValue is tfprotov6.NewDynamicValue(typ, v): the state in MessagePack, as Terraform reads it. It
// writes the same encoding as terraform-plugin-go (tftypes' marshalMsgPack on vmihailenco/msgpack's
// defaults), with map keys in order, but without building an attribute path for every value on the way,
// which on a list of 10,000 members was a third of a read's CPU. A value it does not handle (an unknown,
// which a read never returns) is handed to tfprotov6.NewDynamicValue. TestDynamicValueIsNewDynamicValues
// holds the two equal; every acceptance read decodes it (diffServer).
func dynamicValue(typ tftypes.Type, v tftypes.Value) (tfprotov6.DynamicValue, error) {
	w := msgpackWriter{buf: make([]byte, 0, 64<<10), keys: map[unsafe.Pointer][]string{}}
	if err := w.value(typ, v); err != nil {
		if errors.Is(err, errNotWritten) {
			return tfprotov6.NewDynamicValue(typ, v)
		}
		return tfprotov6.DynamicValue{}, err
	}
	return tfprotov6.DynamicValue{MsgPack: w.buf}, nil
}

// errNotWritten is a value msgpackWriter leaves to terraform-plugin-go.
var errNotWritten = errors.New("not written by msgpackWriter")

type msgpackWriter struct {
	buf []byte
	// keys are the sorted attribute names of each object type met, by its map of attribute types: the
	// elements of a list of objects share one.
	keys map[unsafe.Pointer][]string
	// Scalars are read into these, which a value's As would otherwise allocate on every call.
	s string
	b bool
	n big.Float
}

// typeDynamic is tftypes.DynamicPseudoType as an interface value made once, like state.go's stringType.
var typeDynamic tftypes.Type = tftypes.DynamicPseudoType

func (w *msgpackWriter) value(typ tftypes.Type, v tftypes.Value) error {
	if typ.Is(typeDynamic) && !v.Type().Is(typeDynamic) {
		// A dynamic value travels with its type: [type as JSON, value].
		typeJSON, err := v.Type().MarshalJSON() //nolint:staticcheck // the wire format terraform-plugin-go writes
		if err != nil {
			return err
		}
		w.arrayLen(2)
		w.bytes(typeJSON)
		return w.value(v.Type(), v)
	}
	switch {
	case !v.IsKnown():
		return errNotWritten
	case v.IsNull():
		w.buf = append(w.buf, 0xc0)
		return nil
	}
	switch t := typ.(type) {
	case tftypes.List:
		return w.elements(v, t.ElementType, nil)
	case tftypes.Set:
		return w.elements(v, t.ElementType, nil)
	case tftypes.Tuple:
		return w.elements(v, nil, t.ElementTypes)
	case tftypes.Map:
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			return err
		}
		return w.object(m, sortedKeys(m), t.ElementType, nil)
	case tftypes.Object:
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			return err
		}
		if len(m) != len(t.AttributeTypes) {
			return errNotWritten // let terraform-plugin-go name what is missing
		}
		id := reflect.ValueOf(t.AttributeTypes).UnsafePointer()
		keys, ok := w.keys[id]
		if !ok {
			keys = sortedKeys(t.AttributeTypes)
			w.keys[id] = keys
		}
		return w.object(m, keys, nil, t.AttributeTypes)
	}
	switch {
	case typ.Is(stringType):
		if err := v.As(&w.s); err != nil {
			return err
		}
		w.str(w.s)
	case typ.Is(boolType):
		if err := v.As(&w.b); err != nil {
			return err
		}
		w.buf = append(w.buf, map[bool]byte{false: 0xc2, true: 0xc3}[w.b])
	case typ.Is(numberType):
		if err := v.As(&w.n); err != nil {
			return err
		}
		w.number(&w.n)
	default:
		return errNotWritten
	}
	return nil
}

// elements writes a list or a set, whose elements are of type elemType, or a tuple of types tuple.
func (w *msgpackWriter) elements(v tftypes.Value, elemType tftypes.Type, tuple []tftypes.Type) error {
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		return err
	}
	w.arrayLen(len(elems))
	for i, e := range elems {
		typ := elemType
		if tuple != nil {
			typ = tuple[i]
		}
		if err := w.value(typ, e); err != nil {
			return err
		}
	}
	return nil
}

// object writes a map, whose values are of type elemType, or an object of attribute types attributes: its
// keys in order, each followed by its value.
func (w *msgpackWriter) object(m map[string]tftypes.Value, keys []string, elemType tftypes.Type,
	attributes map[string]tftypes.Type) error {
	w.lengthOf(len(keys), 0x80, 0xde, 0xdf)
	for _, k := range keys {
		w.str(k)
		typ := elemType
		if attributes != nil {
			typ = attributes[k]
		}
		if err := w.value(typ, m[k]); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// number is a whole number as the smallest integer, another that a float64 holds exactly as one, and any
// other as its decimal text, as terraform-plugin-go writes them.
func (w *msgpackWriter) number(n *big.Float) {
	switch {
	case n.IsInf():
		w.float(math.Inf(n.Sign()))
	default:
		if i, acc := n.Int64(); acc == big.Exact {
			w.int(i)
			return
		}
		if f, acc := n.Float64(); acc == big.Exact && !n.IsInt() {
			w.float(f)
			return
		}
		w.str(n.Text('f', -1))
	}
}

func (w *msgpackWriter) int(n int64) {
	switch {
	case n >= 0 && n <= math.MaxInt8:
		w.buf = append(w.buf, byte(n))
	case n >= 0 && n <= math.MaxUint8:
		w.buf = append(w.buf, 0xcc, byte(n))
	case n >= 0 && n <= math.MaxUint16:
		w.buf = binary.BigEndian.AppendUint16(append(w.buf, 0xcd), uint16(n))
	case n >= 0 && n <= math.MaxUint32:
		w.buf = binary.BigEndian.AppendUint32(append(w.buf, 0xce), uint32(n))
	case n >= 0:
		w.buf = binary.BigEndian.AppendUint64(append(w.buf, 0xcf), uint64(n))
	case n >= -32:
		w.buf = append(w.buf, byte(n))
	case n >= math.MinInt8:
		w.buf = append(w.buf, 0xd0, byte(n))
	case n >= math.MinInt16:
		w.buf = binary.BigEndian.AppendUint16(append(w.buf, 0xd1), uint16(n))
	case n >= math.MinInt32:
		w.buf = binary.BigEndian.AppendUint32(append(w.buf, 0xd2), uint32(n))
	default:
		w.buf = binary.BigEndian.AppendUint64(append(w.buf, 0xd3), uint64(n))
	}
}

func (w *msgpackWriter) float(f float64) {
	w.buf = binary.BigEndian.AppendUint64(append(w.buf, 0xcb), math.Float64bits(f))
}

func (w *msgpackWriter) str(s string) {
	switch l := len(s); {
	case l < 32:
		w.buf = append(w.buf, 0xa0|byte(l))
	case l <= math.MaxUint8:
		w.buf = append(w.buf, 0xd9, byte(l))
	default:
		w.lengthOf(l, 0, 0xda, 0xdb)
	}
	w.buf = append(w.buf, s...)
}

func (w *msgpackWriter) bytes(b []byte) {
	switch l := len(b); {
	case l <= math.MaxUint8:
		w.buf = append(w.buf, 0xc4, byte(l))
	case l <= math.MaxUint16:
		w.buf = binary.BigEndian.AppendUint16(append(w.buf, 0xc5), uint16(l))
	default:
		w.buf = binary.BigEndian.AppendUint32(append(w.buf, 0xc6), uint32(l))
	}
	w.buf = append(w.buf, b...)
}

func (w *msgpackWriter) arrayLen(l int) { w.lengthOf(l, 0x90, 0xdc, 0xdd) }

// lengthOf writes a length: in the fixed form's low bits below 16 (when there is one), else after the
// 16-bit or the 32-bit form's code.
func (w *msgpackWriter) lengthOf(l int, fixed, code16, code32 byte) {
	switch {
	case fixed != 0 && l < 16:
		w.buf = append(w.buf, fixed|byte(l))
	case l <= math.MaxUint16:
		w.buf = binary.BigEndian.AppendUint16(append(w.buf, code16), uint16(l))
	default:
		w.buf = binary.BigEndian.AppendUint32(append(w.buf, code32), uint32(l))
	}
}
