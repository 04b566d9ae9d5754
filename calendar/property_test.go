package calendar_test

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/br"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
)

// anbimaOracle and b3Oracle tabulate the test's ANBIMA and B3 rules over
// 1880–10100, wider than any date the property tests draw, so the path
// outside the index is checked too, up to the far-future sentinel
// 9999-12-31 and beyond.
var (
	anbimaOracle = sync.OnceValue(func() *oracle { return newOracle(anbimaHolidayOn, oracleFirstYear, oracleLastYear) })
	b3Oracle     = sync.OnceValue(func() *oracle { return newOracle(b3HolidayOn, oracleFirstYear, oracleLastYear) })
)

// The years the oracles cover.
const (
	oracleFirstYear = 1880
	oracleLastYear  = 10100
)

// randomDate returns a uniformly drawn date in [from, to] (inclusive years).
func randomDate(rng *rand.Rand, fromYear, toYear int) calendar.Date {
	lo := calendar.Date{Year: fromYear, Month: 1, Day: 1}.DaysSinceEpoch()
	hi := calendar.Date{Year: toYear, Month: 12, Day: 31}.DaysSinceEpoch()
	// Built with time.Time so the draw does not rely on DateFromEpochDays.
	return dateOf(time.Unix(int64(lo+rng.IntN(hi-lo+1))*86400, 0).UTC())
}

func cases(short, long int) int {
	if testing.Short() {
		return short
	}
	return long
}

// spans are the year ranges dates are drawn from: the index, and beyond it.
var spans = []struct {
	name     string
	from, to int
}{
	{"index 1990-2100", 1990, 2100},
	{"around 1900", 1895, 1905},
	{"around 2150", 2145, 2155},
	{"across the index start", 1985, 1994},
	{"across the index end", 2096, 2105},
}

func TestPropertyAddBusinessDays(t *testing.T) {
	anbima, o := calendar.ANBIMA(), anbimaOracle()
	rng := rand.New(rand.NewPCG(2, 3))
	for _, sp := range spans {
		t.Run(sp.name, func(t *testing.T) {
			for range cases(300, 2000) {
				day := randomDate(rng, sp.from, sp.to)
				n := rng.IntN(601) - 300
				if rng.IntN(10) == 0 {
					n = rng.IntN(20) - 10
				}
				want := day
				if n != 0 {
					want = o.add(day, n)
				}
				if got := anbima.AddBusinessDays(day, n); got != want {
					t.Fatalf("AddBusinessDays(%s, %d) = %s, want %s", day, n, got, want)
				}
				// The inverse: n business days in (day, result] for n > 0.
				if n > 0 && o.isBusiness(utc(want)) {
					require.Equal(t, n, anbima.BusinessDaysBetween(day, want), "between %s and %s", day, want)
				}
			}
		})
	}
}

func TestPropertyBusinessDaysBetween(t *testing.T) {
	anbima, o := calendar.ANBIMA(), anbimaOracle()
	rng := rand.New(rand.NewPCG(4, 5))
	for _, sp := range spans {
		t.Run(sp.name, func(t *testing.T) {
			for range cases(300, 2000) {
				from := randomDate(rng, sp.from, sp.to)
				to := randomDate(rng, sp.from, sp.to)
				if rng.IntN(3) == 0 { // short spans too
					to = from.AddDays(rng.IntN(61) - 30)
				}
				want := o.between(from, to)
				if got := anbima.BusinessDaysBetween(from, to); got != want {
					t.Fatalf("BusinessDaysBetween(%s, %s) = %d, want %d", from, to, got, want)
				}
			}
		})
	}
	t.Run("1900 to 2150 crosses the whole index", func(t *testing.T) {
		from, to := d("1900-03-15"), d("2150-07-20")
		assert.Equal(t, o.between(from, to), anbima.BusinessDaysBetween(from, to))
		assert.Equal(t, o.between(to, from), anbima.BusinessDaysBetween(to, from))
		n := o.between(from, to)
		assert.Equal(t, o.add(from, n), anbima.AddBusinessDays(from, n))
		assert.Equal(t, o.add(to, -n), anbima.AddBusinessDays(to, -n))
	})
}

func TestPropertyIsBusinessDayOutsideIndex(t *testing.T) {
	anbima, o := calendar.ANBIMA(), anbimaOracle()
	for _, year := range []int{1880, 1900, 1989, 2101, 2150, 2170} {
		for day := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() == year; day = day.AddDate(0, 0, 1) {
			if got, want := anbima.IsBusinessDay(dateOf(day)), o.isBusiness(day); got != want {
				t.Fatalf("IsBusinessDay(%s) = %v, want %v", dateOf(day), got, want)
			}
		}
	}
}

// TestConcurrentUse shares one fresh calendar, whose index is not built yet,
// between 8 goroutines; run with -race.
func TestConcurrentUse(t *testing.T) {
	rules := append([]*cal.Holiday{}, br.Holidays...)
	rules = append(rules,
		&cal.Holiday{Name: "Carnaval (segunda-feira)", Offset: -48, Func: cal.CalcEasterOffset},
		&cal.Holiday{Name: "Consciência Negra", StartYear: 2024, Month: time.November, Day: 20, Func: cal.CalcDayOfMonth})
	shared := calendar.New("ANBIMA again", rules...)
	o := anbimaOracle()

	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 99))
			for range cases(100, 500) {
				a := randomDate(rng, 1985, 2105)
				b := a.AddDays(rng.IntN(801) - 400)
				n := rng.IntN(101) - 50
				if got, want := shared.IsBusinessDay(a), o.isBusiness(utc(a)); got != want {
					t.Errorf("goroutine %d: IsBusinessDay(%s) = %v", g, a, got)
					return
				}
				if got, want := shared.BusinessDaysBetween(a, b), o.between(a, b); got != want {
					t.Errorf("goroutine %d: BusinessDaysBetween(%s, %s) = %d, want %d", g, a, b, got, want)
					return
				}
				if n != 0 {
					if got, want := shared.AddBusinessDays(a, n), o.add(a, n); got != want {
						t.Errorf("goroutine %d: AddBusinessDays(%s, %d) = %s, want %s", g, a, n, got, want)
						return
					}
				}
				shared.Holidays(a.Year)
				shared.Holiday(a)
			}
		})
	}
	wg.Wait()
}
