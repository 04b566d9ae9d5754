package segment

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/warrenbrasil/customerdata/cdp"
)

func TestMatchOperatorsByKind(t *testing.T) {
	t.Parallel()
	num := func(s string) *cdp.Value { v := cdp.NumberValue(dec(s)); return &v }
	str := func(s string) *cdp.Value { v := cdp.StringValue(s); return &v }
	boolean := func(b bool) *cdp.Value { v := cdp.BoolValue(b); return &v }
	day := func(s string) *cdp.Value { v := cdp.DateValue(date(s)); return &v }
	stamp := func(s string) *cdp.Value { v := cdp.TimestampValue(ts(s)); return &v }
	sum := func(a, b string) *cdp.Value { v := cdp.NumberValue(dec(a).Add(dec(b))); return &v }
	list := func(ss ...string) *cdp.Value { v := cdp.StringsValue(ss...); return &v }
	x := Trait("x")
	xi := Trait("x").IgnoreCase()
	cases := []struct {
		kind cdp.Kind
		seg  Segment
		val  *cdp.Value // nil: the profile lacks the trait
		want bool
	}{
		// numbers, exact decimals
		{cdp.KindNumber, x.Eq("0.3"), num("0.3"), true},
		{cdp.KindNumber, x.Eq(dec("0.1").Add(dec("0.2"))), num("0.3"), true},
		{cdp.KindNumber, x.Eq("0.3"), sum("0.1", "0.2"), true},
		{cdp.KindNumber, x.Eq("1000"), num("1000.00"), true},
		{cdp.KindNumber, x.Eq("1000.001"), num("1000"), false},
		{cdp.KindNumber, x.Ne("1000"), num("1000.00"), false},
		{cdp.KindNumber, x.Ne("1000"), num("999.99"), true},
		{cdp.KindNumber, x.Ne("1000"), nil, false},
		{cdp.KindNumber, x.Gt("1000"), num("1000.01"), true},
		{cdp.KindNumber, x.Gt("1000"), num("1000.00"), false},
		{cdp.KindNumber, x.Gte("1000"), num("1000.00"), true},
		{cdp.KindNumber, x.Gte("1000"), num("999.999999"), false},
		{cdp.KindNumber, x.Gte("1000"), num("1234.56"), true},
		{cdp.KindNumber, x.Gte("1000"), nil, false},
		{cdp.KindNumber, x.Lt("-5"), num("-5.0001"), true},
		{cdp.KindNumber, x.Lt("-5"), num("-5"), false},
		{cdp.KindNumber, x.Lte("-5"), num("-5.000"), true},
		{cdp.KindNumber, x.Lte("0"), num("0.0001"), false},
		{cdp.KindNumber, x.Between("10", "20"), num("10.0"), true},
		{cdp.KindNumber, x.Between("10", "20"), num("20.00"), true},
		{cdp.KindNumber, x.Between("10", "20"), num("20.01"), false},
		{cdp.KindNumber, x.Between("10", "20"), num("9.99"), false},
		{cdp.KindNumber, x.In("1", "2.5", "3"), num("2.50"), true},
		{cdp.KindNumber, x.In("1", "2.5", "3"), num("2.51"), false},
		{cdp.KindNumber, x.NotIn("1", "2.5"), num("2.51"), true},
		{cdp.KindNumber, x.NotIn("1", "2.5"), num("1.0"), false},
		{cdp.KindNumber, x.NotIn("1", "2.5"), nil, false},
		{cdp.KindNumber, x.Gt("99999999999999999999999"), num("100000000000000000000000"), true},
		{cdp.KindNumber, x.Gt("1"), num("100000000000000000000000.5"), true},
		{cdp.KindNumber, x.Gt("1"), str("5"), false}, // wrong kind in the profile
		{cdp.KindNumber, x.Exists(), str("5"), true},
		// strings
		{cdp.KindString, x.Eq("private"), str("private"), true},
		{cdp.KindString, x.Eq("private"), str("Private"), false},
		{cdp.KindString, xi.Eq("private"), str("PRIVATE"), true},
		{cdp.KindString, x.Ne("private"), str("retail"), true},
		{cdp.KindString, xi.Ne("private"), str("Private"), false},
		{cdp.KindString, x.Ne("private"), nil, false},
		{cdp.KindString, x.In("a", "b"), str("b"), true},
		{cdp.KindString, x.In("a", "b"), str("B"), false},
		{cdp.KindString, xi.In("a", "b"), str("B"), true},
		{cdp.KindString, x.In("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), str("j"), true}, // map path
		{cdp.KindString, x.In("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), str("J"), false},
		{cdp.KindString, xi.In("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), str("J"), true},
		{cdp.KindString, x.NotIn("a", "b"), str("c"), true},
		{cdp.KindString, xi.NotIn("a", "b"), str("A"), false},
		{cdp.KindString, x.Contains("vest"), str("investor"), true},
		{cdp.KindString, x.Contains("VEST"), str("investor"), false},
		{cdp.KindString, xi.Contains("VEST"), str("investor"), true},
		{cdp.KindString, xi.Contains("ção"), str("APLICAÇÃO"), true},
		{cdp.KindString, xi.Contains("xyz"), str("investor"), false},
		{cdp.KindString, xi.Contains(""), str("investor"), true},
		{cdp.KindString, x.StartsWith("inv"), str("investor"), true},
		{cdp.KindString, x.StartsWith("Inv"), str("investor"), false},
		{cdp.KindString, xi.StartsWith("INV"), str("investor"), true},
		{cdp.KindString, xi.StartsWith("investors"), str("investor"), false},
		{cdp.KindString, x.EndsWith("tor"), str("investor"), true},
		{cdp.KindString, xi.EndsWith("TOR"), str("investor"), true},
		{cdp.KindString, xi.EndsWith("ÇÃO"), str("aplicação"), true},
		{cdp.KindString, xi.EndsWith("x"), str("investor"), false},
		{cdp.KindString, x.Exists(), str(""), true},
		{cdp.KindString, x.Missing(), nil, true},
		{cdp.KindString, x.Missing(), str("a"), false},
		{cdp.KindString, x.Exists(), nil, false},
		// bools
		{cdp.KindBool, x.Eq(true), boolean(true), true},
		{cdp.KindBool, x.Eq(true), boolean(false), false},
		{cdp.KindBool, x.Ne(true), boolean(false), true},
		{cdp.KindBool, x.Eq(false), nil, false},
		// dates
		{cdp.KindDate, x.Eq("2025-03-05"), day("2025-03-05"), true},
		{cdp.KindDate, x.Ne("2025-03-05"), day("2025-03-06"), true},
		{cdp.KindDate, x.Gt(date("2025-03-05")), day("2025-03-06"), true},
		{cdp.KindDate, x.Gt("2025-03-05"), day("2025-03-05"), false},
		{cdp.KindDate, x.Gte("2025-03-05"), day("2025-03-05"), true},
		{cdp.KindDate, x.Lt("2025-03-05"), day("2024-12-31"), true},
		{cdp.KindDate, x.Lte("2025-03-05"), day("2025-03-06"), false},
		{cdp.KindDate, x.Between("2025-01-01", "2025-12-31"), day("2025-12-31"), true},
		{cdp.KindDate, x.Between("2025-01-01", "2025-12-31"), day("2026-01-01"), false},
		{cdp.KindDate, x.In("2025-01-01", "2025-02-01"), day("2025-02-01"), true},
		{cdp.KindDate, x.NotIn("2025-01-01", "2025-02-01"), day("2025-02-01"), false},
		{cdp.KindDate, x.Gt("2025-03-05"), nil, false},
		{cdp.KindDate, x.Between("2025-01-01", "2025-12-31"), nil, false},
		{cdp.KindDate, x.Between("2025-01-01", "2025-12-31"), str("2025-06-01"), false},
		{cdp.KindString, x.In("a", "b"), nil, false},
		{cdp.KindString, x.In("a", "b"), num("1"), false},
		{cdp.KindNumber, x.Lt("1"), nil, false},
		{cdp.KindNumber, x.Lte("1"), nil, false},
		{cdp.KindNumber, x.Gt("1"), nil, false},
		// timestamps
		{cdp.KindTimestamp, x.Eq("2025-03-05T12:00:00Z"), stamp("2025-03-05T09:00:00-03:00"), true},
		{cdp.KindTimestamp, x.Ne("2025-03-05T12:00:00Z"), stamp("2025-03-05T12:00:01Z"), true},
		{cdp.KindTimestamp, x.Gt("2025-03-05T12:00:00Z"), stamp("2025-03-05T12:00:01Z"), true},
		{cdp.KindTimestamp, x.Gte("2025-03-05T12:00:00Z"), stamp("2025-03-05T12:00:00Z"), true},
		{cdp.KindTimestamp, x.Lt("2025-03-05T12:00:00Z"), stamp("2025-03-05T12:00:00Z"), false},
		{cdp.KindTimestamp, x.Lte("2025-03-05T12:00:00Z"), stamp("2025-03-05T12:00:00Z"), true},
		{cdp.KindTimestamp, x.Between("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"), stamp("2025-01-01T23:59:59.999Z"), true},
		{cdp.KindTimestamp, x.Between("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"), stamp("2025-01-02T00:00:00.001Z"), false},
		// string lists: membership
		{cdp.KindStrings, x.Contains("vip"), list("new", "vip"), true},
		{cdp.KindStrings, x.Contains("vi"), list("new", "vip"), false},
		{cdp.KindStrings, x.Contains("VIP"), list("new", "vip"), false},
		{cdp.KindStrings, xi.Contains("VIP"), list("new", "vip"), true},
		{cdp.KindStrings, x.In("vip", "gold"), list("new", "gold"), true},
		{cdp.KindStrings, x.In("vip", "gold"), list("new"), false},
		{cdp.KindStrings, x.In("vip"), list(), false},
		{cdp.KindStrings, x.NotIn("vip", "gold"), list("new"), true},
		{cdp.KindStrings, x.NotIn("vip", "gold"), list(), true},
		{cdp.KindStrings, x.NotIn("vip", "gold"), list("gold"), false},
		{cdp.KindStrings, xi.NotIn("vip"), list("VIP"), false},
		{cdp.KindStrings, x.NotIn("vip"), nil, false},
		{cdp.KindStrings, x.Missing(), nil, true},
	}
	for i, tc := range cases {
		name := fmt.Sprintf("%02d %s %s", i, tc.kind, tc.seg)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := mustCompile(t, tc.seg, Catalog{"x": {Kind: tc.kind}}, Options{})
			p := &cdp.Profile{ID: "p"}
			if tc.val != nil {
				p.Set("x", cdp.Trait{Value: *tc.val})
			}
			assert.Equal(t, tc.want, m.Match(p, nil), "value %v", tc.val)
			assert.Equal(t, tc.want, m.Explain(p, nil).Held, "explain agrees with match")
		})
	}
}
