package segment

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

func TestExplain(t *testing.T) {
	t.Parallel()
	seg := All(
		Trait("cdp_reinvestable_amount").Gte("1000"),
		Any(Trait("cdp_segment").IgnoreCase().Eq("private"), Trait("cdp_tags").Contains("vip")),
		Not(Trait("cdp_email_opt_out").Eq(true)),
		Trait("cdp_next_expiry_date").WithinBusinessDays(calendar.ANBIMA(), 2),
		Event("app_opened").AtLeast(2),
		Trait("cdp_balance").Gt("0"),
	)
	m := mustCompile(t, seg, testCatalog, Options{AsOf: date("2025-02-27")})
	p := profile("p",
		"cdp_reinvestable_amount", cdp.NumberValue(dec("1234.56")),
		"cdp_segment", cdp.StringValue("Retail"),
		"cdp_tags", cdp.StringsValue("vip", "new"),
		"cdp_email_opt_out", cdp.BoolValue(false),
		"cdp_next_expiry_date", cdp.DateValue(date("2025-03-06")),
		"cdp_balance", cdp.StringValue("oops"),
	)
	ev := GroupEvents(eventsAt("app_opened", "2025-02-01T10:00:00Z"))
	got := m.Explain(p, ev)
	want := Explanation{Condition: "all of", Held: false, Children: []Explanation{
		{Condition: "reinvestable amount ≥ 1000", Held: true, Seen: "1234.56"},
		{Condition: "any of", Held: true, Children: []Explanation{
			{Condition: `segment = "private" (ignoring case)`, Held: false, Seen: `"Retail"`},
			{Condition: `tags contains "vip"`, Held: true, Seen: `["vip", "new"]`},
		}},
		{Condition: "not", Held: true, Children: []Explanation{
			{Condition: "email opt out = true", Held: false, Seen: "false"},
		}},
		{Condition: "next expiry within 2 business days (ANBIMA)", Held: false, Seen: "2025-03-06"},
		{Condition: "app opened at least 2 times", Held: false, Seen: "1 matching event"},
		{Condition: "balance > 0", Held: false, Seen: `"oops" (a string, want number)`},
	}}
	assert.Equal(t, want, got)
	assert.Equal(t, m.Match(p, ev), got.Held)
	assert.Equal(t, `✗ all of
  ✓ reinvestable amount ≥ 1000 (seen 1234.56)
  ✓ any of
    ✗ segment = "private" (ignoring case) (seen "Retail")
    ✓ tags contains "vip" (seen ["vip", "new"])
  ✓ not
    ✗ email opt out = true (seen false)
  ✗ next expiry within 2 business days (ANBIMA) (seen 2025-03-06)
  ✗ app opened at least 2 times (seen 1 matching event)
  ✗ balance > 0 (seen "oops" (a string, want number))`, got.String())

	missing := m.Explain(profile("q"), nil)
	assert.Equal(t, Explanation{Condition: "reinvestable amount ≥ 1000", Held: false, Seen: "missing"}, missing.Children[0])
	assert.Equal(t, Explanation{Condition: "app opened at least 2 times", Held: false, Seen: "0 matching events"}, missing.Children[4])
}

func TestRender(t *testing.T) {
	t.Parallel()
	anbima := calendar.ANBIMA()
	cases := []struct {
		seg  Segment
		want string
	}{
		{All(Trait("cdp_reinvestable_amount").Gte(dec("1000")), Trait("cdp_next_expiry_date").WithinBusinessDays(anbima, 2)),
			"reinvestable amount ≥ 1000 and next expiry within 2 business days (ANBIMA)"},
		{Trait("cdp_next_expiry_date").WithinBusinessDays(anbima, 1), "next expiry within 1 business day (ANBIMA)"},
		{Trait("cdp_next_expiry_date").WithinLastBusinessDays(calendar.B3(), 3), "next expiry within the last 3 business days (B3)"},
		{Trait("cdp_next_expiry_date").WithinNextDays(1), "next expiry within 1 day"},
		{Trait("cdp_next_expiry_date").WithinLastDays(30), "next expiry within the last 30 days"},
		{Any(Trait("a").Ne("x"), All(Trait("b").Lt(1), Trait("c").Lte(2))), `a ≠ "x" or (b < 1 and c ≤ 2)`},
		{Not(Any(Trait("a").Gt(1), Trait("b").Exists())), "not (a > 1 or b is set)"},
		{All(Trait("a").Missing()), "a is missing"},
		{Trait("tags").NotIn("x", 2, true, date("2025-01-02")), `tags is none of "x", 2, true, 2025-01-02`},
		{Trait("name").IgnoreCase().StartsWith("Ana"), `name starts with "Ana" (ignoring case)`},
		{Trait("name").EndsWith("son"), `name ends with "son"`},
		{Trait("name").Eq(""), `name = ""`},
		{Event("login").Happened(), "login at least once"},
		{Event("login").AtLeast(1), "login at least once"},
		{Event("login").WithinDays(1).AtMost(1), "login at most once in the last 1 day"},
		{Event("login").Count(2, 2), "login exactly 2 times"},
		{Event("login").Between(date("2025-01-01"), date("2025-01-31")).Count(1, 3), "login between 1 and 3 times between 2025-01-01 and 2025-01-31"},
		{Segment{Event: &EventCondition{Name: "login", From: "2025-01-01"}}, "login at least once since 2025-01-01"},
		{Segment{Event: &EventCondition{Name: "login", To: "2025-01-01"}}, "login at least once until 2025-01-01"},
		{Segment{}, "(empty condition)"},
		{Segment{Trait: &TraitCondition{Name: "a", Op: "weird", Value: "1"}}, "a weird 1"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, tc.seg.String())
		})
	}
	m := mustCompile(t, cases[0].seg, testCatalog, Options{AsOf: date("2025-01-02")})
	assert.Equal(t, cases[0].want, m.String())
	assert.Equal(t, cases[0].seg, m.Segment())
}

func TestLiteralConversions(t *testing.T) {
	t.Parallel()
	d := dec("12.50")
	cases := []struct {
		in   any
		want string
	}{
		{"x", "x"}, {d, "12.5"}, {&d, "12.5"}, {int(3), "3"}, {int64(-4), "-4"}, {int32(5), "5"},
		{uint(6), "6"}, {uint64(7), "7"}, {true, "true"}, {date("2025-01-02"), "2025-01-02"},
		{ts("2025-01-02T03:04:05.5Z"), "2025-01-02T03:04:05.5Z"},
		{cdp.StringValue("s"), "s"}, {cdp.NumberValue(dec("1.0")), "1"}, {cdp.BoolValue(false), "false"},
		{cdp.DateValue(date("2025-01-02")), "2025-01-02"}, {cdp.TimestampValue(ts("2025-01-02T03:04:05Z")), "2025-01-02T03:04:05Z"},
	}
	for _, tc := range cases {
		got, err := literal(tc.in)
		assert.NoError(t, err, "%T", tc.in)
		assert.Equal(t, tc.want, got, "%T", tc.in)
	}
	for _, bad := range []any{1.5, (*decimal.Decimal)(nil), struct{}{}, cdp.StringsValue("a"), cdp.Value{}, nil} {
		_, err := literal(bad)
		assert.Error(t, err, "%T", bad)
	}
}
