package calendar_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
)

// The path outside the index, checked against the plain day-by-day
// definition (the oracles) on both calendars, in distant years.

type calendarCase struct {
	name   string
	cal    *calendar.Calendar
	oracle func() *oracle
}

var bothCalendars = []calendarCase{
	{"ANBIMA", calendar.ANBIMA(), anbimaOracle},
	{"B3", calendar.B3(), b3Oracle},
}

// farSpans are year ranges outside (or straddling) the index, each with the
// range of business-day counts to add from a date in it, chosen so that
// every answer stays inside the oracles' years.
var farSpans = []struct {
	name         string
	from, to     int
	minN, maxN   int
	acrossToYear int // a second date for BusinessDaysBetween is drawn from here
}{
	{"1900-2200", 1900, 2200, -4_000, 1_900_000, 9995},
	{"9990-9999", 9990, 9999, -1_900_000, 20_000, 1950},
	{"1880-1889", 1885, 1889, -1_000, 500_000, 2150},
}

// drawN returns a count to add: small, medium or large, either sign, within
// [minN, maxN].
func drawN(rng *rand.Rand, minN, maxN int) int {
	lim := []int{10, 600, 3_000_000}[rng.IntN(3)]
	lo, hi := max(minN, -lim), min(maxN, lim)
	return lo + rng.IntN(hi-lo+1)
}

func TestFarAddBusinessDays(t *testing.T) {
	for _, cc := range bothCalendars {
		o := cc.oracle()
		for _, sp := range farSpans {
			t.Run(cc.name+"/"+sp.name, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(sp.from), 7))
				for range cases(200, 1000) {
					day := randomDate(rng, sp.from, sp.to)
					n := drawN(rng, sp.minN, sp.maxN)
					want, ok := o.addTable(day, n)
					require.True(t, ok, "oracle range too small for %s %+d", day, n)
					got := cc.cal.AddBusinessDays(day, n)
					require.Equal(t, want, got, "AddBusinessDays(%s, %d)", day, n)
					if n > 0 || n < 0 && o.isBusiness(utc(day)) {
						// The inverse: (day, got] or (got, day] holds |n| business days.
						assert.Equal(t, n, cc.cal.BusinessDaysBetween(day, got), "between %s and %s", day, got)
					}
				}
			})
		}
	}
}

func TestFarBusinessDaysBetween(t *testing.T) {
	for _, cc := range bothCalendars {
		o := cc.oracle()
		for _, sp := range farSpans {
			t.Run(cc.name+"/"+sp.name, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(sp.to), 11))
				for range cases(200, 1000) {
					from := randomDate(rng, sp.from, sp.to)
					var to calendar.Date
					switch rng.IntN(3) {
					case 0:
						to = from.AddDays(rng.IntN(61) - 30)
					case 1:
						to = randomDate(rng, sp.from, sp.to)
					default:
						to = randomDate(rng, sp.acrossToYear, sp.acrossToYear+4)
					}
					require.Equal(t, o.between(from, to), cc.cal.BusinessDaysBetween(from, to), "BusinessDaysBetween(%s, %s)", from, to)
				}
			})
		}
	}
}

func TestFarDayByDay(t *testing.T) {
	for _, cc := range bothCalendars {
		o := cc.oracle()
		for _, years := range [][2]int{{1881, 1882}, {2199, 2200}, {9990, 9999}} {
			t.Run(fmt.Sprintf("%s/%d-%d", cc.name, years[0], years[1]), func(t *testing.T) {
				first := time.Date(years[0], 1, 1, 0, 0, 0, 0, time.UTC)
				for day := first; day.Year() <= years[1]; day = day.AddDate(0, 0, 1) {
					dd := dateOf(day)
					require.Equal(t, o.isBusiness(day), cc.cal.IsBusinessDay(dd), "IsBusinessDay(%s)", dd)
					_, isHoliday := cc.cal.Holiday(dd)
					require.Equal(t, o.holiday(day), isHoliday, "Holiday(%s)", dd)
					next, _ := o.addTable(dd, 1)
					prev, _ := o.addTable(dd, -1)
					require.Equal(t, next, cc.cal.NextBusinessDay(dd), "NextBusinessDay(%s)", dd)
					require.Equal(t, prev, cc.cal.PreviousBusinessDay(dd), "PreviousBusinessDay(%s)", dd)
				}
			})
		}
	}
}

func TestFarSentinelMaturity(t *testing.T) {
	asOf := d("2026-03-10")
	sentinel := d("9999-12-31") // a Friday; B3 is closed on 31 December
	tests := []struct {
		name string
		cc   calendarCase
		want calendar.Expiry
	}{
		{"ANBIMA pays on the day", bothCalendars[0], calendar.Expiry{
			Maturity: sentinel, Effective: sentinel,
			DaysLeft: anbimaOracle().between(asOf, sentinel)}},
		{"B3 pays on the first business day of year 10000", bothCalendars[1], calendar.Expiry{
			Maturity: sentinel, Effective: calendar.Date{Year: 10000, Month: time.January, Day: 3},
			DaysLeft: b3Oracle().between(asOf, calendar.Date{Year: 10000, Month: time.January, Day: 3})}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			det := calendar.ExpiryDetector{Calendar: tc.cc.cal, Lead: 5}
			require.Greater(t, tc.want.DaysLeft, 1_900_000, "the oracle counts across 8,000 years")
			assert.Equal(t, tc.want, det.Check(asOf, sentinel))

			items := []calendar.Date{sentinel, d("2026-03-12"), d("0001-01-01"), sentinel}
			got := calendar.FilterDue(det, asOf, items, func(m calendar.Date) calendar.Date { return m })
			assert.Equal(t, []calendar.Due[calendar.Date]{{Item: d("2026-03-12"),
				Expiry: calendar.Expiry{Maturity: d("2026-03-12"), Effective: d("2026-03-12"), DaysLeft: 2, Due: true}}}, got)
		})
	}
}

// TestWindowAgreesWithCheck: a maturity is inside Window exactly when Check
// says it is due, near and far, on business and non-business days.
func TestWindowAgreesWithCheck(t *testing.T) {
	for _, cc := range bothCalendars {
		t.Run(cc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(5, 8))
			for range cases(300, 3000) {
				det := calendar.ExpiryDetector{Calendar: cc.cal, Lead: rng.IntN(12) - 1}
				asOf := randomDate(rng, 2020, 2030)
				if rng.IntN(4) == 0 {
					asOf = randomDate(rng, 9990, 9999)
				}
				maturity := asOf.AddDays(rng.IntN(40) - 10)
				first, last, ok := det.Window(asOf)
				in := ok && !maturity.Before(first) && !maturity.After(last)
				assert.Equal(t, det.Check(asOf, maturity).Due, in, "asOf %s, maturity %s, lead %d", asOf, maturity, det.Lead)
			}
		})
	}
}

func TestWindow(t *testing.T) {
	tests := []struct {
		name        string
		det         calendar.ExpiryDetector
		asOf        calendar.Date
		first, last calendar.Date
		ok          bool
	}{
		{"Friday before Carnival", calendar.ExpiryDetector{Lead: 2}, d("2026-02-13"), d("2026-02-14"), d("2026-02-19"), true},
		{"Monday: the weekend before is paid today", calendar.ExpiryDetector{Lead: 1}, d("2026-02-09"), d("2026-02-10"), d("2026-02-10"), true},
		{"Sunday: Saturday is still ahead", calendar.ExpiryDetector{Lead: 1}, d("2026-02-08"), d("2026-02-07"), d("2026-02-09"), true},
		{"lead 0", calendar.ExpiryDetector{}, d("2026-02-13"), calendar.Date{}, calendar.Date{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			first, last, ok := tc.det.Window(tc.asOf)
			assert.Equal(t, []any{tc.first, tc.last, tc.ok}, []any{first, last, ok})
		})
	}
}
