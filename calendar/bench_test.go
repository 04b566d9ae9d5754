package calendar_test

// Each operation is benchmarked twice, through this package (impl=calendar)
// and through rickar/cal's BusinessCalendar with the same ANBIMA rules
// (impl=rickar), so the two lines compare directly:
//
//	go test -run '^$' -bench . -benchmem ./calendar
//
// rickar's WorkdaysInRange counts both ends, so its figure for the same span
// can differ by one from BusinessDaysBetween's (from, to]; the work done is
// the same walk.

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/br"

	"github.com/warrenbrasil/customerdata/calendar"
)

// rickarANBIMA is rickar/cal's BusinessCalendar with br.Holidays plus the
// two rules ANBIMA adds. Caching stays off (it is not safe for concurrent use).
func rickarANBIMA() *cal.BusinessCalendar {
	c := cal.NewBusinessCalendar()
	c.AddHoliday(br.Holidays...)
	c.AddHoliday(
		&cal.Holiday{Name: "Carnaval (segunda-feira)", Offset: -48, Func: cal.CalcEasterOffset},
		&cal.Holiday{Name: "Consciência Negra", StartYear: 2024, Month: time.November, Day: 20, Func: cal.CalcDayOfMonth})
	return c
}

// benchDates are 64 consecutive days from 2025-02-24 (Carnival week
// included), as Dates and as UTC times.
func benchDates() ([]calendar.Date, []time.Time) {
	ds := make([]calendar.Date, 64)
	ts := make([]time.Time, 64)
	for i := range ds {
		ds[i] = d("2025-02-24").AddDays(i)
		ts[i] = utc(ds[i])
	}
	return ds, ts
}

func BenchmarkIsBusinessDay(b *testing.B) {
	ds, ts := benchDates()
	b.Run("impl=calendar", func(b *testing.B) {
		c := calendar.ANBIMA()
		c.IsBusinessDay(ds[0]) // build the index outside the timer
		n, i := 0, 0
		for b.Loop() {
			if c.IsBusinessDay(ds[i&63]) {
				n++
			}
			i++
		}
		_ = n
	})
	b.Run("impl=rickar", func(b *testing.B) {
		c := rickarANBIMA()
		n, i := 0, 0
		for b.Loop() {
			if c.IsWorkday(ts[i&63]) {
				n++
			}
			i++
		}
		_ = n
	})
}

func BenchmarkAddBusinessDays(b *testing.B) {
	ds, ts := benchDates()
	for _, tc := range []struct {
		name string
		n    int
	}{{"n=+2", 2}, {"n=-2", -2}, {"n=+250", 250}, {"n=-250", -250}} {
		b.Run(tc.name+"/impl=calendar", func(b *testing.B) {
			c := calendar.ANBIMA()
			c.IsBusinessDay(ds[0])
			var last calendar.Date
			i := 0
			for b.Loop() {
				last = c.AddBusinessDays(ds[i&63], tc.n)
				i++
			}
			_ = last
		})
		b.Run(tc.name+"/impl=rickar", func(b *testing.B) {
			c := rickarANBIMA()
			var last time.Time
			i := 0
			for b.Loop() {
				last = c.WorkdaysFrom(ts[i&63], tc.n)
				i++
			}
			_ = last
		})
	}
}

func BenchmarkBusinessDaysBetween(b *testing.B) {
	ds, ts := benchDates()
	for _, tc := range []struct {
		name  string
		years int
		days  int
	}{{"span=month", 0, 30}, {"span=10years", 10, 0}} {
		tos := make([]calendar.Date, len(ds))
		tts := make([]time.Time, len(ts))
		for i := range ds {
			tts[i] = ts[i].AddDate(tc.years, 0, tc.days)
			tos[i] = dateOf(tts[i])
		}
		b.Run(tc.name+"/impl=calendar", func(b *testing.B) {
			c := calendar.ANBIMA()
			c.IsBusinessDay(ds[0])
			total, i := 0, 0
			for b.Loop() {
				total += c.BusinessDaysBetween(ds[i&63], tos[i&63])
				i++
			}
			_ = total
		})
		b.Run(tc.name+"/impl=rickar", func(b *testing.B) {
			c := rickarANBIMA()
			total, i := 0, 0
			for b.Loop() {
				total += c.WorkdaysInRange(ts[i&63], tts[i&63])
				i++
			}
			_ = total
		})
	}
}

// BenchmarkOutsideIndex measures the slow path, one year beyond the index.
func BenchmarkOutsideIndex(b *testing.B) {
	c := calendar.ANBIMA()
	from, to := d("2150-01-10"), d("2150-02-10")
	b.Run("op=BusinessDaysBetween/span=month", func(b *testing.B) {
		total := 0
		for b.Loop() {
			total += c.BusinessDaysBetween(from, to)
		}
		_ = total
	})
	b.Run("op=AddBusinessDays/n=-2", func(b *testing.B) {
		var last calendar.Date
		for b.Loop() {
			last = c.AddBusinessDays(to, -2)
		}
		_ = last
	})
}

// BenchmarkBuildIndex measures the one-time index build of a new calendar.
func BenchmarkBuildIndex(b *testing.B) {
	rules := append([]*cal.Holiday{}, br.Holidays...)
	for b.Loop() {
		calendar.New("x", rules...).IsBusinessDay(d("2025-01-01"))
	}
}

// BenchmarkFarFuture compares the same operations in the index (year=2026)
// and in year 9999, where the "no maturity" sentinel 9999-12-31 lives. The
// calendar is warmed first, so the year table is built outside the timer
// (BenchmarkFarFutureFirstUse measures that one-time cost).
func BenchmarkFarFuture(b *testing.B) {
	c := calendar.ANBIMA()
	asOf := d("2026-03-10")
	for _, year := range []string{"2026", "9999"} {
		day := d(year + "-12-30")
		from, to := d(year+"-01-10"), d(year+"-02-10")
		c.BusinessDaysBetween(asOf, day) // warm: index and year table
		b.Run("op=IsBusinessDay/year="+year, func(b *testing.B) {
			n := 0
			for b.Loop() {
				if c.IsBusinessDay(day) {
					n++
				}
			}
			_ = n
		})
		b.Run("op=AddBusinessDays/n=-2/year="+year, func(b *testing.B) {
			var last calendar.Date
			for b.Loop() {
				last = c.AddBusinessDays(day, -2)
			}
			_ = last
		})
		b.Run("op=BusinessDaysBetween/span=month/year="+year, func(b *testing.B) {
			total := 0
			for b.Loop() {
				total += c.BusinessDaysBetween(from, to)
			}
			_ = total
		})
		b.Run("op=BusinessDaysBetween/from=2026/year="+year, func(b *testing.B) {
			total := 0
			for b.Loop() {
				total += c.BusinessDaysBetween(asOf, day)
			}
			_ = total
		})
		b.Run("op=Check/year="+year, func(b *testing.B) {
			det := calendar.ExpiryDetector{Calendar: c, Lead: 2}
			for b.Loop() {
				det.Check(asOf, day)
			}
		})
	}
	b.Run("op=FilterDue/items=1000/maturity=9999-12-31", func(b *testing.B) {
		items := make([]calendar.Date, 1000)
		for i := range items {
			items[i] = d("9999-12-31")
		}
		det := calendar.ExpiryDetector{Calendar: c, Lead: 2}
		for b.Loop() {
			calendar.FilterDue(det, asOf, items, func(m calendar.Date) calendar.Date { return m })
		}
	})
}

// BenchmarkFarFutureFirstUse measures a new calendar's first answer about
// 9999-12-31: it builds the day index and the year-table blocks up to 9999.
func BenchmarkFarFutureFirstUse(b *testing.B) {
	rules := append([]*cal.Holiday{}, br.Holidays...)
	for b.Loop() {
		calendar.New("x", rules...).BusinessDaysBetween(d("2026-03-10"), d("9999-12-31"))
	}
}
