package segment

import (
	"slices"
	"strconv"
	"strings"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

// window compiles within_next / within_last into a closed range of days.
func (c *compiler) window(tc *TraitCondition, path string) (valueTest, bool) {
	vt := valueTest{op: tc.Op, kind: cdp.KindDate}
	ok := true
	if tc.Days < 0 || tc.Days > MaxWindowDays {
		c.errs.add(joinPath(path, "days"), ErrInvalid, "want a whole number from 0 to "+itoa(MaxWindowDays)+", got "+itoa(tc.Days))
		ok = false
	}
	cal := tc.cal
	if cal == nil && tc.Calendar != "" {
		cal = c.opts.Calendars[tc.Calendar]
		if cal == nil {
			names := make([]string, 0, len(c.opts.Calendars))
			for n := range c.opts.Calendars {
				names = append(names, n)
			}
			slices.Sort(names)
			c.errs.add(joinPath(path, "business_days"), ErrUnknownCalendar,
				"unknown calendar "+strconv.Quote(tc.Calendar)+" (want one of "+strings.Join(names, ", ")+")")
			ok = false
		}
	}
	if c.opts.AsOf.IsZero() {
		c.errs.add(joinPath(path, "op"), ErrOptions, "operator "+strconv.Quote(string(tc.Op))+" needs an as-of date (Options.AsOf)")
		ok = false
	}
	if !ok {
		return vt, false
	}
	asOf := c.opts.AsOf.DaysSinceEpoch()
	n := tc.Days
	switch {
	case cal == nil && tc.Op == OpWithinNext:
		vt.lo, vt.hi = asOf, asOf+n
	case cal == nil:
		vt.lo, vt.hi = asOf-n, asOf
	case tc.Op == OpWithinNext:
		// Through the n-th business day after asOf.
		d := asOf
		for count := 0; count < n; {
			d++
			if cal.IsBusinessDay(calendar.DateFromEpochDays(d)) {
				count++
			}
		}
		vt.lo, vt.hi = asOf, d
	default:
		// From the n-th business day before asOf.
		d := asOf
		for count := 0; count < n; {
			d--
			if cal.IsBusinessDay(calendar.DateFromEpochDays(d)) {
				count++
			}
		}
		vt.lo, vt.hi = d, asOf
	}
	vt.lo = dayKey(calendar.DateFromEpochDays(vt.lo))
	vt.hi = dayKey(calendar.DateFromEpochDays(vt.hi))
	return vt, true
}

// dayKey maps a date to an integer that orders like the dates and costs no
// division: year×512 + month×32 + day.
func dayKey(d calendar.Date) int { return d.Year*512 + int(d.Month)*32 + d.Day }
