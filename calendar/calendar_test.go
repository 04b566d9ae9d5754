package calendar_test

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
)

func TestNames(t *testing.T) {
	assert.Equal(t, "ANBIMA", calendar.ANBIMA().Name())
	assert.Equal(t, "B3", calendar.B3().Name())
	assert.Equal(t, "B3", calendar.B3().String())
	assert.Equal(t, "Recife", calendar.New("Recife").Name())
	assert.Same(t, calendar.ANBIMA(), calendar.ANBIMA(), "one shared calendar")
	assert.Same(t, calendar.B3(), calendar.B3(), "one shared calendar")
}

func TestHolidaysANBIMA2025(t *testing.T) {
	want := []calendar.Holiday{
		{Date: d("2025-01-01"), Name: "Confraternização Universal"},
		{Date: d("2025-03-03"), Name: "Carnaval (segunda-feira)"},
		{Date: d("2025-03-04"), Name: "Carnaval (terça-feira)"},
		{Date: d("2025-04-18"), Name: "Paixão de Cristo"},
		{Date: d("2025-04-21"), Name: "Tiradentes"},
		{Date: d("2025-05-01"), Name: "Dia do Trabalho"},
		{Date: d("2025-06-19"), Name: "Corpus Christi"},
		{Date: d("2025-09-07"), Name: "Independência do Brasil"},
		{Date: d("2025-10-12"), Name: "Nossa Senhora Aparecida"},
		{Date: d("2025-11-02"), Name: "Finados"},
		{Date: d("2025-11-15"), Name: "Proclamação da República"},
		{Date: d("2025-11-20"), Name: "Dia Nacional de Zumbi e da Consciência Negra"},
		{Date: d("2025-12-25"), Name: "Natal"},
	}
	got := calendar.ANBIMA().Holidays(2025)
	assert.Equal(t, want, got)

	// The slice belongs to the caller.
	got[0].Name = "changed"
	assert.Equal(t, want, calendar.ANBIMA().Holidays(2025))
}

func TestHolidaysB32021(t *testing.T) {
	want := []calendar.Date{
		d("2021-01-01"), d("2021-01-25"), d("2021-02-15"), d("2021-02-16"), d("2021-04-02"),
		d("2021-04-21"), d("2021-05-01"), d("2021-06-03"), d("2021-07-09"), d("2021-09-07"),
		d("2021-10-12"), d("2021-11-02"), d("2021-11-15"), d("2021-11-20"), d("2021-12-24"),
		d("2021-12-25"), d("2021-12-31"),
	}
	var got []calendar.Date
	for _, h := range calendar.B3().Holidays(2021) {
		got = append(got, h.Date)
	}
	assert.Equal(t, want, got)
}

func TestHolidayOutsideIndex(t *testing.T) {
	// 1900: Easter April 15, Carnival Monday February 26; 2150: Easter April 12.
	tests := []struct {
		date string
		name string
		ok   bool
	}{
		{"1900-02-26", "Carnaval (segunda-feira)", true},
		{"1900-04-13", "Paixão de Cristo", true},
		{"1900-04-12", "", false},
		{"2150-04-10", "Paixão de Cristo", true},
		{"2150-04-09", "", false},
		{"2150-11-20", "Dia Nacional de Zumbi e da Consciência Negra", true},
		{"2150-11-19", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.date, func(t *testing.T) {
			name, ok := calendar.ANBIMA().Holiday(d(tc.date))
			assert.Equal(t, tc.name, name)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, !tc.ok && !weekendOn(utc(d(tc.date))), calendar.ANBIMA().IsBusinessDay(d(tc.date)))
		})
	}
}

func TestNewCustomCalendar(t *testing.T) {
	// Recife: national rules plus a city holiday (Nossa Senhora do Carmo, 16 July).
	carmo := &cal.Holiday{Name: "Nossa Senhora do Carmo", Month: time.July, Day: 16, Func: cal.CalcDayOfMonth}
	recife := calendar.New("Recife", carmo, nil)
	assert.False(t, recife.IsBusinessDay(d("2025-07-16")))
	assert.True(t, recife.IsBusinessDay(d("2025-07-15")))
	assert.True(t, recife.IsBusinessDay(d("2025-12-25")), "only the rules given")
	assert.Equal(t, []calendar.Holiday{{Date: d("2025-07-16"), Name: "Nossa Senhora do Carmo"}}, recife.Holidays(2025))

	// The calendar copied the rule: changing it afterwards changes nothing.
	carmo.Day = 17
	carmo.Name = "changed"
	assert.False(t, recife.IsBusinessDay(d("2026-07-16")))
	assert.True(t, recife.IsBusinessDay(d("2026-07-17")))
	name, ok := recife.Holiday(d("2026-07-16"))
	assert.Equal(t, "Nossa Senhora do Carmo", name)
	assert.True(t, ok)
}

func TestNewCopiesSlices(t *testing.T) {
	h := &cal.Holiday{Name: "X", Month: time.March, Day: 10, Except: []int{2025}, Func: cal.CalcDayOfMonth}
	c := calendar.New("x", h)
	h.Except[0] = 2026
	assert.True(t, c.IsBusinessDay(d("2025-03-10")), "2025 excepted at construction")
	assert.False(t, c.IsBusinessDay(d("2026-03-10")))
}

func TestSameDayRulesMerge(t *testing.T) {
	a := &cal.Holiday{Name: "A", Month: time.March, Day: 10, Func: cal.CalcDayOfMonth}
	b := &cal.Holiday{Name: "B", Month: time.March, Day: 10, Func: cal.CalcDayOfMonth}
	c := calendar.New("x", a, b, a)
	assert.Equal(t, []calendar.Holiday{{Date: d("2025-03-10"), Name: "A / B"}}, c.Holidays(2025))
	name, ok := c.Holiday(d("2025-03-10"))
	assert.Equal(t, "A / B", name)
	assert.True(t, ok)
	assert.Equal(t, 1, c.BusinessDaysBetween(d("2025-03-07"), d("2025-03-11")), "one day off, not two")
	assert.Equal(t, 1, c.BusinessDaysBetween(d("1925-03-06"), d("1925-03-10")), "slow path: Mon 9, not Tue 10")
}

func TestObservedRuleWrapsYear(t *testing.T) {
	// A US-style New Year: Saturday observed on Friday, which is the year before.
	ny := &cal.Holiday{Name: "New Year", Month: time.January, Day: 1, Func: cal.CalcDayOfMonth,
		Observed: []cal.AltDay{{Day: time.Saturday, Offset: -1}, {Day: time.Sunday, Offset: 1}}}
	c := calendar.New("us-ny", ny)
	assert.Equal(t, []calendar.Holiday{{Date: d("2021-01-01"), Name: "New Year"}, {Date: d("2021-12-31"), Name: "New Year"}},
		c.Holidays(2021))
	assert.Empty(t, c.Holidays(2022), "2022-01-01 is observed in 2021")
	assert.False(t, c.IsBusinessDay(d("2021-12-31")))
	assert.Equal(t, []calendar.Holiday{{Date: d("2023-01-02"), Name: "New Year"}}, c.Holidays(2023))
	assert.False(t, c.IsBusinessDay(d("2023-01-02")))
	// Same rules far outside the index.
	assert.Equal(t, []calendar.Holiday{{Date: d("2106-01-01"), Name: "New Year"}, {Date: d("2106-12-31"), Name: "New Year"}},
		c.Holidays(2106))
	assert.Empty(t, c.Holidays(2107), "Saturday 2107-01-01 is observed in 2106")
	assert.False(t, c.IsBusinessDay(d("2106-12-31")))
	assert.Equal(t, d("2107-01-03"), c.NextBusinessDay(d("2106-12-30")))
	assert.Equal(t, d("2106-12-30"), c.PreviousBusinessDay(d("2107-01-03")))
}

func TestRuleInAnotherZoneKeepsItsCivilDay(t *testing.T) {
	// A rule that builds its date in UTC+14: the day is 10 March, although the
	// same instant is 9 March in UTC. The calendar must read the civil day.
	kiribati := time.FixedZone("UTC+14", 14*3600)
	h := &cal.Holiday{Name: "Far east", Func: func(_ *cal.Holiday, year int) time.Time {
		return time.Date(year, time.March, 10, 0, 0, 0, 0, kiribati)
	}}
	c := calendar.New("x", h)
	assert.False(t, c.IsBusinessDay(d("2025-03-10")))
	assert.True(t, c.IsBusinessDay(d("2025-03-07")))
	assert.Equal(t, []calendar.Holiday{{Date: d("2025-03-10"), Name: "Far east"}}, c.Holidays(2025))
	assert.Equal(t, []calendar.Holiday{{Date: d("1850-03-10"), Name: "Far east"}}, c.Holidays(1850))
}

func TestZeroCalendarCountsWeekends(t *testing.T) {
	var c calendar.Calendar
	assert.Equal(t, "", c.Name())
	assert.True(t, c.IsBusinessDay(d("2025-12-25")))
	assert.False(t, c.IsBusinessDay(d("2025-12-27")))
	assert.Empty(t, c.Holidays(2025))
	assert.Equal(t, 5, c.BusinessDaysBetween(d("2025-06-06"), d("2025-06-13")))
	assert.Equal(t, 261, c.BusinessDaysBetween(d("2149-12-31"), d("2150-12-31")), "weekdays in 2150")
}

func TestAddBusinessDaysFromNonBusinessDay(t *testing.T) {
	anbima := calendar.ANBIMA()
	carnivalMonday := d("2025-03-03")
	tests := []struct {
		name string
		from calendar.Date
		n    int
		want string
	}{
		{"zero returns the day unchanged", carnivalMonday, 0, "2025-03-03"},
		{"+1 is the next business day", carnivalMonday, 1, "2025-03-05"},
		{"-1 is the previous business day", carnivalMonday, -1, "2025-02-28"},
		{"+2", carnivalMonday, 2, "2025-03-06"},
		{"-2", carnivalMonday, -2, "2025-02-27"},
		{"from a business day +1", d("2025-03-05"), 1, "2025-03-06"},
		{"from a business day -1", d("2025-03-05"), -1, "2025-02-28"},
		{"250 forward", d("2025-01-02"), 250, "2025-12-30"},
		{"250 back", d("2025-12-30"), -250, "2025-01-02"},
		{"first day of the index -1", d("1990-01-01"), -1, "1989-12-29"},
		{"last day of the index +1", d("2100-12-31"), 1, "2101-01-03"},
		{"across the index end", d("2100-12-29"), 3, "2101-01-03"},
		{"across the index start", d("1990-01-03"), -3, "1989-12-28"},
		{"from far before to inside", d("1989-12-29"), 1, "1990-01-02"},
		{"from far after to inside", d("2101-01-03"), -1, "2100-12-31"},
		{"invalid date is normalised", calendar.Date{Year: 2025, Month: 2, Day: 31}, 1, "2025-03-05"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, d(tc.want), anbima.AddBusinessDays(tc.from, tc.n))
		})
	}
	assert.Equal(t, d("2025-03-05"), anbima.NextBusinessDay(carnivalMonday))
	assert.Equal(t, d("2025-02-28"), anbima.PreviousBusinessDay(carnivalMonday))
	assert.Equal(t, d("2025-03-06"), anbima.NextBusinessDay(d("2025-03-05")))
}

func TestAdjust(t *testing.T) {
	anbima, b3 := calendar.ANBIMA(), calendar.B3()
	tests := []struct {
		name string
		cal  *calendar.Calendar
		date string
		conv calendar.Convention
		want string
	}{
		{"business day is kept", anbima, "2025-03-05", calendar.Preceding, "2025-03-05"},
		{"following over Carnival", anbima, "2025-03-01", calendar.Following, "2025-03-05"},
		{"preceding before Carnival", anbima, "2025-03-04", calendar.Preceding, "2025-02-28"},
		{"modified following, same month", anbima, "2025-03-01", calendar.ModifiedFollowing, "2025-03-05"},
		{"modified following at month end goes back", anbima, "2025-05-31", calendar.ModifiedFollowing, "2025-05-30"},
		{"following at month end goes forward", anbima, "2025-05-31", calendar.Following, "2025-06-02"},
		{"modified following at year end", anbima, "2022-01-01", calendar.ModifiedFollowing, "2022-01-03"},
		{"preceding New Year ANBIMA", anbima, "2022-01-01", calendar.Preceding, "2021-12-31"},
		{"preceding New Year B3", b3, "2022-01-01", calendar.Preceding, "2021-12-30"},
		{"unknown convention is following", anbima, "2025-05-31", calendar.Convention(9), "2025-06-02"},
		{"outside the index", anbima, "2150-11-20", calendar.Following, "2150-11-23"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, d(tc.want), tc.cal.Adjust(d(tc.date), tc.conv))
		})
	}
}

func TestConventionString(t *testing.T) {
	tests := []struct {
		c    calendar.Convention
		want string
	}{
		{calendar.Following, "Following"},
		{calendar.Preceding, "Preceding"},
		{calendar.ModifiedFollowing, "ModifiedFollowing"},
		{calendar.Convention(-1), "Convention(-1)"},
		{calendar.Convention(7), "Convention(7)"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.c.String())
		})
	}
	var zero calendar.Convention
	assert.Equal(t, calendar.Following, zero)
}

func TestIndexBounds(t *testing.T) {
	require.Equal(t, 1990, calendar.IndexFirstYear)
	require.Equal(t, 2100, calendar.IndexLastYear)
}

func TestInvalidDatesAreNormalised(t *testing.T) {
	anbima := calendar.ANBIMA()
	tests := []struct {
		name string
		odd  calendar.Date
		norm string
	}{
		{"day 0", calendar.Date{Year: 2025, Month: 3, Day: 0}, "2025-02-28"},
		{"month 13", calendar.Date{Year: 2025, Month: 13, Day: 1}, "2026-01-01"},
		{"month 0", calendar.Date{Year: 2025, Month: 0, Day: 24}, "2024-12-24"},
		{"Feb 31", calendar.Date{Year: 2025, Month: 2, Day: 31}, "2025-03-03"},
		{"day 40", calendar.Date{Year: 2025, Month: 6, Day: 40}, "2025-07-10"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			norm := d(tc.norm)
			assert.Equal(t, norm, calendar.DateFromEpochDays(tc.odd.DaysSinceEpoch()))
			assert.Equal(t, anbima.IsBusinessDay(norm), anbima.IsBusinessDay(tc.odd))
			assert.Equal(t, anbima.NextBusinessDay(norm), anbima.NextBusinessDay(tc.odd))
			assert.Equal(t, anbima.BusinessDaysBetween(d("2025-01-01"), norm), anbima.BusinessDaysBetween(d("2025-01-01"), tc.odd))
			assert.Equal(t, anbima.BusinessDaysBetween(norm, d("2025-01-01")), anbima.BusinessDaysBetween(tc.odd, d("2025-01-01")))
			name, ok := anbima.Holiday(norm)
			gotName, gotOK := anbima.Holiday(tc.odd)
			assert.Equal(t, name, gotName)
			assert.Equal(t, ok, gotOK)
		})
	}
}
