package main

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
)

// sqlTable is the table as a SQL engine sees it: rows reachable by date.
type sqlTable struct {
	rows   []row
	byDate map[calendar.Date]int
}

func loadTable(t *testing.T, c *calendar.Calendar, from, to calendar.Date) sqlTable {
	t.Helper()
	tb := sqlTable{byDate: make(map[calendar.Date]int)}
	err := table(context.Background(), c, from, to, func(rows []row) error {
		for _, r := range rows {
			tb.byDate[r.Date] = len(tb.rows)
			tb.rows = append(tb.rows, r)
		}
		return nil
	})
	require.NoError(t, err)
	return tb
}

// dueBySQL is the README's query for one position, step by step:
//
//	JOIN business_days m   ON m.date = p.maturity_date
//	JOIN business_days pay ON pay.date = m.next_business_day
//	JOIN business_days a   ON a.date = as_of
//	days_left = pay.business_day_number - a.business_day_number
//	WHERE days_left BETWEEN 1 AND n
//
// joined is false when an inner join finds no row (the position drops out
// of the result).
func (tb sqlTable) dueBySQL(asOf, maturity calendar.Date, n int) (effective calendar.Date, daysLeft int, joined, due bool) {
	a, ok := tb.byDate[asOf]
	if !ok {
		return calendar.Date{}, 0, false, false
	}
	m, ok := tb.byDate[maturity]
	if !ok {
		return calendar.Date{}, 0, false, false
	}
	pay, ok := tb.byDate[tb.rows[m].NextBusinessDay]
	if !ok {
		return calendar.Date{}, 0, false, false
	}
	left := tb.rows[pay].BusinessDayNumber - tb.rows[a].BusinessDayNumber
	return tb.rows[pay].Date, left, true, left >= 1 && left <= n
}

// farMaturities are outside any table the test builds.
var farMaturities = []calendar.Date{
	d("9999-12-31"), d("2100-06-01"), d("2060-01-01"), d("1900-01-01"), d("0001-01-01"),
}

func TestDueSQLRecipeMatchesExpiryDetector(t *testing.T) {
	// The table covers as_of from a month after its first row to a month
	// before its last, wider than any lead drawn here.
	from, to := d("2018-01-01"), d("2032-12-31")
	for _, c := range []*calendar.Calendar{calendar.ANBIMA(), calendar.B3()} {
		t.Run(c.Name(), func(t *testing.T) {
			tb := loadTable(t, c, from, to)
			rng := rand.New(rand.NewPCG(1, uint64(len(c.Name()))))
			checked, dueCount, nonBusinessDue := 0, 0, 0
			for range 20000 {
				asOf := from.AddDays(31 + rng.IntN(to.DaysSinceEpoch()-from.DaysSinceEpoch()-62))
				var maturity calendar.Date
				switch k := rng.IntN(20); {
				case k == 0:
					maturity = farMaturities[rng.IntN(len(farMaturities))]
				case k < 4: // anywhere in the table
					maturity = from.AddDays(rng.IntN(to.DaysSinceEpoch() - from.DaysSinceEpoch() + 1))
				default: // near asOf, weekends and holidays included
					maturity = asOf.AddDays(rng.IntN(30) - 8)
				}
				lead := 1 + rng.IntN(10)
				det := calendar.ExpiryDetector{Calendar: c, Lead: lead}
				want := det.Check(asOf, maturity)

				eff, left, joined, due := tb.dueBySQL(asOf, maturity, lead)
				require.Equal(t, want.Due, due, "asOf %s, maturity %s, lead %d", asOf, maturity, lead)
				if joined {
					assert.Equal(t, []any{want.Effective, want.DaysLeft}, []any{eff, left}, "asOf %s, maturity %s", asOf, maturity)
					checked++
				}
				if due {
					dueCount++
					if !c.IsBusinessDay(maturity) {
						nonBusinessDue++
					}
				}
			}
			// The draw exercised what it is meant to.
			assert.Greater(t, dueCount, 1000, "due positions")
			assert.Greater(t, nonBusinessDue, 100, "due positions maturing on a non-business day")
			assert.Greater(t, checked, 15000, "positions found by the joins")
		})
	}
}

// Near the edge of the table: a position maturing on the last row, whose
// payment day lies after the table, drops out of the join; it is not due
// for any as_of the table can serve.
func TestDueSQLRecipeTableEdge(t *testing.T) {
	c := calendar.B3()
	tb := loadTable(t, c, d("2025-12-01"), d("2025-12-31")) // Dec 31 is a B3 closure
	last := tb.rows[len(tb.rows)-1]
	require.False(t, last.IsBusinessDay)
	require.Equal(t, d("2026-01-02"), last.NextBusinessDay, "computed beyond the table")

	_, _, joined, due := tb.dueBySQL(d("2025-12-29"), d("2025-12-31"), 1)
	assert.False(t, joined)
	assert.False(t, due)
	det := calendar.ExpiryDetector{Calendar: c, Lead: 1}
	assert.False(t, det.Check(d("2025-12-29"), d("2025-12-31")).Due, "the detector agrees: two business days left")
}
