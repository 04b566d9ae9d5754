package calendar

import (
	"slices"
	"strings"
	"sync"

	"github.com/rickar/cal/v2"
)

// Calendar is a business-day calendar: Saturdays, Sundays and a set of
// holidays are non-business days, every other day is a business day.
//
// A Calendar is immutable once constructed and safe for concurrent use by
// any number of goroutines. Its holiday rules are copied at construction, so
// later changes to the *cal.Holiday values passed to New do not affect it.
// The first query builds a business-day index over the years
// IndexFirstYear..IndexLastYear (once, lazily, under a sync.Once); queries
// inside that range are O(1) and do not allocate. Queries outside it are
// answered from the same rules in closed form, in microseconds, with a
// table of whole-year counts built lazily in blocks of years (see the
// package documentation, "Far dates").
//
// Use ANBIMA, B3 or New to obtain one. A Calendar must not be copied after
// first use (go vet reports copies). The zero Calendar is usable and counts
// only weekends as non-business days.
type Calendar struct {
	name  string
	rules []*cal.Holiday // private copies, never modified after New

	once sync.Once
	idx  *index

	years yearTable // whole-year counts outside the index, built lazily
}

// Holiday is one non-business day of a Calendar other than a plain weekend:
// the date the holiday is observed and its name. When several rules fall on
// the same date, Name joins their names with " / " in the order the rules were
// given.
type Holiday struct {
	Date Date
	Name string
}

// New returns a calendar named name whose non-business days are Saturdays,
// Sundays and the given holidays, which are rickar/cal rules (a city's
// holidays, say, appended to the ANBIMA-style national set).
//
// The non-business day a rule contributes is its observed date, the second
// value of (*cal.Holiday).Calc; it equals the actual date for rules without
// Observed substitutions (every Brazilian rule). A rule's observed date may
// fall in the year before or after the one it is computed for (a Saturday New
// Year observed on Friday 31 December); it counts in the year it falls in.
//
// Holidays are evaluated in civil-day terms, as a UTC calendar would: the
// calendar takes the year, month and day of the time Calc returns, in that
// time's own location, and never converts it to another zone. rickar's
// calculation functions build their times in the mutable global
// cal.DefaultLoc, but since only the civil day is read, the result does not
// depend on what DefaultLoc is set to. This package never assigns
// cal.DefaultLoc and never enables rickar's unsynchronised Cacheable cache.
// A custom cal.HolidayFn should return
// time.Date(year, month, day, 0, 0, 0, 0, time.UTC).
//
// New copies every rule (Except and Observed included), so later changes to
// the values passed in do not affect the calendar. Nil entries are ignored, as
// rickar ignores a rule without a Func.
func New(name string, holidays ...*cal.Holiday) *Calendar {
	c := &Calendar{name: name}
	for _, h := range holidays {
		if h == nil {
			continue
		}
		cp := *h
		cp.Except = slices.Clone(h.Except)
		cp.Observed = slices.Clone(h.Observed)
		c.rules = append(c.rules, &cp)
	}
	return c
}

// Name returns the name given to the calendar ("ANBIMA", "B3", or the name
// passed to New).
func (c *Calendar) Name() string { return c.name }

// String returns the calendar's name.
func (c *Calendar) String() string { return c.name }

// Holidays returns the holidays observed in year, sorted by date, one entry
// per date. Holidays that fall on a Saturday or Sunday are included (they are
// not moved to a weekday in Brazil). The slice is freshly allocated and owned
// by the caller.
func (c *Calendar) Holidays(year int) []Holiday {
	return c.holidaysOf(year)
}

// Holiday reports whether d is a holiday of the calendar and, if so, its name.
// A plain weekend is not a holiday: Holiday(Saturday) reports ok == false
// unless a rule falls on it. An invalid Date is first normalised as time.Date
// would (2025-02-30 is 2025-03-02).
func (c *Calendar) Holiday(d Date) (name string, ok bool) {
	e := d.DaysSinceEpoch()
	if i := e - indexLo; i >= 0 && i < indexDays {
		name, ok = c.index().names[int32(e)]
		return name, ok
	}
	y := DateFromEpochDays(e).Year
	for _, h := range c.holidaysOf(y) {
		if h.Date.DaysSinceEpoch() == e {
			return h.Name, true
		}
	}
	return "", false
}

// holidaysOf computes the holidays observed in year y from the rules.
func (c *Calendar) holidaysOf(y int) []Holiday {
	var out []Holiday
	for _, h := range c.rules {
		for yy := y - 1; yy <= y+1; yy++ {
			_, obs := h.Calc(yy)
			if obs.IsZero() {
				continue
			}
			d := DateOf(obs)
			if d.Year != y {
				continue
			}
			out = append(out, Holiday{Date: d, Name: h.Name})
		}
	}
	slices.SortStableFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	// Merge rules that fall on the same date.
	merged := out[:0]
	for _, h := range out {
		if n := len(merged); n > 0 && merged[n-1].Date == h.Date {
			if !slices.Contains(strings.Split(merged[n-1].Name, " / "), h.Name) {
				merged[n-1].Name += " / " + h.Name
			}
			continue
		}
		merged = append(merged, h)
	}
	return merged
}

// isWeekend reports whether epoch day e is a Saturday or Sunday.
func isWeekend(e int) bool {
	w := (e + 4) % 7 // 1970-01-01 was a Thursday; 0 = Sunday
	if w < 0 {
		w += 7
	}
	return w == 0 || w == 6
}
