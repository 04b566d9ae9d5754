package segment

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp"
)

// TestSpecialisedAgreeWithHolds runs every condition on every value of every
// kind (and on an absent trait and a nil profile) through Match, which uses
// the specialised closures, and through Explain, which uses the general
// valueTest.holds; they must agree. It also checks which conditions are
// specialised, so that a form silently falling back to holds is noticed.
func TestSpecialisedAgreeWithHolds(t *testing.T) {
	t.Parallel()
	many := []any{"a", "b", "c", "d", "e", "f", "g", "h", "gold"} // more than 8: held in a map
	conds := []struct {
		kind        cdp.Kind
		seg         Segment
		specialised bool
	}{
		{cdp.KindString, Trait("x").Eq("gold"), true},
		{cdp.KindString, Trait("x").Ne("gold"), true},
		{cdp.KindString, Trait("x").In("SP", "RJ"), true},
		{cdp.KindString, Trait("x").NotIn("SP", "RJ"), true},
		{cdp.KindString, Trait("x").In(many...), false},
		{cdp.KindString, Trait("x").IgnoreCase().Eq("GOLD"), false},
		{cdp.KindString, Trait("x").Contains("ol"), false},
		{cdp.KindString, Trait("x").Exists(), false},
		{cdp.KindString, Trait("x").Missing(), false},
		{cdp.KindBool, Trait("x").Eq(true), true},
		{cdp.KindBool, Trait("x").Eq(false), true},
		{cdp.KindBool, Trait("x").Ne(true), true},
		{cdp.KindBool, Trait("x").Ne(false), true},
		{cdp.KindNumber, Trait("x").Eq("1000"), true},
		{cdp.KindNumber, Trait("x").Ne("1000.0"), true},
		{cdp.KindNumber, Trait("x").Gt("999.99"), true},
		{cdp.KindNumber, Trait("x").Gte("1000"), true},
		{cdp.KindNumber, Trait("x").Lt("-0.5"), true},
		{cdp.KindNumber, Trait("x").Lte("1000.000"), true},
		{cdp.KindNumber, Trait("x").Between("-1", "1000"), true},
		{cdp.KindNumber, Trait("x").In("1000", "2"), true},
		{cdp.KindNumber, Trait("x").NotIn("1000", "2"), true},
		{cdp.KindNumber, Trait("x").Missing(), false},
		{cdp.KindDate, Trait("x").Eq("2025-03-05"), true},
		{cdp.KindDate, Trait("x").Gt("2025-03-04"), true},
		{cdp.KindDate, Trait("x").Between("2025-03-01", "2025-03-05"), true},
		{cdp.KindDate, Trait("x").NotIn("2025-03-05"), true},
		{cdp.KindDate, Trait("x").WithinNextDays(5), true},
		{cdp.KindDate, Trait("x").Exists(), false},
		{cdp.KindTimestamp, Trait("x").Gt("2025-03-05T12:00:00Z"), false},
		{cdp.KindStrings, Trait("x").Contains("gold"), false},
	}
	values := []*cdp.Value{
		nil, // absent
		valuePtr(cdp.StringValue("gold")), valuePtr(cdp.StringValue("GOLD")), valuePtr(cdp.StringValue("SP")), valuePtr(cdp.StringValue("")),
		valuePtr(cdp.BoolValue(true)), valuePtr(cdp.BoolValue(false)),
		valuePtr(cdp.NumberValue(dec("1000.00"))), valuePtr(cdp.NumberValue(dec("999.99"))), valuePtr(cdp.NumberValue(dec("2"))),
		valuePtr(cdp.NumberValue(dec("-0.50"))), valuePtr(cdp.NumberValue(dec("1e-30"))),
		valuePtr(cdp.NumberValue(dec("123456789012345678901234567890"))),
		valuePtr(cdp.DateValue(date("2025-03-05"))), valuePtr(cdp.DateValue(date("2025-03-04"))),
		valuePtr(cdp.TimestampValue(ts("2025-03-05T12:00:01Z"))),
		valuePtr(cdp.StringsValue("gold", "x")),
	}
	opts := Options{AsOf: date("2025-03-01")}
	for i, c := range conds {
		m := mustCompile(t, c.seg, Catalog{"x": {Kind: c.kind}}, opts)
		assert.Equal(t, c.specialised, m.root.trait.fn != nil, "%02d %s: specialised", i, c.seg)
		assert.Equal(t, m.Explain(nil, nil).Held, m.Match(nil, nil), "%02d %s: nil profile", i, c.seg)
		for _, v := range values {
			p := &cdp.Profile{ID: "p"}
			if v != nil {
				p.Set("x", cdp.Trait{Value: *v})
			}
			assert.Equal(t, m.Explain(p, nil).Held, m.Match(p, nil), "%02d %s on %s", i, c.seg, show(v))
		}
	}
}

// TestAllAnyOfSpecialised checks the tight loops all and any run when every
// condition is specialised, against the same groups with a condition that
// is not (exists), which take the general path.
func TestAllAnyOfSpecialised(t *testing.T) {
	t.Parallel()
	cat := Catalog{"plan": {Kind: cdp.KindString}, "balance": {Kind: cdp.KindNumber}, "active": {Kind: cdp.KindBool}}
	plan, balance, active := Trait("plan").Eq("gold"), Trait("balance").Gte("1000"), Trait("active").Eq(true)
	profiles := map[string]*cdp.Profile{
		"all hold":     profile("1", "plan", cdp.StringValue("gold"), "balance", cdp.NumberValue(dec("1000.50")), "active", cdp.BoolValue(true)),
		"balance low":  profile("2", "plan", cdp.StringValue("gold"), "balance", cdp.NumberValue(dec("999")), "active", cdp.BoolValue(true)),
		"only active":  profile("3", "plan", cdp.StringValue("silver"), "active", cdp.BoolValue(true)),
		"none hold":    profile("4", "plan", cdp.StringValue("silver"), "active", cdp.BoolValue(false)),
		"no traits":    profile("5"),
		"nil profile":  nil,
		"wrong kinds":  profile("6", "plan", cdp.BoolValue(true), "balance", cdp.StringValue("2000"), "active", cdp.StringValue("true")),
		"balance huge": profile("7", "plan", cdp.StringValue("gold"), "balance", cdp.NumberValue(dec("1e40")), "active", cdp.BoolValue(true)),
	}
	want := map[string][2]bool{ // all, any
		"all hold":     {true, true},
		"balance low":  {false, true},
		"only active":  {false, true},
		"none hold":    {false, false},
		"no traits":    {false, false},
		"nil profile":  {false, false},
		"wrong kinds":  {false, false},
		"balance huge": {true, true},
	}
	all := mustCompile(t, All(plan, balance, active), cat, Options{})
	anyOf := mustCompile(t, Any(plan, balance, active), cat, Options{})
	require.Len(t, all.root.fns, 3, "all runs the tight loop")
	require.Len(t, anyOf.root.fns, 3, "any runs the tight loop")
	// The same groups with one unspecialised condition that always holds
	// (all) or never holds (any) for these profiles: general path.
	allGeneral := mustCompile(t, All(plan, balance, active, Not(Trait("balance").Eq("-1"))), cat, Options{})
	anyGeneral := mustCompile(t, Any(plan, balance, active, Trait("plan").Contains("zzz")), cat, Options{})
	require.Nil(t, allGeneral.root.fns)
	require.Nil(t, anyGeneral.root.fns)
	for name, p := range profiles {
		got := [2]bool{all.Match(p, nil), anyOf.Match(p, nil)}
		general := [2]bool{allGeneral.Match(p, nil), anyGeneral.Match(p, nil)}
		assert.Equal(t, want[name], got, name)
		assert.Equal(t, want[name], general, name+" (general path)")
	}
}

func valuePtr(v cdp.Value) *cdp.Value { return &v }

func show(v *cdp.Value) string {
	if v == nil {
		return "absent"
	}
	return fmt.Sprintf("%s %q", v.Kind(), v.String())
}
