package calendar_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
)

var d = calendar.MustParseDate

func TestEasterComputusOfTheTest(t *testing.T) {
	// Known Western Easter Sundays, so the independent rules are themselves pinned.
	for _, want := range []string{"2000-04-23", "2008-03-23", "2011-04-24", "2019-04-21", "2024-03-31",
		"2025-04-20", "2026-04-05", "2038-04-25", "2285-03-22"} {
		w := d(want)
		assert.Equal(t, w, dateOf(easter(w.Year)), "easter %d", w.Year)
	}
}

func TestANBIMARulesOnRealDates(t *testing.T) {
	anbima := calendar.ANBIMA()
	tests := []struct {
		name     string
		date     string
		business bool
		holiday  string // "" when not a holiday
	}{
		{"Carnival Monday 2025", "2025-03-03", false, "Carnaval (segunda-feira)"},
		{"Carnival Tuesday 2025", "2025-03-04", false, "Carnaval (terça-feira)"},
		{"Ash Wednesday 2025", "2025-03-05", true, ""},
		{"Carnival Monday 2026", "2026-02-16", false, "Carnaval (segunda-feira)"},
		{"Nov 20 2023 before the law", "2023-11-20", true, ""},
		{"Nov 20 2024", "2024-11-20", false, "Dia Nacional de Zumbi e da Consciência Negra"},
		{"Nov 20 2026", "2026-11-20", false, "Dia Nacional de Zumbi e da Consciência Negra"},
		{"Corpus Christi 2025", "2025-06-19", false, "Corpus Christi"},
		{"Good Friday 2025", "2025-04-18", false, "Paixão de Cristo"},
		{"Holy Thursday 2025", "2025-04-17", true, ""},
		{"Tiradentes 2025", "2025-04-21", false, "Tiradentes"},
		{"New Year on a Saturday", "2022-01-01", false, "Confraternização Universal"},
		{"plain Saturday", "2025-03-01", false, ""},
		{"Christmas Eve", "2025-12-24", true, ""},
		{"New Year's Eve", "2025-12-31", true, ""},
		{"Sao Paulo city day", "2021-01-25", true, ""},
		{"Labour Day", "2025-05-01", false, "Dia do Trabalho"},
		{"Independence", "2025-09-07", false, "Independência do Brasil"},
		{"Aparecida", "2025-10-12", false, "Nossa Senhora Aparecida"},
		{"Finados", "2025-11-02", false, "Finados"},
		{"Republic", "2025-11-15", false, "Proclamação da República"},
		{"Christmas", "2025-12-25", false, "Natal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			day := d(tc.date)
			assert.Equal(t, tc.business, anbima.IsBusinessDay(day))
			name, ok := anbima.Holiday(day)
			assert.Equal(t, tc.holiday, name)
			assert.Equal(t, tc.holiday != "", ok)
		})
	}
}

func TestWorkedExamples(t *testing.T) {
	anbima, b3 := calendar.ANBIMA(), calendar.B3()
	tests := []struct {
		name string
		got  calendar.Date
		want string
	}{
		{"maturity Sat 2025-03-01 is paid Wed 03-05", anbima.Adjust(d("2025-03-01"), calendar.Following), "2025-03-05"},
		{"2 business days before Sat 2025-03-01", anbima.AddBusinessDays(d("2025-03-01"), -2), "2025-02-27"},
		{"2 business days before the paid day 2025-03-05", anbima.AddBusinessDays(d("2025-03-05"), -2), "2025-02-27"},
		{"Corpus Christi week: Mon 2025-06-23 - 2", anbima.AddBusinessDays(d("2025-06-23"), -2), "2025-06-18"},
		{"ordinary week: Mon 2025-06-09 - 2", anbima.AddBusinessDays(d("2025-06-09"), -2), "2025-06-05"},
		{"maturity Good Friday 2025 paid after Tiradentes", anbima.Adjust(d("2025-04-18"), calendar.Following), "2025-04-22"},
		{"Tue 2025-04-22 - 2 counts Holy Thursday", anbima.AddBusinessDays(d("2025-04-22"), -2), "2025-04-16"},
		{"Fri 2025-11-21 - 1 skips Nov 20", anbima.AddBusinessDays(d("2025-11-21"), -1), "2025-11-19"},
		{"Mon 2026-11-23 - 3", anbima.AddBusinessDays(d("2026-11-23"), -3), "2026-11-17"},
		{"Wed 2026-02-18 - 1 skips Carnival", anbima.AddBusinessDays(d("2026-02-18"), -1), "2026-02-13"},
		{"ANBIMA Fri 2025-12-26 - 1", anbima.AddBusinessDays(d("2025-12-26"), -1), "2025-12-24"},
		{"B3 Fri 2025-12-26 - 1", b3.AddBusinessDays(d("2025-12-26"), -1), "2025-12-23"},
		{"Tesouro coupon Sat 2022-01-01 paid Mon 01-03", anbima.Adjust(d("2022-01-01"), calendar.Following), "2022-01-03"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, d(tc.want), tc.got)
		})
	}

	t.Run("business days in (2025-02-28, 2025-03-05]", func(t *testing.T) {
		assert.Equal(t, 1, anbima.BusinessDaysBetween(d("2025-02-28"), d("2025-03-05")))
	})
	t.Run("Mon to Tue is 1, reverse is -1", func(t *testing.T) {
		assert.Equal(t, 1, anbima.BusinessDaysBetween(d("2025-06-09"), d("2025-06-10")))
		assert.Equal(t, -1, anbima.BusinessDaysBetween(d("2025-06-10"), d("2025-06-09")))
		assert.Equal(t, 0, anbima.BusinessDaysBetween(d("2025-06-10"), d("2025-06-10")))
	})
	t.Run("to a nominal maturity on a holiday counts one fewer", func(t *testing.T) {
		asOf := d("2025-04-14")
		assert.Equal(t, 3, anbima.BusinessDaysBetween(asOf, d("2025-04-18"))) // Tue, Wed, Thu
		assert.Equal(t, 4, anbima.BusinessDaysBetween(asOf, d("2025-04-22")))
	})
}

func TestBusinessDaysPerYear(t *testing.T) {
	anbima := calendar.ANBIMA()
	for year, want := range map[int]int{2023: 249, 2024: 253, 2025: 252, 2026: 249} {
		t.Run(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006"), func(t *testing.T) {
			from := calendar.Date{Year: year - 1, Month: time.December, Day: 31}
			to := calendar.Date{Year: year, Month: time.December, Day: 31}
			assert.Equal(t, want, anbima.BusinessDaysBetween(from, to))
		})
	}
}

func TestB3Differences(t *testing.T) {
	anbima, b3 := calendar.ANBIMA(), calendar.B3()
	tests := []struct {
		name       string
		date       string
		anbimaOpen bool
		b3Open     bool
		b3Name     string
	}{
		{"Christmas Eve", "2025-12-24", true, false, "Véspera de Natal"},
		{"Dec 31 on a Wednesday", "2025-12-31", true, false, "Último dia do ano"},
		{"Fri 2022-12-30, Dec 31 a Saturday", "2022-12-30", true, false, "Último dia do ano"},
		{"Fri 2023-12-29, Dec 31 a Sunday", "2023-12-29", true, false, "Último dia do ano"},
		{"Thu 2023-12-28 stays open", "2023-12-28", true, true, ""},
		{"World Cup opening 2014-06-12", "2014-06-12", true, false, "Abertura da Copa do Mundo"},
		{"Jan 25 2021 closed", "2021-01-25", true, false, "Aniversário de São Paulo"},
		{"Jan 25 2022 open", "2022-01-25", true, true, ""},
		{"Jul 9 2019 closed", "2019-07-09", true, false, "Revolução Constitucionalista"},
		{"Jul 9 2020 open (COVID)", "2020-07-09", true, true, ""},
		{"Jul 9 2024 open", "2024-07-09", true, true, ""},
		{"Nov 20 2019 closed", "2019-11-20", true, false, "Consciência Negra (São Paulo)"},
		{"Nov 20 2020 open (COVID)", "2020-11-20", true, true, ""},
		{"Nov 20 2023 open", "2023-11-20", true, true, ""},
		{"Nov 20 2024 national", "2024-11-20", false, false, "Dia Nacional de Zumbi e da Consciência Negra"},
		{"Carnival Monday", "2025-03-03", false, false, "Carnaval (segunda-feira)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			day := d(tc.date)
			assert.Equal(t, tc.anbimaOpen, anbima.IsBusinessDay(day), "ANBIMA")
			assert.Equal(t, tc.b3Open, b3.IsBusinessDay(day), "B3")
			name, ok := b3.Holiday(day)
			assert.Equal(t, tc.b3Name, name)
			assert.Equal(t, tc.b3Name != "", ok)
		})
	}
}

// TestMatchesIndependentRules compares every day with the test's own rules.
func TestMatchesIndependentRules(t *testing.T) {
	tests := []struct {
		name     string
		cal      *calendar.Calendar
		holiday  func(time.Time) bool
		from, to int
	}{
		{"ANBIMA", calendar.ANBIMA(), anbimaHolidayOn, 2001, 2099},
		{"B3", calendar.B3(), b3HolidayOn, 2000, 2026},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			end := time.Date(tc.to+1, 1, 1, 0, 0, 0, 0, time.UTC)
			mismatches := 0
			for day := time.Date(tc.from, 1, 1, 0, 0, 0, 0, time.UTC); day.Before(end); day = day.AddDate(0, 0, 1) {
				date := dateOf(day)
				hol := tc.holiday(day)
				want := !weekendOn(day) && !hol
				_, gotHol := tc.cal.Holiday(date)
				if got := tc.cal.IsBusinessDay(date); got != want || gotHol != hol {
					t.Errorf("%s: IsBusinessDay %v, holiday %v; want %v, %v", date, got, gotHol, want, hol)
					if mismatches++; mismatches > 20 {
						t.FailNow()
					}
				}
			}
			// Yearly counts and the listed holidays agree too.
			for y := tc.from; y <= tc.to; y++ {
				want := 0
				var wantHol []calendar.Date
				for day := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() == y; day = day.AddDate(0, 0, 1) {
					if tc.holiday(day) {
						wantHol = append(wantHol, dateOf(day))
					} else if !weekendOn(day) {
						want++
					}
				}
				got := tc.cal.BusinessDaysBetween(calendar.Date{Year: y - 1, Month: 12, Day: 31}, calendar.Date{Year: y, Month: 12, Day: 31})
				require.Equal(t, want, got, "business days in %d", y)
				var gotHol []calendar.Date
				for _, h := range tc.cal.Holidays(y) {
					gotHol = append(gotHol, h.Date)
				}
				require.Equal(t, wantHol, gotHol, "holidays of %d", y)
			}
		})
	}
}
