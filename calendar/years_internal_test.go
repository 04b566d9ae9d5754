package calendar

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The closed forms against a loop over the days, for every start weekday.
func TestWeekdayClosedForms(t *testing.T) {
	for _, base := range []int{-800_000, -3, 0, 20_000, 2_900_000} {
		for a := base; a < base+7; a++ {
			n := 0
			for b := a; b < a+40; b++ {
				if !isWeekend(b) {
					n++
					require.Equal(t, b, nthWeekdayFrom(a, n), "nthWeekdayFrom(%d, %d)", a, n)
				}
				require.Equal(t, n, weekdays(a, b), "weekdays(%d, %d)", a, b)
			}
			n = 0
			for b := a; b > a-40; b-- {
				if !isWeekend(b) {
					n++
					require.Equal(t, b, nthWeekdayBefore(a, n), "nthWeekdayBefore(%d, %d)", a, n)
				}
			}
		}
	}
}

// The year table agrees with the day index on every year both cover.
func TestYearTableAgreesWithIndex(t *testing.T) {
	for _, c := range []*Calendar{ANBIMA(), B3()} {
		ix := c.index()
		for y := IndexFirstYear; y <= IndexLastYear; y++ {
			a, b := yearSpan(y)
			want := int(ix.cum[b-indexLo+1] - ix.cum[a-indexLo])
			assert.Equal(t, want, c.yearsCount(y, y+1), "%s %d", c.Name(), y)
			assert.Equal(t, want, c.yearCount(y), "%s %d", c.Name(), y)
		}
	}
}

// The holidays kept in the table are those the rules give.
func TestYearTableHolidays(t *testing.T) {
	for _, c := range []*Calendar{ANBIMA(), B3()} {
		for _, y := range []int{1, 2, 127, 128, 129, 1900, 2025, 2100, 9999, 10000, 10112} {
			want := c.ruleHolidays(y)
			require.NotEmpty(t, want, "%s %d", c.Name(), y)
			assert.Equal(t, want, c.weekdayHolidays(y), "%s %d", c.Name(), y)
		}
	}
}

func TestYearTableBounds(t *testing.T) {
	c := ANBIMA()
	_, _, ok := c.block(0)
	assert.False(t, ok, "year 0")
	blk, i, ok := c.block(1)
	require.True(t, ok)
	assert.Equal(t, []int{1, 0}, []int{blk.first, i})
	blk, i, ok = c.block(tableFirstYear + tableBlocks*blockYears - 1)
	require.True(t, ok)
	assert.Equal(t, []int{tableFirstYear + (tableBlocks-1)*blockYears, blockYears - 1}, []int{blk.first, i})
	_, _, ok = c.block(tableFirstYear + tableBlocks*blockYears)
	assert.False(t, ok, "past the table")
	assert.GreaterOrEqual(t, tableFirstYear+tableBlocks*blockYears-1, 9999+1, "the table reaches year 10000")

	// Across the table's ends, counted year by year from the rules.
	total := 0
	for y := -5; y < 5; y++ {
		total += c.yearCount(y)
	}
	assert.Equal(t, total, c.yearsCount(-5, 5))
	assert.Equal(t, c.yearCount(10113)+c.yearCount(10112), c.yearsCount(10112, 10114))
}
