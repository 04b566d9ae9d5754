package segment

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

func TestBusinessDayWindows(t *testing.T) {
	t.Parallel()
	anbima, b3 := calendar.ANBIMA(), calendar.B3()
	cases := []struct {
		name   string
		asOf   string
		seg    Segment
		expiry string
		want   bool
	}{
		// Carnival 2025: Mon 03-03 and Tue 03-04 are holidays.
		{"Carnival: Sat maturity, 2 business days before (Thu)", "2025-02-27", Trait("d").WithinBusinessDays(anbima, 2), "2025-03-01", true},
		{"Carnival: payment day Wed inside from Thu", "2025-02-27", Trait("d").WithinBusinessDays(anbima, 2), "2025-03-05", true},
		{"Carnival: Thu after is the 3rd business day", "2025-02-27", Trait("d").WithinBusinessDays(anbima, 2), "2025-03-06", false},
		{"Carnival: Sat maturity not yet from Wed", "2025-02-26", Trait("d").WithinBusinessDays(anbima, 2), "2025-03-01", false},
		{"Carnival: Fri is the 2nd business day from Wed", "2025-02-26", Trait("d").WithinBusinessDays(anbima, 2), "2025-02-28", true},
		{"Carnival Monday is not a business day", "2025-02-28", Trait("d").WithinBusinessDays(anbima, 1), "2025-03-04", true},
		{"Carnival: Ash Wednesday is the 1st business day after Fri", "2025-02-28", Trait("d").WithinBusinessDays(anbima, 1), "2025-03-05", true},
		{"Carnival: Thu is the 2nd", "2025-02-28", Trait("d").WithinBusinessDays(anbima, 1), "2025-03-06", false},
		// Carnival 2026: Mon 02-16 and Tue 02-17.
		{"Carnival 2026 from Thu, 2 days reach Wed", "2026-02-12", Trait("d").WithinBusinessDays(anbima, 2), "2026-02-18", true},
		{"Carnival 2026 from Thu, Thu is out", "2026-02-12", Trait("d").WithinBusinessDays(anbima, 2), "2026-02-19", false},
		// Weekends.
		{"weekend: Fri + 1 reaches Mon", "2025-06-06", Trait("d").WithinBusinessDays(anbima, 1), "2025-06-09", true},
		{"weekend: Sun maturity paid Mon", "2025-06-06", Trait("d").WithinBusinessDays(anbima, 1), "2025-06-08", true},
		{"weekend: Tue is out", "2025-06-06", Trait("d").WithinBusinessDays(anbima, 1), "2025-06-10", false},
		{"as-of on Saturday, 1 day reaches Mon", "2025-06-07", Trait("d").WithinBusinessDays(anbima, 1), "2025-06-09", true},
		{"as-of day itself with 0 days", "2025-06-07", Trait("d").WithinBusinessDays(anbima, 0), "2025-06-07", true},
		{"0 days excludes tomorrow", "2025-06-07", Trait("d").WithinBusinessDays(anbima, 0), "2025-06-08", false},
		{"past dates are out", "2025-06-06", Trait("d").WithinBusinessDays(anbima, 5), "2025-06-05", false},
		// Corpus Christi 2025 (Thu 06-19).
		{"Corpus Christi skipped", "2025-06-18", Trait("d").WithinBusinessDays(anbima, 1), "2025-06-20", true},
		// B3 closes on Dec 24, ANBIMA does not.
		{"ANBIMA: Dec 24 2025 counts", "2025-12-23", Trait("d").WithinBusinessDays(anbima, 1), "2025-12-26", false},
		{"B3: Dec 24 2025 does not count", "2025-12-23", Trait("d").WithinBusinessDays(b3, 1), "2025-12-26", true},
		// Looking back.
		{"last: Mon − 1 business day is Fri", "2025-06-09", Trait("d").WithinLastBusinessDays(anbima, 1), "2025-06-06", true},
		{"last: Thu before is out", "2025-06-09", Trait("d").WithinLastBusinessDays(anbima, 1), "2025-06-05", false},
		{"last: across Carnival", "2025-03-05", Trait("d").WithinLastBusinessDays(anbima, 1), "2025-02-28", true},
		{"last: future is out", "2025-03-05", Trait("d").WithinLastBusinessDays(anbima, 1), "2025-03-06", false},
		// Calendar days.
		{"next 2 days includes as-of + 2", "2025-03-01", Trait("d").WithinNextDays(2), "2025-03-03", true},
		{"next 2 days excludes as-of + 3", "2025-03-01", Trait("d").WithinNextDays(2), "2025-03-04", false},
		{"next days excludes yesterday", "2025-03-01", Trait("d").WithinNextDays(2), "2025-02-28", false},
		{"last 30 days includes as-of − 30", "2025-03-31", Trait("d").WithinLastDays(30), "2025-03-01", true},
		{"last 30 days excludes as-of − 31", "2025-03-31", Trait("d").WithinLastDays(30), "2025-02-28", false},
		{"leap day", "2024-02-28", Trait("d").WithinNextDays(1), "2024-02-29", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := mustCompile(t, tc.seg, Catalog{"d": {Kind: cdp.KindDate}}, Options{AsOf: date(tc.asOf)})
			p := profile("p", "d", cdp.DateValue(date(tc.expiry)))
			assert.Equal(t, tc.want, m.Match(p, nil), "as of %s, expiry %s, %s", tc.asOf, tc.expiry, tc.seg)
			assert.Equal(t, tc.want, m.Explain(p, nil).Held, "explain agrees with match")
		})
	}
}

// TestBusinessWindowAgreesWithCalendar checks the compiled window bounds
// against the calendar's own arithmetic for every as-of day of two years.
func TestBusinessWindowAgreesWithCalendar(t *testing.T) {
	t.Parallel()
	anbima := calendar.ANBIMA()
	start := date("2025-01-01")
	for i := range 730 {
		asOf := start.AddDays(i)
		for _, n := range []int{1, 2, 5} {
			c := &compiler{opts: Options{AsOf: asOf}}
			next, ok := c.window(&TraitCondition{Op: OpWithinNext, Days: n, cal: anbima}, "")
			require.True(t, ok)
			last, ok := c.window(&TraitCondition{Op: OpWithinLast, Days: n, cal: anbima}, "")
			require.True(t, ok)
			want := [4]calendar.Date{asOf, anbima.AddBusinessDays(asOf, n), anbima.AddBusinessDays(asOf, -n), asOf}
			got := [4]calendar.Date{fromKey(next.lo), fromKey(next.hi), fromKey(last.lo), fromKey(last.hi)}
			if !assert.Equal(t, want, got, "as of %s, n=%d", asOf, n) {
				return
			}
		}
	}
}

func TestWindowCalendarByName(t *testing.T) {
	t.Parallel()
	seg, err := Parse([]byte(`{"trait":"cdp_next_expiry_date","op":"within_next","days":1,"business_days":"b3"}`))
	require.NoError(t, err)
	m := mustCompile(t, seg, testCatalog, Options{AsOf: date("2025-12-23")})
	assert.True(t, m.Match(profile("p", "cdp_next_expiry_date", cdp.DateValue(date("2025-12-26"))), nil),
		"B3 is closed on Dec 24")

	custom := calendar.New("Weekends")
	m = mustCompile(t, seg, testCatalog, Options{AsOf: date("2025-12-23"),
		Calendars: map[string]BusinessCalendar{"b3": custom}})
	assert.False(t, m.Match(profile("p", "cdp_next_expiry_date", cdp.DateValue(date("2025-12-26"))), nil),
		"the caller's calendar named b3 has no holidays")
}

// fromKey inverts dayKey for years after 0.
func fromKey(k int) calendar.Date {
	return calendar.Date{Year: k / 512, Month: time.Month(k % 512 / 32), Day: k % 32}
}

func TestDayKeyOrdersLikeDates(t *testing.T) {
	t.Parallel()
	d := date("1999-12-25")
	for range 3000 {
		e := d.AddDays(1)
		require.Less(t, dayKey(d), dayKey(e), "%s < %s", d, e)
		require.Equal(t, d, fromKey(dayKey(d)))
		d = e
	}
	assert.Less(t, dayKey(calendar.Date{Year: -1, Month: 12, Day: 31}), dayKey(calendar.Date{Year: 0, Month: 1, Day: 1}))
}
