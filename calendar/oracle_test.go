package calendar_test

import (
	"sort"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
)

// This file is the test's own statement of the ANBIMA and B3 rules, written
// from docs/calendar.md without using the package under test nor rickar/cal: its
// own Easter computus (Oudin's algorithm, not Meeus/Jones/Butcher), its own
// holiday list, and time.Time for every day step.

// easter returns Western Easter Sunday of year y (Oudin, 1940).
func easter(y int) time.Time {
	g := y % 19
	c := y / 100
	h := (c - c/4 - (8*c+13)/25 + 19*g + 15) % 30
	i := h - (h/28)*(1-(29/(h+1))*((21-g)/11))
	j := (y + y/4 + i + 2 - c + c/4) % 7
	l := i - j
	month := 3 + (l+40)/44
	day := l + 28 - 31*(month/4)
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

type monthDay struct {
	m time.Month
	d int
}

// anbimaHolidayOn reports whether the civil day t (UTC midnight) is an ANBIMA
// holiday, whatever its weekday.
func anbimaHolidayOn(t time.Time) bool {
	y, m, d := t.Date()
	switch (monthDay{m, d}) {
	case monthDay{time.January, 1}, monthDay{time.April, 21}, monthDay{time.May, 1},
		monthDay{time.September, 7}, monthDay{time.October, 12}, monthDay{time.November, 2},
		monthDay{time.November, 15}, monthDay{time.December, 25}:
		return true
	case monthDay{time.November, 20}:
		if y >= 2024 {
			return true
		}
	}
	e := easter(y)
	for _, off := range []int{-48, -47, -2, 60} {
		if e.AddDate(0, 0, off).Equal(t) {
			return true
		}
	}
	return false
}

// b3HolidayOn reports whether the civil day t is a B3 closure other than a
// weekend.
func b3HolidayOn(t time.Time) bool {
	if anbimaHolidayOn(t) {
		return true
	}
	y, m, d := t.Date()
	switch {
	case m == time.December && d == 24:
		return true
	case m == time.January && d == 25 && y <= 2021:
		return true
	case m == time.July && d == 9 && y <= 2021 && y != 2020:
		return true
	case m == time.November && d == 20 && y >= 2004 && y <= 2021 && y != 2020:
		return true
	case y == 2014 && m == time.June && d == 12:
		return true
	}
	// 31 December, or the last weekday of the year.
	last := time.Date(y, time.December, 31, 0, 0, 0, 0, time.UTC)
	for last.Weekday() == time.Saturday || last.Weekday() == time.Sunday {
		last = last.AddDate(0, 0, -1)
	}
	return t.Equal(last)
}

func weekendOn(t time.Time) bool {
	return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
}

// oracle answers business-day questions for one rule set by brute force over
// a prefix table built with a day-by-day loop.
type oracle struct {
	holiday func(time.Time) bool
	first   time.Time
	cum     []int32 // cum[i] = business days in [first, first+i)
}

func utc(d calendar.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

func dateOf(t time.Time) calendar.Date {
	y, m, d := t.Date()
	return calendar.Date{Year: y, Month: m, Day: d}
}

// newOracle tabulates [from, to] (inclusive years).
func newOracle(holiday func(time.Time) bool, fromYear, toYear int) *oracle {
	o := &oracle{holiday: holiday, first: time.Date(fromYear, 1, 1, 0, 0, 0, 0, time.UTC)}
	end := time.Date(toYear+1, 1, 1, 0, 0, 0, 0, time.UTC)
	o.cum = make([]int32, 1, int(end.Sub(o.first).Hours()/24)+1)
	for t := o.first; t.Before(end); t = t.AddDate(0, 0, 1) {
		n := o.cum[len(o.cum)-1]
		if o.isBusiness(t) {
			n++
		}
		o.cum = append(o.cum, n)
	}
	return o
}

func (o *oracle) isBusiness(t time.Time) bool { return !weekendOn(t) && !o.holiday(t) }

// pos returns the position of the UTC midnight t in the table (days since
// first, by Unix seconds: time.Duration cannot span more than 292 years).
func (o *oracle) pos(t time.Time) int { return int((t.Unix() - o.first.Unix()) / 86400) }

// between counts business days in (from, to], negative when to < from.
func (o *oracle) between(from, to calendar.Date) int {
	return int(o.cum[o.pos(utc(to))+1] - o.cum[o.pos(utc(from))+1])
}

// add steps one day at a time from d, counting business days, until |n|
// are counted.
func (o *oracle) add(d calendar.Date, n int) calendar.Date {
	t := utc(d)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		t = t.AddDate(0, 0, step)
		if o.isBusiness(t) {
			n--
		}
	}
	return dateOf(t)
}

// addTable is add for any n, by search in the table instead of a walk: the
// k-th business day of the table is the first day whose running count
// reaches k. ok is false when the answer is outside the table.
func (o *oracle) addTable(d calendar.Date, n int) (calendar.Date, bool) {
	p := o.pos(utc(d))
	k := int(o.cum[p+1]) + n // n > 0: the n-th after d
	if n < 0 {
		k = int(o.cum[p]) + n + 1 // n < 0: the |n|-th before d
	}
	if n == 0 {
		return d, true
	}
	if k < 1 || k > int(o.cum[len(o.cum)-1]) {
		return calendar.Date{}, false
	}
	q := sort.Search(len(o.cum)-1, func(q int) bool { return int(o.cum[q+1]) >= k })
	return dateOf(o.first.AddDate(0, 0, q)), true
}
