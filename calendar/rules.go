package calendar

import (
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/br"
)

// anbimaRules returns the ANBIMA holiday rules: rickar/cal's br.Holidays
// (renamed as ANBIMA names them), plus Carnival Monday and 20 November from
// 2024. New copies them, so sharing br's values is safe.
func anbimaRules() []*cal.Holiday {
	// ANBIMA's names where they differ from rickar's.
	rename := map[*cal.Holiday]string{
		br.AnoNovo:         "Confraternização Universal",
		br.Carnaval:        "Carnaval (terça-feira)",
		br.SextaFeiraSanta: "Paixão de Cristo",
		br.Trabalhador:     "Dia do Trabalho",
	}
	rules := make([]*cal.Holiday, 0, len(br.Holidays)+2)
	for _, h := range br.Holidays {
		if name, ok := rename[h]; ok {
			h = h.Clone(&cal.Holiday{Name: name})
		}
		rules = append(rules, h)
	}
	return append(rules,
		// Carnival Monday, Easter − 48 days: missing from br.
		&cal.Holiday{Name: "Carnaval (segunda-feira)", Type: cal.ObservanceBank,
			Offset: -48, Func: cal.CalcEasterOffset},
		// National Black Consciousness Day from 2024 (Lei 14.759/2023): missing from br.
		&cal.Holiday{Name: "Dia Nacional de Zumbi e da Consciência Negra", Type: cal.ObservancePublic,
			StartYear: 2024, Month: time.November, Day: 20, Func: cal.CalcDayOfMonth},
	)
}

// b3Rules returns the ANBIMA rules plus the B3 exchange's extra closures.
func b3Rules() []*cal.Holiday {
	return append(anbimaRules(),
		&cal.Holiday{Name: "Véspera de Natal", Month: time.December, Day: 24, Func: cal.CalcDayOfMonth},
		&cal.Holiday{Name: "Último dia do ano", Func: lastWeekdayOfYear},
		&cal.Holiday{Name: "Aniversário de São Paulo", EndYear: 2021,
			Month: time.January, Day: 25, Func: cal.CalcDayOfMonth},
		&cal.Holiday{Name: "Revolução Constitucionalista", EndYear: 2021, Except: []int{2020},
			Month: time.July, Day: 9, Func: cal.CalcDayOfMonth},
		&cal.Holiday{Name: "Consciência Negra (São Paulo)", StartYear: 2004, EndYear: 2021, Except: []int{2020},
			Month: time.November, Day: 20, Func: cal.CalcDayOfMonth},
		&cal.Holiday{Name: "Abertura da Copa do Mundo", StartYear: 2014, EndYear: 2014,
			Month: time.June, Day: 12, Func: cal.CalcDayOfMonth},
	)
}

// lastWeekdayOfYear is 31 December, or the Friday before it when it falls on
// a weekend. It is a cal.HolidayFn that works in UTC civil days.
func lastWeekdayOfYear(_ *cal.Holiday, year int) time.Time {
	t := time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC)
	switch t.Weekday() {
	case time.Saturday:
		return t.AddDate(0, 0, -1)
	case time.Sunday:
		return t.AddDate(0, 0, -2)
	}
	return t
}

var (
	anbima = sync.OnceValue(func() *Calendar { return New("ANBIMA", anbimaRules()...) })
	b3     = sync.OnceValue(func() *Calendar { return New("B3", b3Rules()...) })
)

// ANBIMA returns the national financial calendar used to count dias úteis in
// Brazilian fixed income: Saturdays, Sundays and the national holidays —
// 1 January, Carnival Monday and Tuesday (Easter − 48 and − 47), Good Friday,
// 21 April, 1 May, Corpus Christi (Easter + 60), 7 September, 12 October,
// 2 November, 15 November, 20 November (from 2024) and 25 December. A holiday
// on a weekend is not moved. Holy Thursday, Ash Wednesday, 24 and 31 December
// and state or city holidays are business days.
//
// The rules reproduce ANBIMA's published holiday list for 2001–2099 on every
// day; outside those years they are applied as they stand. ANBIMA returns the
// same shared, immutable *Calendar on every call, so calling it repeatedly is
// cheap.
func ANBIMA() *Calendar { return anbima() }

// B3 returns the trading calendar of the B3 exchange: every ANBIMA
// non-business day, and also 24 December; 31 December, or the last weekday
// of the year when 31 December is a weekend; 25 January (São Paulo city) until
// 2021; 9 July (São Paulo state) until 2021 except 2020; 20 November
// (São Paulo city) from 2004 to 2021 except 2020; and the one-off closure of
// 2014-06-12 (World Cup opening). The rules reproduce B3's list for
// 2000–2026. B3 returns the same shared, immutable *Calendar on every call.
func B3() *Calendar { return b3() }
