package provider

import (
	"bytes"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every form MessagePack has for what a state holds: integers of each width and sign, floats, numbers no
// float64 holds, strings and lists of each length form, nulls, dynamic values of every kind, and objects.
// Objects and maps of one key, whose order cannot differ, make terraform-plugin-go's bytes comparable.
func TestDynamicValueIsNewDynamicValues(t *testing.T) {
	numbers := []string{"0", "1", "127", "128", "255", "256", "65535", "65536", "4294967295", "4294967296",
		"9223372036854775807", "-1", "-32", "-33", "-128", "-129", "-32768", "-32769", "-2147483648",
		"-2147483649", "-9223372036854775808", "0.5", "-1.25e-300", "1e300", "123456789012345678901234567890",
		"0.1", "18446744073709551616"}
	var values []tftypes.Value
	for _, n := range numbers {
		f, _, err := big.ParseFloat(n, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, tftypes.NewValue(tftypes.Number, f))
	}
	values = append(values, tftypes.NewValue(tftypes.Number, big.NewFloat(math.Inf(1))),
		tftypes.NewValue(tftypes.Number, big.NewFloat(math.Inf(-1))))
	for _, l := range []int{0, 31, 32, 255, 256, 65535, 65536} {
		values = append(values, tftypes.NewValue(tftypes.String, strings.Repeat("é", l/2)+strings.Repeat("x", l%2)))
	}
	values = append(values, tftypes.NewValue(tftypes.Bool, true), tftypes.NewValue(tftypes.Bool, false),
		tftypes.NewValue(tftypes.String, nil), tftypes.NewValue(tftypes.Number, nil))
	for _, n := range []int{0, 15, 16, 65535, 65536} {
		elems := make([]tftypes.Value, n)
		for i := range elems {
			elems[i] = tftypes.NewValue(tftypes.String, "a")
		}
		values = append(values, tftypes.NewValue(stringListType, elems))
	}
	dynamic := func(v tftypes.Value) tftypes.Value {
		object := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"d": tftypes.DynamicPseudoType}}
		return tftypes.NewValue(object, map[string]tftypes.Value{"d": v})
	}
	inner, _ := dynamicFromJSON([]byte(`{"a":[1,"x",null,{"b":[]}]}`), "v")
	values = append(values, dynamic(inner), dynamic(dynamicNull), dynamic(tftypes.NewValue(tftypes.String, "s")),
		tftypes.NewValue(stringMapType, map[string]tftypes.Value{"k": tftypes.NewValue(tftypes.String, "v")}),
		tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "s")}))

	for _, v := range values {
		typ := v.Type()
		if v.Type().Is(tftypes.Object{}) {
			typ = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"d": tftypes.DynamicPseudoType}}
		}
		ours, err := dynamicValue(typ, v)
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		theirs, err := tfprotov6.NewDynamicValue(typ, v)
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if !bytes.Equal(ours.MsgPack, theirs.MsgPack) {
			t.Errorf("%.80s: dynamicValue wrote % x\nterraform-plugin-go wrote % x", v.String(), head(ours.MsgPack), head(theirs.MsgPack))
		}
	}
}

func head(b []byte) []byte { return b[:min(len(b), 24)] }

// Every state of the former golden reads, through dynamicValue: what decodes is what was written.
func TestDynamicValueOfEveryReadState(t *testing.T) {
	for _, r := range goldenReads() {
		t.Run(r.name, func(t *testing.T) {
			fast, _ := readPaths(t, mockServer(t, r), readClock(r), r.provider)
			typ := dataSourceType(t, r.typeName)
			resp, err := fast.ReadDataSource(t.Context(), &tfprotov6.ReadDataSourceRequest{
				TypeName: r.typeName, Config: protoValue(t, typ, configObject(t, typ, r.config))})
			if err != nil || resp.State == nil {
				t.Fatal(err)
			}
			state, err := resp.State.Unmarshal(typ)
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := tfprotov6.NewDynamicValue(typ, state)
			if err != nil {
				t.Fatal(err)
			}
			if decoded, err := theirs.Unmarshal(typ); err != nil || !decoded.Equal(state) {
				t.Fatalf("terraform-plugin-go's bytes of the state decode to another value: %v", err)
			}
			checkDynamicValue(t, typ, state)
		})
	}
}
