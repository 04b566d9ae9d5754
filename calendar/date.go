package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date: a year, month and day with no time of day and no
// location. It is the type for maturities, as-of dates and birthdays, where a
// time.Time at some midnight would invite off-by-one-day bugs.
//
// The zero Date is not a valid calendar date; IsZero reports it.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Layout is the textual form of a Date, as in time.Format: "YYYY-MM-DD".
const Layout = "2006-01-02"

// ParseDate parses s in the form YYYY-MM-DD. The error quotes the input.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, &ParseError{Input: s, Reason: "want YYYY-MM-DD"}
	}
	y, ok1 := atoiDigits(s[0:4])
	m, ok2 := atoiDigits(s[5:7])
	d, ok3 := atoiDigits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, &ParseError{Input: s, Reason: "want YYYY-MM-DD"}
	}
	if m < 1 || m > 12 {
		return Date{}, &ParseError{Input: s, Reason: fmt.Sprintf("month %d out of range", m)}
	}
	if d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, &ParseError{Input: s, Reason: fmt.Sprintf("day %d out of range for %04d-%02d", d, y, m)}
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, nil
}

// MustParseDate is like ParseDate but panics on error. It is meant for
// constants in tests and examples.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// ParseError reports a string that is not a valid date.
type ParseError struct {
	Input  string // the text that was parsed
	Reason string // why it was refused
}

// Error returns the message, quoting the input.
func (e *ParseError) Error() string {
	return fmt.Sprintf("calendar: invalid date %q: %s", e.Input, e.Reason)
}

func atoiDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// Today returns the current date in loc. A nil loc means UTC. Brazilian jobs
// pass the America/Sao_Paulo location (see SaoPaulo).
func Today(loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	return DateOf(time.Now().In(loc))
}

// SaoPaulo loads the America/Sao_Paulo location. It fails only when the
// system has no time-zone database; import time/tzdata in the main package to
// embed one.
func SaoPaulo() (*time.Location, error) {
	return time.LoadLocation("America/Sao_Paulo")
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// IsValid reports whether d names a real calendar day.
func (d Date) IsValid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// String returns d as YYYY-MM-DD.
func (d Date) String() string {
	b := make([]byte, 0, 10)
	return string(d.AppendFormat(b))
}

// AppendFormat appends d as YYYY-MM-DD to b.
func (d Date) AppendFormat(b []byte) []byte {
	y := d.Year
	if y < 0 || y > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Appendf(b, "%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(d.Month)/10), byte('0'+int(d.Month)%10), '-',
		byte('0'+d.Day/10), byte('0'+d.Day%10))
}

// Time returns midnight at the start of d in loc (UTC when loc is nil).
func (d Date) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// DaysSinceEpoch returns the number of days from 1970-01-01 to d (negative
// before it). It is exact arithmetic on the proleptic Gregorian calendar.
func (d Date) DaysSinceEpoch() int {
	// Howard Hinnant's days_from_civil.
	y := d.Year
	m := int(d.Month)
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// DateFromEpochDays is the inverse of Date.DaysSinceEpoch.
func DateFromEpochDays(z int) Date {
	z += 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{Year: y, Month: time.Month(m), Day: day}
}

// AddDays returns d moved by n calendar days (n may be negative).
func (d Date) AddDays(n int) Date { return DateFromEpochDays(d.DaysSinceEpoch() + n) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	w := (d.DaysSinceEpoch() + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// Compare returns -1 if d is before e, +1 if after, and 0 if they are equal.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

func cmpInt(a, b int) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// MarshalText encodes d as YYYY-MM-DD. It also gives Date its JSON form, a
// string.
func (d Date) MarshalText() ([]byte, error) {
	return d.AppendFormat(make([]byte, 0, 10)), nil
}

// UnmarshalText parses YYYY-MM-DD into d.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
