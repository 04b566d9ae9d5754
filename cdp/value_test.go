package cdp

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
)

func num(s string) Value { return NumberValue(decimal.RequireFromString(s)) }

func TestValueJSONRoundTrip(t *testing.T) {
	t.Parallel()
	ts := time.Date(2025, 6, 23, 12, 30, 0, 123456789, time.UTC)
	tests := []struct {
		name string
		v    Value
		json string
	}{
		{"string", StringValue("São Paulo"), `{"kind":"string","value":"São Paulo"}`},
		{"empty string", StringValue(""), `{"kind":"string","value":""}`},
		{"number keeps trailing zero", num("0.10"), `{"kind":"number","value":"0.10"}`},
		{"number money", num("1234.50"), `{"kind":"number","value":"1234.50"}`},
		{"negative number", num("-0.001"), `{"kind":"number","value":"-0.001"}`},
		{"integer", num("42"), `{"kind":"number","value":"42"}`},
		{"positive exponent stored as integer", NumberValue(decimal.New(15, 2)), `{"kind":"number","value":"1500"}`},
		{"zero with scale", num("0.00"), `{"kind":"number","value":"0.00"}`},
		{"big number", num("123456789012345678901234567890.123456789"), `{"kind":"number","value":"123456789012345678901234567890.123456789"}`},
		{"bool true", BoolValue(true), `{"kind":"bool","value":true}`},
		{"bool false", BoolValue(false), `{"kind":"bool","value":false}`},
		{"date", DateValue(calendar.Date{Year: 2025, Month: time.March, Day: 4}), `{"kind":"date","value":"2025-03-04"}`},
		{"timestamp nanos", TimestampValue(ts), `{"kind":"timestamp","value":"2025-06-23T12:30:00.123456789Z"}`},
		{"timestamp whole seconds", TimestampValue(ts.Truncate(time.Second)), `{"kind":"timestamp","value":"2025-06-23T12:30:00Z"}`},
		{"strings", StringsValue("cdb", "lci"), `{"kind":"strings","value":["cdb","lci"]}`},
		{"empty strings", StringsValue(), `{"kind":"strings","value":[]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, err := json.Marshal(tc.v)
			require.NoError(t, err)
			assert.Equal(t, tc.json, string(b))

			var got Value
			require.NoError(t, json.Unmarshal([]byte(tc.json), &got))
			assert.Equal(t, tc.v, got)
			assert.Zero(t, Compare(tc.v, got), "Compare after round trip")
			b2, err := json.Marshal(got)
			require.NoError(t, err)
			assert.Equal(t, tc.json, string(b2), "second encoding")
		})
	}
}

func TestValueJSONNumberKeepsScale(t *testing.T) {
	t.Parallel()
	var v Value
	require.NoError(t, json.Unmarshal([]byte(`{"kind":"number","value":"0.10"}`), &v))
	d, ok := v.AsNumber()
	require.True(t, ok)
	assert.Equal(t, int32(-2), d.Exponent())
	assert.Equal(t, "0.10", v.String())
	// decimal's own String would drop the trailing zero; ours must not.
	assert.Equal(t, "0.1", d.String())
}

func TestValueJSONBareNumberIsExact(t *testing.T) {
	t.Parallel()
	var v Value
	require.NoError(t, json.Unmarshal([]byte(`{"kind":"number","value":0.10}`), &v))
	assert.Equal(t, "0.10", v.String())
	require.NoError(t, json.Unmarshal([]byte(`{"kind":"number","value":12345678901234567890.123456789}`), &v))
	assert.Equal(t, "12345678901234567890.123456789", v.String())
	require.NoError(t, json.Unmarshal([]byte(`{"kind":"number","value":"1e3"}`), &v))
	assert.Equal(t, "1000", v.String())
}

func TestValueUnmarshalJSONTrailingData(t *testing.T) {
	t.Parallel()
	var v Value
	err := v.UnmarshalJSON([]byte(`{"kind":"bool","value":true} {}`))
	var ve *ValueError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "data after the value object", ve.Reason)
	require.NoError(t, v.UnmarshalJSON([]byte(` {"kind":"bool","value":true} `)))
	assert.Equal(t, BoolValue(true), v)
}

func TestValueJSONZeroIsNull(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(Value{})
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))
	v := StringValue("kept")
	require.NoError(t, json.Unmarshal([]byte("null"), &v))
	assert.Equal(t, StringValue("kept"), v, "null leaves the value unchanged")
}

func TestValueUnmarshalErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		kind     Kind
		input    string
	}{
		{"unknown kind", `{"kind":"money","value":"1"}`, KindInvalid, "money"},
		{"invalid kind name", `{"kind":"invalid","value":"1"}`, KindInvalid, "invalid"},
		{"missing kind", `{"value":"1"}`, KindInvalid, ""},
		{"kind not a string", `{"kind":1,"value":"1"}`, KindInvalid, ""},
		{"not an object", `"0.10"`, KindInvalid, ""},
		{"unknown field", `{"kind":"string","value":"a","extra":1}`, KindInvalid, ""},
		{"bad number", `{"kind":"number","value":"abc"}`, KindNumber, "abc"},
		{"number with spaces", `{"kind":"number","value":" 1"}`, KindNumber, " 1"},
		{"number trailing dot", `{"kind":"number","value":"1."}`, KindNumber, "1."},
		{"number leading dot", `{"kind":"number","value":".5"}`, KindNumber, ".5"},
		{"number huge exponent", `{"kind":"number","value":"1e999999"}`, KindNumber, "1e999999"},
		{"number as bool", `{"kind":"number","value":true}`, KindNumber, "true"},
		{"number empty", `{"kind":"number","value":""}`, KindNumber, ""},
		{"missing value", `{"kind":"string"}`, KindString, ""},
		{"null value", `{"kind":"bool","value":null}`, KindBool, ""},
		{"string as number", `{"kind":"string","value":1}`, KindString, "1"},
		{"bool as string", `{"kind":"bool","value":"true"}`, KindBool, `"true"`},
		{"bad date", `{"kind":"date","value":"2025-02-30"}`, KindDate, "2025-02-30"},
		{"date as number", `{"kind":"date","value":20250101}`, KindDate, "20250101"},
		{"bad timestamp", `{"kind":"timestamp","value":"yesterday"}`, KindTimestamp, "yesterday"},
		{"strings not array", `{"kind":"strings","value":"a"}`, KindStrings, `"a"`},
		{"strings with number", `{"kind":"strings","value":["a",1]}`, KindStrings, `["a",1]`},
		{"strings with null", `{"kind":"strings","value":["a",null]}`, KindStrings, `["a",null]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := StringValue("untouched")
			err := json.Unmarshal([]byte(tc.in), &v)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			var ve *ValueError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.kind, ve.Kind)
			assert.Equal(t, tc.input, ve.Input)
			assert.NotEmpty(t, ve.Reason)
			assert.Equal(t, StringValue("untouched"), v, "failed unmarshal must not change the value")
		})
	}
}

func TestValueErrorMessagesNameTheProblem(t *testing.T) {
	t.Parallel()
	var v Value
	err := json.Unmarshal([]byte(`{"kind":"number","value":"abc"}`), &v)
	assert.EqualError(t, err, `cdp: invalid number "abc": want a decimal number such as 12.50`)
	err = json.Unmarshal([]byte(`{"kind":"money","value":"1"}`), &v)
	assert.EqualError(t, err, `cdp: invalid value: unknown kind "money"`)
}

func TestValueMarshalRefusesUnreadable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		v    Value
		kind Kind
	}{
		{"invalid date", DateValue(calendar.Date{Year: 2025, Month: time.February, Day: 30}), KindDate},
		{"zero date", DateValue(calendar.Date{}), KindDate},
		{"timestamp year 10000", TimestampValue(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)), KindTimestamp},
		{"number exponent too large", NumberValue(decimal.New(1, MaxExponent+1)), KindNumber},
		{"unknown kind", Value{kind: 99}, KindInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := json.Marshal(tc.v)
			var ve *ValueError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.kind, ve.Kind)
		})
	}
}

func TestParseKind(t *testing.T) {
	t.Parallel()
	for _, k := range []Kind{KindString, KindNumber, KindBool, KindDate, KindTimestamp, KindStrings} {
		got, err := ParseKind(k.String())
		require.NoError(t, err, k.String())
		assert.Equal(t, k, got)
	}
	for _, bad := range []string{"", "invalid", "Number", "float"} {
		_, err := ParseKind(bad)
		assert.ErrorIs(t, err, ErrInvalid, bad)
	}
	assert.Equal(t, "invalid", Kind(200).String())
}

func TestParseValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind Kind
		text string
		want Value
	}{
		{KindString, " as is ", StringValue(" as is ")},
		{KindNumber, "0.10", num("0.10")},
		{KindNumber, "+5", num("5")},
		{KindNumber, "-1.5E2", num("-150")},
		{KindNumber, "2.50e-1", num("0.250")},
		{KindBool, "true", BoolValue(true)},
		{KindBool, "0", BoolValue(false)},
		{KindDate, "2024-11-20", DateValue(calendar.MustParseDate("2024-11-20"))},
		{KindTimestamp, "2025-06-23T09:00:00-03:00", TimestampValue(time.Date(2025, 6, 23, 12, 0, 0, 0, time.UTC))},
		{KindStrings, "cdb, lci ,lca", StringsValue("cdb", "lci", "lca")},
		{KindStrings, "  ", StringsValue()},
		{KindStrings, "a,,b", StringsValue("a", "", "b")},
	}
	for _, tc := range tests {
		t.Run(tc.kind.String()+"/"+tc.text, func(t *testing.T) {
			t.Parallel()
			got, err := ParseValue(tc.kind, tc.text)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Zero(t, Compare(tc.want, got))
		})
	}
}

func TestParseValueErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind Kind
		text string
	}{
		{KindNumber, "abc"},
		{KindNumber, "1,50"},
		{KindNumber, "1.5.5"},
		{KindNumber, "1e"},
		{KindNumber, "1e1234567890"},
		{KindNumber, "1e-1001"},
		{KindNumber, "-"},
		{KindNumber, "NaN"},
		{KindNumber, "−1"},
		{KindBool, "yes"},
		{KindDate, "23/06/2025"},
		{KindTimestamp, "2025-06-23 12:00:00"},
		{KindTimestamp, "0000-01-01T00:00:00+01:00"},
		{KindInvalid, "x"},
		{Kind(42), "x"},
	}
	for _, tc := range tests {
		t.Run(tc.kind.String()+"/"+tc.text, func(t *testing.T) {
			t.Parallel()
			v, err := ParseValue(tc.kind, tc.text)
			assert.ErrorIs(t, err, ErrInvalid)
			var ve *ValueError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, shorten(tc.text), ve.Input)
			assert.Equal(t, Value{}, v)
		})
	}
}

func TestValueErrorShortensLongInput(t *testing.T) {
	t.Parallel()
	long := make([]byte, 1000)
	for i := range long {
		long[i] = 'x'
	}
	_, err := ParseValue(KindNumber, string(long))
	var ve *ValueError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, string(long[:64])+"...", ve.Input)
}

func TestValueString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    Value
		want string
	}{
		{Value{}, ""},
		{StringValue("x"), "x"},
		{num("0.10"), "0.10"},
		{NumberValue(decimal.New(15, 3)), "15000"},
		{BoolValue(true), "true"},
		{BoolValue(false), "false"},
		{DateValue(calendar.MustParseDate("2025-03-03")), "2025-03-03"},
		{TimestampValue(time.Date(2025, 1, 2, 3, 4, 5, 0, time.FixedZone("BRT", -3*3600))), "2025-01-02T06:04:05Z"},
		{StringsValue("a", "b c"), "a, b c"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, tc.v.String())
		})
	}
}

func TestValueEqual(t *testing.T) {
	t.Parallel()
	brt := time.FixedZone("BRT", -3*3600)
	instant := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		a, b Value
		want bool
	}{
		{"zero values", Value{}, Value{}, true},
		{"zero vs empty string", Value{}, StringValue(""), false},
		{"same string", StringValue("a"), StringValue("a"), true},
		{"different string", StringValue("a"), StringValue("b"), false},
		{"numbers equal across scales", num("1"), num("1.00"), true},
		{"numbers differ", num("0.10"), num("0.11"), false},
		{"number vs string", num("1"), StringValue("1"), false},
		{"bools", BoolValue(true), BoolValue(true), true},
		{"bools differ", BoolValue(true), BoolValue(false), false},
		{"dates", DateValue(calendar.MustParseDate("2025-01-01")), DateValue(calendar.MustParseDate("2025-01-01")), true},
		{"same instant other zone", TimestampValue(instant), TimestampValue(instant.In(brt)), true},
		{"instant with monotonic reading", TimestampValue(time.Now()), TimestampValue(time.Now().Add(time.Hour)), false},
		{"lists", StringsValue("a", "b"), StringsValue("a", "b"), true},
		{"lists differ in order", StringsValue("a", "b"), StringsValue("b", "a"), false},
		{"lists differ in length", StringsValue("a"), StringsValue("a", "b"), false},
		{"empty lists", StringsValue(), StringsValue([]string{}...), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, tc.a.Equal(tc.b))
			assert.Equal(t, tc.want, tc.b.Equal(tc.a), "symmetric")
		})
	}
}

func TestTimestampValueDropsMonotonicAndZone(t *testing.T) {
	t.Parallel()
	now := time.Now()
	v := TimestampValue(now)
	got, ok := v.AsTimestamp()
	require.True(t, ok)
	assert.Equal(t, now.Round(0).UTC(), got)
	assert.Equal(t, time.UTC, got.Location())
	assert.Equal(t, TimestampValue(now.Round(0).In(time.FixedZone("x", 7200))), v)
}

func TestCompareOrder(t *testing.T) {
	t.Parallel()
	// Each value sorts strictly before the next.
	ordered := []Value{
		{},
		StringValue(""),
		StringValue("a"),
		StringValue("b"),
		num("-1"),
		num("1"),
		num("1.0"),
		num("1.00"),
		num("2"),
		BoolValue(false),
		BoolValue(true),
		DateValue(calendar.MustParseDate("2024-12-31")),
		DateValue(calendar.MustParseDate("2025-01-01")),
		TimestampValue(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)),
		TimestampValue(time.Date(2025, 1, 1, 0, 0, 0, 1, time.UTC)),
		StringsValue(),
		StringsValue("a"),
		StringsValue("a", "a"),
		StringsValue("b"),
	}
	for i, a := range ordered {
		for j, b := range ordered {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			assert.Equal(t, want, Compare(a, b), "Compare(%v, %v)", a, b)
		}
	}
}

func TestCompareIsTotalOrder(t *testing.T) {
	t.Parallel()
	g := newGen(3)
	n := 3000
	if testing.Short() {
		n = 500
	}
	for i := range n {
		a, b, c := g.value(), g.value(), g.value()
		assert.Equal(t, Compare(a, b), -Compare(b, a), "antisymmetry %d: %v %v", i, a, b)
		if Compare(a, b) <= 0 && Compare(b, c) <= 0 {
			assert.LessOrEqual(t, Compare(a, c), 0, "transitivity %d: %v %v %v", i, a, b, c)
		}
		if Compare(a, b) == 0 {
			assert.True(t, a.Equal(b), "Compare 0 implies Equal %d: %v %v", i, a, b)
			assert.Equal(t, a.Kind(), b.Kind())
		}
	}
}

func TestAccessors(t *testing.T) {
	t.Parallel()
	d := calendar.MustParseDate("2025-06-19")
	ts := time.Date(2025, 6, 19, 0, 0, 0, 0, time.UTC)
	s, ok := StringValue("x").AsString()
	assert.Equal(t, "x", s)
	assert.True(t, ok)
	_, ok = num("1").AsString()
	assert.False(t, ok)
	n, ok := num("1.5").AsNumber()
	assert.True(t, ok)
	assert.Equal(t, "1.5", n.String())
	b, ok := BoolValue(true).AsBool()
	assert.True(t, b && ok)
	gd, ok := DateValue(d).AsDate()
	assert.True(t, ok)
	assert.Equal(t, d, gd)
	gt, ok := TimestampValue(ts).AsTimestamp()
	assert.True(t, ok)
	assert.Equal(t, ts, gt)
	l, ok := StringsValue("a").AsStrings()
	assert.True(t, ok)
	assert.Equal(t, []string{"a"}, l)
	assert.True(t, Value{}.IsZero())
	assert.False(t, StringValue("").IsZero())
	assert.Equal(t, KindDate, DateValue(d).Kind())
}

func TestStringsValueCopiesInput(t *testing.T) {
	t.Parallel()
	in := []string{"a", "b"}
	v := StringsValue(in...)
	in[0] = "changed"
	got, _ := v.AsStrings()
	assert.Equal(t, []string{"a", "b"}, got)
}

func TestKindText(t *testing.T) {
	t.Parallel()
	type doc struct {
		Kinds []Kind `json:"kinds"`
	}
	in := doc{Kinds: []Kind{KindString, KindNumber, KindBool, KindDate, KindTimestamp, KindStrings}}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"kinds":["string","number","bool","date","timestamp","strings"]}`, string(b))
	var out doc
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)

	for _, k := range []Kind{KindInvalid, Kind(99)} {
		_, err := json.Marshal(doc{Kinds: []Kind{k}})
		var ve *ValueError
		assert.ErrorAs(t, err, &ve, "kind %d", k)
	}
	err = json.Unmarshal([]byte(`{"kinds":["money"]}`), &out)
	assert.ErrorIs(t, err, ErrInvalid)
}
