package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"golang.org/x/text/unicode/norm"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// Arbitrary JSON from the API (user custom attributes, context attributes) becomes a Terraform dynamic
// value here, and only here. The converter is ours because neither the framework nor its companion
// libraries turn JSON into dynamic values, and because the value comes from a server, it has limits that
// are checked while the JSON is read, before any of it becomes a Terraform value: the costly part of a
// hostile value is never decoding it but storing it (a number written out digit by digit, a type tree
// that grows with the square of the nesting).
const (
	// maxJSONDepth is how deeply lists and objects may nest inside one attribute.
	maxJSONDepth = 64
	// maxJSONValues bounds the scalars, lists and objects of one attribute: far more than any context or
	// user carries, far less than what makes a plan run out of memory.
	maxJSONValues = 100_000
	// maxNumberDigits bounds a number's significant digits, and maxNumberExponent the power of ten of its
	// leading digit, so that no number is written out with more than about a thousand characters.
	maxNumberDigits   = 400
	maxNumberExponent = 400
)

// dynamicNull is the value of a dynamic attribute that holds nothing, and of a JSON null inside one.
var dynamicNull = tftypes.NewValue(tftypes.DynamicPseudoType, nil)

// dynamicFromJSON converts one JSON value to what Terraform's jsondecode would give: strings, numbers
// (at full precision), bools, lists as tuples (their elements may differ in type), objects as objects, and
// null as a null. path names the attribute in errors, for example `user.custom`. A nil raw is null.
func dynamicFromJSON(raw json.RawMessage, path string) (tftypes.Value, error) {
	if raw == nil {
		return dynamicNull, nil
	}
	w := newJSONWalker(raw)
	value, err := w.value(path, 0)
	if err != nil {
		return dynamicNull, err
	}
	if _, err := w.dec.Token(); !errors.Is(err, io.EOF) {
		return dynamicNull, fmt.Errorf("%s: unexpected data after the JSON value", path)
	}
	return value, nil
}

// dynamicFromAttributes builds a context's `attributes` from attributes whose values are JSON, as
// dynamicFromJSON would for the object holding them; null when there are none. Names are kept as sent, in the Unicode
// normalisation Terraform gives attribute names (objectKeys.add): two that differ in case are two
// attributes, and one sent twice, or two that Terraform would make the same, is an error.
func dynamicFromAttributes(attributes []launchdarkly.Attribute) (tftypes.Value, error) {
	const path = "attributes"
	if len(attributes) == 0 {
		return dynamicNull, nil
	}
	values := 0
	names := objectKeys{}
	attrTypes := make(map[string]tftypes.Type, len(attributes))
	attrs := make(map[string]tftypes.Value, len(attributes))
	for _, a := range attributes {
		name, err := names.add(path, a.Name)
		if err != nil {
			return dynamicNull, err
		}
		childPath := objectPath(path, name)
		w := newJSONWalker(a.Value)
		w.values = values
		value, err := w.value(childPath, 1)
		if err != nil {
			return dynamicNull, err
		}
		values = w.values
		attrs[name], attrTypes[name] = value, value.Type()
	}
	return tftypes.NewValue(tftypes.Object{AttributeTypes: attrTypes}, attrs), nil
}

// jsonWalker reads one JSON value token by token, checking the limits as it goes.
type jsonWalker struct {
	dec    *json.Decoder
	values int
	// attribute is the path of the top-level attribute being read, which errors about depth name rather
	// than a path 64 levels long.
	attribute string
}

func newJSONWalker(raw json.RawMessage) *jsonWalker {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return &jsonWalker{dec: dec}
}

// value reads the next value; depth is how many lists and objects enclose it.
func (w *jsonWalker) value(path string, depth int) (tftypes.Value, error) {
	tok, err := w.dec.Token()
	if err != nil {
		return dynamicNull, fmt.Errorf("%s: invalid JSON: %w", path, err)
	}
	if depth <= 1 {
		w.attribute = path
	}
	if w.values++; w.values > maxJSONValues {
		return dynamicNull, fmt.Errorf("%s: more than %d values; a LaunchDarkly attribute this large is not data this provider stores", path, maxJSONValues)
	}
	switch t := tok.(type) {
	case nil:
		return dynamicNull, nil
	case string:
		return tftypes.NewValue(stringType, t), nil
	case bool:
		return tftypes.NewValue(boolType, t), nil
	case json.Number:
		n, err := parseNumber(t.String())
		if err != nil {
			return dynamicNull, fmt.Errorf("%s: %w", path, err)
		}
		return tftypes.NewValue(numberType, n), nil
	case json.Delim:
		if depth >= maxJSONDepth {
			return dynamicNull, fmt.Errorf("%s: lists and objects nest more than %d levels deep", w.attribute, maxJSONDepth)
		}
		if t == '[' {
			return w.tuple(path, depth+1)
		}
		return w.object(path, depth+1)
	}
	return dynamicNull, fmt.Errorf("%s: unexpected JSON token %v", path, tok)
}

func (w *jsonWalker) tuple(path string, depth int) (tftypes.Value, error) {
	elemTypes := []tftypes.Type{}
	elems := []tftypes.Value{}
	for i := 0; w.dec.More(); i++ {
		value, err := w.value(path+"["+strconv.Itoa(i)+"]", depth)
		if err != nil {
			return dynamicNull, err
		}
		elemTypes, elems = append(elemTypes, value.Type()), append(elems, value)
	}
	if _, err := w.dec.Token(); err != nil { // the closing bracket
		return dynamicNull, fmt.Errorf("%s: invalid JSON: %w", path, err)
	}
	return tftypes.NewValue(tftypes.Tuple{ElementTypes: elemTypes}, elems), nil
}

func (w *jsonWalker) object(path string, depth int) (tftypes.Value, error) {
	names := objectKeys{}
	attrTypes := map[string]tftypes.Type{}
	attrs := map[string]tftypes.Value{}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return dynamicNull, fmt.Errorf("%s: invalid JSON: %w", path, err)
		}
		sent, _ := tok.(string)
		name, err := names.add(path, sent)
		if err != nil {
			return dynamicNull, err
		}
		value, err := w.value(objectPath(path, name), depth)
		if err != nil {
			return dynamicNull, err
		}
		attrs[name], attrTypes[name] = value, value.Type()
	}
	if _, err := w.dec.Token(); err != nil { // the closing brace
		return dynamicNull, fmt.Errorf("%s: invalid JSON: %w", path, err)
	}
	return tftypes.NewValue(tftypes.Object{AttributeTypes: attrTypes}, attrs), nil
}

// objectKeys are the names of one object's members so far, by the form Terraform compares them in.
type objectKeys map[string]string

// add returns the attribute name under which Terraform can hold the member name: name itself, in the
// Unicode normalisation form (NFC) Terraform gives every attribute name (a name in another form would not
// match its own type). Names that differ in case stay apart. A name sent twice, or two names with the
// same NFC form, which Terraform cannot keep apart, are an error.
func (k objectKeys) add(path, name string) (string, error) {
	normal := norm.NFC.String(name)
	switch first, seen := k[normal]; {
	case seen && first == name:
		return "", fmt.Errorf("%s: the key %q appears twice", path, name)
	case seen:
		return "", fmt.Errorf("%s: the keys %+q and %+q differ only in Unicode normalisation, and Terraform "+
			"normalises attribute names, so it cannot keep them apart", path, first, name)
	}
	k[normal] = name
	return normal, nil
}

// parseNumber reads a JSON number literal at full precision, after checking that it is of a sane size.
func parseNumber(literal string) (*big.Float, error) {
	digits, exponent, ok := numberShape(literal)
	switch {
	case !ok || exponent > maxNumberExponent || exponent < -maxNumberExponent:
		return nil, fmt.Errorf("the number %s is out of range (more than 10^%d or less than 10^-%d)",
			truncateLiteral(literal), maxNumberExponent, maxNumberExponent)
	case digits > maxNumberDigits:
		return nil, fmt.Errorf("the number %s has %d significant digits, more than the %d this provider keeps",
			truncateLiteral(literal), digits, maxNumberDigits)
	}
	// 512 bits is what Terraform itself keeps of a number; longer literals get the bits they need.
	precision := max(512, uint(digits)*4+64)
	n, _, err := big.ParseFloat(literal, 10, precision, big.ToNearestEven)
	if err != nil {
		return nil, fmt.Errorf("the number %s: %w", truncateLiteral(literal), err)
	}
	return n, nil
}

var numberPattern = regexp.MustCompile(`^-?([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$`)

// numberShape measures a JSON number literal without converting it: its count of significant digits and
// the power of ten of its leading digit (0 for zero). ok is false for an exponent too long to mean anything.
func numberShape(literal string) (digits, exponent int, ok bool) {
	m := numberPattern.FindStringSubmatch(literal)
	if m == nil {
		return 0, 0, false
	}
	whole, fraction, exp := m[1], m[2], 0
	if m[3] != "" {
		var err error
		if exp, err = strconv.Atoi(m[3]); err != nil || exp > 1e6 || exp < -1e6 {
			return 0, 0, false
		}
	}
	all := whole + fraction
	leading := len(all) - len(strings.TrimLeft(all, "0"))
	significant := strings.Trim(all, "0")
	if significant == "" {
		return 0, 0, true
	}
	return len(significant), exp + len(whole) - 1 - leading, true
}

func truncateLiteral(s string) string {
	if len(s) <= 40 {
		return s
	}
	return s[:20] + "…" + s[len(s)-10:] + fmt.Sprintf(" (%d characters)", len(s))
}

var identifierPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// objectPath names an object member the way a Terraform expression reaches it.
func objectPath(path, name string) string {
	if identifierPattern.MatchString(name) {
		return path + "." + name
	}
	return path + "[" + strconv.Quote(name) + "]"
}
