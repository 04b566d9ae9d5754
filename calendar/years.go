package calendar

import (
	"slices"
	"sync"
)

// The year table: the number of business days of every year from
// tableFirstYear on, for counting whole years outside the day index in
// O(blocks) rather than O(years), and the weekday holidays of those years,
// so that no query recomputes them. It is built lazily, one block of
// blockYears years at a time, when an answer first needs one of its years:
// a calendar that never leaves the day index never builds it.
const (
	// tableFirstYear is the first year of the year table.
	tableFirstYear = 1
	// blockYears is the number of years in one block of the table.
	blockYears = 128
	// tableBlocks is the number of blocks: years 1..10112, so every year a
	// YYYY-MM-DD date can write is covered.
	tableBlocks = 79
)

// yearTable holds the blocks, allocated on first use.
type yearTable struct {
	once   sync.Once
	blocks *[tableBlocks]yearBlock
}

// yearBlock holds blockYears consecutive years starting with first.
type yearBlock struct {
	once  sync.Once
	first int
	// cum[i] is the number of business days in years first..first+i-1.
	cum [blockYears + 1]int32
	// days holds the epoch days of the block's weekday holidays, sorted.
	days []int
}

// block returns the block holding year y, building it on first use, and
// y's position in it. ok is false when y is outside the table.
func (c *Calendar) block(y int) (blk *yearBlock, i int, ok bool) {
	k := y - tableFirstYear
	if k < 0 || k >= tableBlocks*blockYears {
		return nil, 0, false
	}
	c.years.once.Do(func() { c.years.blocks = new([tableBlocks]yearBlock) })
	blk = &c.years.blocks[k/blockYears]
	blk.once.Do(func() { c.buildBlock(blk, tableFirstYear+k/blockYears*blockYears) })
	return blk, k % blockYears, true
}

// buildBlock fills blk with the years first..first+blockYears-1. Each rule
// is evaluated once per year, with the same rule as holidaysOf: a date
// counts in the year it falls in, if that is the rule's year or a
// neighbouring one.
func (c *Calendar) buildBlock(blk *yearBlock, first int) {
	last := first + blockYears - 1
	var days []int
	for _, h := range c.rules {
		for yy := first - 1; yy <= last+1; yy++ {
			_, obs := h.Calc(yy)
			if obs.IsZero() {
				continue
			}
			d := DateOf(obs)
			if d.Year < first || d.Year > last || d.Year < yy-1 || d.Year > yy+1 {
				continue
			}
			if e := d.DaysSinceEpoch(); !isWeekend(e) {
				days = append(days, e)
			}
		}
	}
	slices.Sort(days)
	days = slices.Compact(days)

	blk.first = first
	blk.days = slices.Clip(days)
	for i := range blockYears {
		a, b := yearSpan(first + i)
		blk.cum[i+1] = blk.cum[i] + int32(countIn(a, b, days))
	}
}

// yearCount returns the number of business days in year y.
func (c *Calendar) yearCount(y int) int {
	a, b := yearSpan(y)
	return countIn(a, b, c.weekdayHolidays(y))
}

// yearsCount returns the number of business days in the whole years
// y1..y2-1 (0 when y2 <= y1).
func (c *Calendar) yearsCount(y1, y2 int) int {
	total := 0
	for y := y1; y < y2; {
		blk, i, ok := c.block(y)
		if !ok {
			total += c.yearCount(y)
			y++
			continue
		}
		j := min(blockYears, i+(y2-y))
		total += int(blk.cum[j] - blk.cum[i])
		y += j - i
	}
	return total
}
