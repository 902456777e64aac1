package provider

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// hostileJSON are bodies a broken or hostile server might send for one attribute, each with the error it
// must end in. Without the limits, the first three hang a plan writing out digits and the nested ones
// take minutes and gigabytes building Terraform types.
var hostileJSON = []struct {
	name, json, wantError string
}{
	{"huge exponent", `{"n":1e100000000}`, `user.custom.n: the number 1e100000000 is out of range`},
	{"tiny exponent", `{"n":1e-100000000}`, `user.custom.n: the number 1e-100000000 is out of range`},
	{"a thousand digits", `{"n":1` + strings.Repeat("0", 1000) + `}`, `user.custom.n: the number 10000000000000000000…0000000000 (1001 characters) is out of range`},
	{"a thousand significant digits", `{"n":0.` + strings.Repeat("7", 1000) + `}`, `user.custom.n: the number 0.777777777777777777…7777777777 (1002 characters) has 1000 significant digits`},
	{"deeply nested lists", `{"deep":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`,
		`user.custom.deep: lists and objects nest more than 64 levels deep`},
	{"deeply nested objects", `{"a":` + strings.Repeat(`{"a":`, 3000) + `1` + strings.Repeat("}", 3001),
		`user.custom.a: lists and objects nest more than 64 levels deep`},
	{"too many values", `{"many":[` + strings.Repeat("0,", 150_000) + `0]}`, `user.custom.many[99998]: more than 100000 values`},
	{"duplicate key", `{"a":{"b":1,"b":2}}`, `user.custom.a: the key "b" appears twice`},
	{"duplicate key through an escape", `{"ab":1,"a\u0062":2}`, `user.custom: the key "ab" appears twice`},
	{"Unicode twins", `{"caf\u00e9":1,"cafe\u0301":2}`, `user.custom: the keys "caf\u00e9" and "cafe\u0301" differ only in Unicode normalisation`},
	{"trailing data", `{"a":1} {"b":2}`, `user.custom: unexpected data after the JSON value`},
	{"truncated", `{"a":[1,2`, `user.custom.a: invalid JSON`},
}

func TestDynamicFromJSONRefusesHostileValues(t *testing.T) {
	for _, tc := range hostileJSON {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dynamicFromJSON(json.RawMessage(tc.json), "user.custom")
			if err == nil || !strings.Contains(err.Error(), tc.wantError) {
				t.Errorf("err = %v\nwant one containing %q", err, tc.wantError)
			}
		})
	}
}

// The same limits hold for context attributes, which arrive as separate members.
func TestDynamicFromAttributesRefusesHostileValues(t *testing.T) {
	cases := map[string][]launchdarkly.Attribute{
		`attributes.n: the number 1e+999 is out of range`: {{Name: "n", Value: json.RawMessage(`1e+999`)}},
		`attributes: the key "x" appears twice`:           {{Name: "x", Value: json.RawMessage(`1`)}, {Name: "x", Value: json.RawMessage(`2`)}},
		`attributes["my key"]: lists and objects nest more than 64 levels deep`: {
			{Name: "my key", Value: json.RawMessage(strings.Repeat("[", 65) + strings.Repeat("]", 65))},
		},
	}
	for want, attributes := range cases {
		_, err := dynamicFromAttributes(attributes)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("err = %v\nwant one starting %q", err, want)
		}
	}
}

func TestDynamicFromJSONKeepsTypesAndPrecision(t *testing.T) {
	number := func(s string) tftypes.Value {
		n, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		return tftypes.NewValue(tftypes.Number, n)
	}
	got, err := dynamicFromJSON(json.RawMessage(`{
		"s": "text", "t": true, "n": null, "i": 42, "f": -0.125, "e": 1.5e300,
		"exact": 123456789012345678901234567890123456789,
		"list": [1, "a", [], {}], "obj": {"Case": 1, "case": 2},
		"limit": `+strings.Repeat("[", 63)+strings.Repeat("]", 63)+`}`), "v")
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := got.As(&attrs); err != nil || !got.Type().Is(tftypes.Object{}) {
		t.Fatalf("got %s, want an object", got.Type())
	}
	want := map[string]tftypes.Value{
		"s":     tftypes.NewValue(tftypes.String, "text"),
		"t":     tftypes.NewValue(tftypes.Bool, true),
		"n":     tftypes.NewValue(tftypes.DynamicPseudoType, nil),
		"i":     number("42"),
		"f":     number("-0.125"),
		"e":     number("1.5e300"),
		"exact": number("123456789012345678901234567890123456789"),
	}
	for name, w := range want {
		if !attrs[name].Equal(w) {
			t.Errorf("%s = %v, want %v", name, attrs[name], w)
		}
	}
	var list []tftypes.Value
	if !attrs["list"].Type().Is(tftypes.Tuple{}) || attrs["list"].As(&list) != nil || len(list) != 4 {
		t.Errorf("list = %v, want a tuple of 4", attrs["list"])
	}
	var inner map[string]tftypes.Value
	if !attrs["obj"].Type().Is(tftypes.Object{}) || attrs["obj"].As(&inner) != nil || len(inner) != 2 {
		t.Errorf("obj = %v, want both keys that differ only in case", attrs["obj"])
	}
	if _, ok := attrs["limit"]; !ok {
		t.Error("64 levels of nesting, the limit, were refused")
	}
	if got, _ := dynamicFromJSON(json.RawMessage(`null`), "v"); !got.IsNull() {
		t.Errorf("null = %v, want a null value", got)
	}
}

func TestNumberShape(t *testing.T) {
	cases := []struct {
		literal          string
		digits, exponent int
	}{
		{"0", 0, 0}, {"-0.000", 0, 0}, {"7", 1, 0}, {"123.45", 5, 2}, {"0.00123", 3, -3},
		{"1200", 2, 3}, {"1.5e300", 2, 300}, {"-2E-5", 1, -5}, {"0.1e1", 1, 0},
	}
	for _, tc := range cases {
		digits, exponent, ok := numberShape(tc.literal)
		if !ok || digits != tc.digits || exponent != tc.exponent {
			t.Errorf("numberShape(%q) = %d, %d, %v; want %d, %d", tc.literal, digits, exponent, ok, tc.digits, tc.exponent)
		}
	}
}

// FuzzDynamicFromJSON feeds arbitrary bytes to the converter: it must return a value or an error, never
// panic, and a value it returns must be one Terraform can store.
func FuzzDynamicFromJSON(f *testing.F) {
	for _, tc := range hostileJSON {
		if len(tc.json) < 1000 {
			f.Add([]byte(tc.json))
		}
	}
	for _, s := range []string{`{}`, `[]`, `null`, `"x"`, `{"a":[1,{"b":null,"c":[true,1e5]}]}`, `{"é":1}`, `[[[[1]]]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		value, err := dynamicFromJSON(data, "v")
		if err != nil {
			return
		}
		if _, err := tfprotov6.NewDynamicValue(tftypes.DynamicPseudoType, value); err != nil {
			t.Errorf("a converted value cannot be sent to Terraform: %v", err)
		}
	})
}

// BenchmarkDynamicFromJSON converts a context's worth of attributes, and each hostile value to its error.
func BenchmarkDynamicFromJSON(b *testing.B) {
	inputs := []struct{ name, json string }{
		{"typical", `{"plan":"enterprise","seats":42,"beta":true,"groups":["admins","ops"],
			"address":{"city":"Oakland","zip":"94612","floor":3,"geo":{"lat":37.8044,"lon":-122.2712}}}`},
	}
	for _, tc := range hostileJSON {
		inputs = append(inputs, struct{ name, json string }{"hostile/" + tc.name, tc.json})
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			raw := json.RawMessage(in.json)
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				_, _ = dynamicFromJSON(raw, "user.custom")
			}
		})
	}
}
