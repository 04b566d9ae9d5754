package cdp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
)

// MaxExponent bounds the decimal exponent of a number Value: ParseValue and
// UnmarshalJSON refuse numbers beyond 10^±MaxExponent, and MarshalJSON
// refuses to print them, so that a hostile input such as "1e999999999" can
// never make the SDK build a gigabyte of zeros.
const MaxExponent = 1000

// timestampLayout is RFC 3339 with fractional seconds only when present.
const timestampLayout = time.RFC3339Nano

// ValueError reports a text or JSON input that is not a valid Value. It
// matches ErrInvalid with errors.Is.
type ValueError struct {
	Kind   Kind   // the kind being parsed; KindInvalid when the kind itself is bad
	Input  string // the offending text, shortened when very long
	Reason string // what is wrong with it
}

// Error returns a message quoting the input and naming the problem.
func (e *ValueError) Error() string {
	if e.Kind == KindInvalid {
		return fmt.Sprintf("cdp: invalid value: %s", e.Reason)
	}
	return fmt.Sprintf("cdp: invalid %s %q: %s", e.Kind, e.Input, e.Reason)
}

// Is reports whether target is ErrInvalid.
func (e *ValueError) Is(target error) bool { return target == ErrInvalid }

// shorten keeps error messages bounded whatever the input.
func shorten(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}

// ParseKind returns the Kind named s: "string", "number", "bool", "date",
// "timestamp" or "strings" (the names Kind.String returns). Any other text,
// including "invalid", is an error.
func ParseKind(s string) (Kind, error) {
	for k := KindString; int(k) < len(kindNames); k++ {
		if kindNames[k] == s {
			return k, nil
		}
	}
	return KindInvalid, &ValueError{Input: shorten(s), Reason: fmt.Sprintf("unknown kind %q", shorten(s))}
}

// ParseValue parses text as a Value of the given kind. It is meant for text
// inputs such as CSV cells:
//
//   - string: text as is;
//   - number: an optional sign, digits, an optional fraction and an optional
//     exponent ("-12.50", "1e3"); the scale is kept, so "0.10" stays 0.10;
//     no float is ever involved; the exponent is bounded by MaxExponent;
//   - bool: "true" or "false" (also "1", "0", "t", "f", "TRUE"... as
//     strconv.ParseBool accepts);
//   - date: YYYY-MM-DD;
//   - timestamp: RFC 3339, with or without fractional seconds;
//   - strings: items separated by commas, each trimmed of surrounding
//     spaces; empty text is the empty list. This reads back what
//     Value.String prints for items without commas.
//
// The error is a *ValueError that quotes the text.
func ParseValue(kind Kind, text string) (Value, error) {
	switch kind {
	case KindString:
		return StringValue(text), nil
	case KindNumber:
		d, err := parseNumber(text)
		if err != nil {
			return Value{}, err
		}
		return NumberValue(d), nil
	case KindBool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return Value{}, &ValueError{Kind: kind, Input: shorten(text), Reason: "want true or false"}
		}
		return BoolValue(b), nil
	case KindDate:
		d, err := calendar.ParseDate(text)
		if err != nil {
			return Value{}, &ValueError{Kind: kind, Input: shorten(text), Reason: "want YYYY-MM-DD, a real calendar day"}
		}
		return DateValue(d), nil
	case KindTimestamp:
		t, err := time.Parse(time.RFC3339Nano, text)
		if err != nil {
			return Value{}, &ValueError{Kind: kind, Input: shorten(text), Reason: "want RFC 3339, such as 2025-06-23T12:00:00Z"}
		}
		if y := t.UTC().Year(); y < 0 || y > 9999 {
			return Value{}, &ValueError{Kind: kind, Input: shorten(text), Reason: "year in UTC outside 0-9999"}
		}
		return TimestampValue(t), nil
	case KindStrings:
		if strings.TrimSpace(text) == "" {
			return StringsValue(), nil
		}
		items := strings.Split(text, ",")
		for i := range items {
			items[i] = strings.TrimSpace(items[i])
		}
		return Value{kind: KindStrings, list: items}, nil
	}
	return Value{}, &ValueError{Input: shorten(text), Reason: fmt.Sprintf("cannot parse a value of kind %s", kind)}
}

// parseNumber accepts [+-]digits[.digits][(e|E)[+-]digits] and nothing else
// (no spaces, no leading dot, no Unicode minus), then bounds the exponent.
func parseNumber(text string) (decimal.Decimal, error) {
	bad := func(reason string) (decimal.Decimal, error) {
		return decimal.Decimal{}, &ValueError{Kind: KindNumber, Input: shorten(text), Reason: reason}
	}
	i := 0
	if i < len(text) && (text[i] == '-' || text[i] == '+') {
		i++
	}
	digits := func() int {
		start := i
		for i < len(text) && text[i] >= '0' && text[i] <= '9' {
			i++
		}
		return i - start
	}
	if digits() == 0 {
		return bad("want a decimal number such as 12.50")
	}
	if i < len(text) && text[i] == '.' {
		i++
		if digits() == 0 {
			return bad("want digits after the decimal point")
		}
	}
	if i < len(text) && (text[i] == 'e' || text[i] == 'E') {
		i++
		if i < len(text) && (text[i] == '-' || text[i] == '+') {
			i++
		}
		if n := digits(); n == 0 || n > 9 {
			return bad("want a short exponent after e")
		}
	}
	if i != len(text) {
		return bad("want a decimal number such as 12.50")
	}
	d, err := decimal.NewFromString(text)
	if err != nil {
		return bad("want a decimal number such as 12.50")
	}
	if exp := d.Exponent(); exp > MaxExponent || exp < -MaxExponent {
		return bad(fmt.Sprintf("exponent %d out of range ±%d", exp, MaxExponent))
	}
	return d, nil
}

// jsonValue is the JSON form of a Value.
type jsonValue struct {
	Kind  string          `json:"kind"`
	Value json.RawMessage `json:"value"`
}

// MarshalJSON encodes v as {"kind":K,"value":V}: a number as a JSON string
// keeping its exact text ({"kind":"number","value":"0.10"}), a date as
// "YYYY-MM-DD", a timestamp as RFC 3339 with nanoseconds when it has them, a
// bool as true or false, a string as a string and a string list as an array
// of strings. The zero Value encodes as null.
//
// It fails for a Value that could not be read back: an invalid date, a
// timestamp outside years 0-9999 or a number beyond MaxExponent.
func (v Value) MarshalJSON() ([]byte, error) {
	var raw any
	switch v.kind {
	case KindInvalid:
		return []byte("null"), nil
	case KindString:
		raw = v.s
	case KindNumber:
		if exp := v.num.Exponent(); exp > MaxExponent || exp < -MaxExponent {
			return nil, &ValueError{Kind: KindNumber, Input: shorten(v.num.String()), Reason: fmt.Sprintf("exponent %d out of range ±%d", exp, MaxExponent)}
		}
		raw = PlainDecimal(v.num)
	case KindBool:
		raw = v.b
	case KindDate:
		if !v.date.IsValid() || v.date.Year < 0 || v.date.Year > 9999 {
			return nil, &ValueError{Kind: KindDate, Input: v.date.String(), Reason: "not a real calendar day in years 0-9999"}
		}
		raw = v.date.String()
	case KindTimestamp:
		if y := v.ts.Year(); y < 0 || y > 9999 {
			return nil, &ValueError{Kind: KindTimestamp, Input: v.ts.String(), Reason: "year outside 0-9999"}
		}
		raw = v.ts.Format(timestampLayout)
	case KindStrings:
		list := v.list
		if list == nil {
			list = []string{}
		}
		raw = list
	default:
		return nil, &ValueError{Reason: fmt.Sprintf("unknown kind %d", v.kind)}
	}
	inner, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	return json.Marshal(jsonValue{Kind: v.kind.String(), Value: inner})
}

// UnmarshalJSON decodes the form MarshalJSON writes. A number may also be
// given as a bare JSON number ({"kind":"number","value":0.10}); its text is
// kept exactly as written, never read through a float. null leaves v
// unchanged. Errors are *ValueError values naming the problem: an unknown or
// missing kind, a missing value, or a value that does not fit the kind.
func (v *Value) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var j jsonValue
	if err := dec.Decode(&j); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &ValueError{Reason: fmt.Sprintf("field %q must be a %s, not a %s", te.Field, te.Type, te.Value)}
		}
		return &ValueError{Reason: "want an object {\"kind\":...,\"value\":...}: " + err.Error()}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &ValueError{Reason: "data after the value object"}
	}
	if j.Kind == "" {
		return &ValueError{Reason: "missing \"kind\""}
	}
	kind, err := ParseKind(j.Kind)
	if err != nil {
		return err
	}
	if len(j.Value) == 0 || string(j.Value) == "null" {
		return &ValueError{Kind: kind, Reason: "missing \"value\""}
	}
	wantType := func(t string) error {
		return &ValueError{Kind: kind, Input: shorten(string(j.Value)), Reason: "value must be a JSON " + t}
	}
	var parsed Value
	switch kind {
	case KindString:
		var s string
		if json.Unmarshal(j.Value, &s) != nil {
			return wantType("string")
		}
		parsed = StringValue(s)
	case KindNumber:
		text := string(j.Value)
		if j.Value[0] == '"' {
			if json.Unmarshal(j.Value, &text) != nil {
				return wantType("string or number")
			}
		} else if j.Value[0] != '-' && (j.Value[0] < '0' || j.Value[0] > '9') {
			return wantType("string or number")
		}
		d, err := parseNumber(text)
		if err != nil {
			return err
		}
		parsed = NumberValue(d)
	case KindBool:
		var bv bool
		if json.Unmarshal(j.Value, &bv) != nil {
			return wantType("boolean")
		}
		parsed = BoolValue(bv)
	case KindDate, KindTimestamp:
		var s string
		if json.Unmarshal(j.Value, &s) != nil {
			return wantType("string")
		}
		if parsed, err = ParseValue(kind, s); err != nil {
			return err
		}
	case KindStrings:
		var items []*string
		if json.Unmarshal(j.Value, &items) != nil {
			return wantType("array of strings")
		}
		list := make([]string, len(items))
		for i, it := range items {
			if it == nil {
				return &ValueError{Kind: kind, Input: shorten(string(j.Value)), Reason: fmt.Sprintf("item %d is null", i)}
			}
			list[i] = *it
		}
		parsed = StringsValue(list...)
	}
	*v = parsed
	return nil
}

var (
	_ json.Marshaler   = Value{}
	_ json.Unmarshaler = (*Value)(nil)
	_ json.Unmarshaler = (*Trait)(nil)
	_ json.Unmarshaler = (*Profile)(nil)
	_ json.Unmarshaler = (*Event)(nil)
)

// MarshalText encodes k as its name ("number", "date"...), so a Kind reads
// and writes as a JSON string in catalogs and configuration. The zero Kind
// and unknown kinds are an error.
func (k Kind) MarshalText() ([]byte, error) {
	if k == KindInvalid || int(k) >= len(kindNames) {
		return nil, &ValueError{Reason: fmt.Sprintf("cannot encode kind %d", k)}
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText parses a kind name as ParseKind does.
func (k *Kind) UnmarshalText(b []byte) error {
	parsed, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = parsed
	return nil
}
