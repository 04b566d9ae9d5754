package hubspot

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

func TestEncodeValue(t *testing.T) {
	t.Parallel()
	sp := time.FixedZone("BRT", -3*3600)
	tests := []struct {
		name string
		in   cdp.Value
		want string
	}{
		{"zero clears", cdp.Value{}, ""},
		{"string", cdp.StringValue("Ana Lúcia"), "Ana Lúcia"},
		{"empty string", cdp.StringValue(""), ""},
		{"integer", cdp.NumberValue(decimal.NewFromInt(1500)), "1500"},
		{"money keeps scale", cdp.NumberValue(decimal.RequireFromString("1234.50")), "1234.50"},
		{"negative", cdp.NumberValue(decimal.RequireFromString("-0.001")), "-0.001"},
		{"big exponent prints plainly", cdp.NumberValue(decimal.New(12, 30)), "12000000000000000000000000000000"},
		{"tiny exponent prints plainly", cdp.NumberValue(decimal.New(5, -20)), "0.00000000000000000005"},
		{"coefficient beyond int64", cdp.NumberValue(decimal.RequireFromString("-123456789012345678901234.5678")), "-123456789012345678901234.5678"},
		{"zero with scale", cdp.NumberValue(decimal.New(0, -2)), "0.00"},
		{"zero with exponent", cdp.NumberValue(decimal.New(0, 3)), "0"},
		{"leading zeros", cdp.NumberValue(decimal.New(-12, -5)), "-0.00012"},
		{"from float-looking text", cdp.NumberValue(decimal.RequireFromString("1e3")), "1000"},
		{"true", cdp.BoolValue(true), "true"},
		{"false", cdp.BoolValue(false), "false"},
		{"date", cdp.DateValue(calendar.Date{Year: 2026, Month: time.March, Day: 2}), "2026-03-02"},
		{"timestamp in UTC with ms", cdp.TimestampValue(time.Date(2026, 3, 1, 21, 30, 0, 123456789, sp)), "2026-03-02T00:30:00.123Z"},
		{"list", cdp.StringsValue("a", "b c", "d"), "a;b c;d"},
		{"empty list", cdp.StringsValue(), ""},
		{"max length", cdp.StringValue(strings.Repeat("é", MaxStringLength)), strings.Repeat("é", MaxStringLength)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := EncodeValue(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestEncodeValueRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   cdp.Value
	}{
		{"string too long", cdp.StringValue(strings.Repeat("a", MaxStringLength+1))},
		{"list too long", cdp.StringsValue(strings.Repeat("a", MaxStringLength), "b")},
		{"list item with separator", cdp.StringsValue("a;b")},
		{"invalid date", cdp.DateValue(calendar.Date{Year: 2026, Month: 2, Day: 30})},
		{"zero date", cdp.DateValue(calendar.Date{})},
		{"zero timestamp", cdp.TimestampValue(time.Time{})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := EncodeValue(tc.in)
			var ve *ValueError
			require.ErrorAs(t, err, &ve)
		})
	}
}

func TestPropertiesEncodeNamesTheProperty(t *testing.T) {
	t.Parallel()
	got, err := Properties{"a": cdp.BoolValue(true), "b": cdp.Value{}}.Encode()
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "true", "b": ""}, got)

	_, err = Properties{"bio": cdp.StringValue(strings.Repeat("x", MaxStringLength+1))}.Encode()
	var ve *ValueError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "bio", ve.Property)
}

// FuzzEncodeNumber checks that any decimal encodes as plain digits with at
// most one '.', an optional leading '-', no exponent, and the same value.
func FuzzEncodeNumber(f *testing.F) {
	f.Add(int64(0), int32(0))
	f.Add(int64(123450), int32(-2))
	f.Add(int64(-5), int32(-30))
	f.Add(int64(7), int32(40))
	f.Add(int64(-9223372036854775808), int32(-5))
	f.Fuzz(func(t *testing.T, coef int64, exp int32) {
		if exp > 200 || exp < -200 {
			return // keep strings short; the code path is the same
		}
		d := decimal.New(coef, exp)
		s, err := EncodeValue(cdp.NumberValue(d))
		if err != nil {
			t.Fatalf("EncodeValue(%s): %v", d, err)
		}
		body := strings.TrimPrefix(s, "-")
		if body == "" || strings.Count(body, ".") > 1 || strings.Trim(body, "0123456789.") != "" {
			t.Fatalf("EncodeValue(%s) = %q: not a plain decimal", d, s)
		}
		fixed := d.StringFixed(0)
		if exp < 0 {
			fixed = d.StringFixed(-exp)
		}
		if s != fixed {
			t.Fatalf("EncodeValue(%s) = %q, StringFixed says %q", d, s, fixed)
		}
		back, err := decimal.NewFromString(s)
		if err != nil || !back.Equal(d) {
			t.Fatalf("EncodeValue(%s) = %q does not round-trip (%v)", d, s, err)
		}
	})
}

func TestFormatTimestampMatchesTimeFormat(t *testing.T) {
	t.Parallel()
	for _, tm := range []time.Time{
		time.Date(2026, 3, 1, 21, 30, 0, 123456789, time.FixedZone("BRT", -3*3600)),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Unix(0, 0),
	} {
		assert.Equal(t, tm.UTC().Format("2006-01-02T15:04:05.000Z07:00"), FormatTimestamp(tm))
	}
}
