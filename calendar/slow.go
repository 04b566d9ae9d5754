package calendar

import (
	"slices"
	"sort"
)

// The path outside the day index. Nothing here walks day by day:
//
//   - weekdays in a span, and the n-th weekday from a day, are closed forms;
//   - whole years are counted from the year table (years.go), which holds
//     the business days and weekday holidays of every year from 1 to 10112,
//     built lazily from the rules in blocks of 128 years;
//   - inside one year, the n-th business day is found by a fixed point over
//     the year's few holidays (at most one step per holiday).
//
// So, once the blocks it needs are built, an answer costs a few binary
// searches plus a sum over at most tableBlocks blocks, wherever its dates lie
// in years 1..10112. Beyond those years, each year's holidays come from its
// rules (a few dozen Calc calls) and whole years are counted one by one.

// yearSpan returns the first and last epoch days of year y.
func yearSpan(y int) (first, last int) {
	return Date{Year: y, Month: 1, Day: 1}.DaysSinceEpoch(), Date{Year: y, Month: 12, Day: 31}.DaysSinceEpoch()
}

// yearOf returns the year of epoch day e.
func yearOf(e int) int { return DateFromEpochDays(e).Year }

// mondayEpoch is the day number of Monday 1970-01-05.
const mondayEpoch = 4

// weekdayIndex returns 0 for Monday .. 6 for Sunday.
func weekdayIndex(e int) int {
	w := (e - mondayEpoch) % 7
	if w < 0 {
		w += 7
	}
	return w
}

// weekdaysThrough counts the Mondays to Fridays in (-∞, e], shifted so that
// it is 0 at the Sunday 1970-01-04: only differences are meaningful.
func weekdaysThrough(e int) int {
	t := e - mondayEpoch
	q, r := t/7, t%7
	if r < 0 {
		q, r = q-1, r+7
	}
	return 5*q + min(r+1, 5)
}

// weekdays counts the Mondays to Fridays in [a, b] (0 when a > b).
func weekdays(a, b int) int {
	if a > b {
		return 0
	}
	return weekdaysThrough(b) - weekdaysThrough(a-1)
}

// nthWeekdayFrom returns the m-th Monday-to-Friday day on or after a (m ≥ 1).
func nthWeekdayFrom(a, m int) int {
	w := weekdayIndex(a)
	if w >= 5 { // weekend: start from the next Monday
		a, w = a+7-w, 0
	}
	k := m - 1 + w
	return a - w + 7*(k/5) + k%5
}

// nthWeekdayBefore returns the m-th Monday-to-Friday day on or before b
// (m ≥ 1).
func nthWeekdayBefore(b, m int) int {
	w := weekdayIndex(b)
	if w >= 5 { // weekend: start from the Friday before
		b, w = b-(w-4), 4
	}
	k := m - 1 + 4 - w
	return b + 4 - w - 7*(k/5) - k%5
}

// weekdayHolidays returns the distinct epoch days of the holidays of year y
// that fall on a weekday, sorted. The slice may be shared: callers must not
// modify it. Years of the year table are read from it.
func (c *Calendar) weekdayHolidays(y int) []int {
	if blk, _, ok := c.block(y); ok {
		a, b := yearSpan(y)
		i, _ := slices.BinarySearch(blk.days, a)
		j, _ := slices.BinarySearch(blk.days, b+1)
		return blk.days[i:j:j]
	}
	return c.ruleHolidays(y)
}

// ruleHolidays computes weekdayHolidays(y) from the rules. It agrees with
// holidaysOf on which days are holidays.
func (c *Calendar) ruleHolidays(y int) []int {
	var buf [32]int
	days := buf[:0]
	for _, h := range c.rules {
		for yy := y - 1; yy <= y+1; yy++ {
			_, obs := h.Calc(yy)
			if obs.IsZero() {
				continue
			}
			d := DateOf(obs)
			if d.Year != y {
				continue
			}
			if e := d.DaysSinceEpoch(); !isWeekend(e) {
				days = append(days, e)
			}
		}
	}
	slices.Sort(days)
	return slices.Clone(slices.Compact(days))
}

// isBusinessSlow reports whether epoch day e is a business day, from the rules.
func (c *Calendar) isBusinessSlow(e int) bool {
	if isWeekend(e) {
		return false
	}
	_, found := slices.BinarySearch(c.weekdayHolidays(yearOf(e)), e)
	return !found
}

// holidaysIn counts the entries of the sorted slice hdays in [a, b].
func holidaysIn(hdays []int, a, b int) int {
	i, _ := slices.BinarySearch(hdays, a)
	j, _ := slices.BinarySearch(hdays, b+1)
	return j - i
}

// countIn counts the business days in [a, b], which lie in one year whose
// weekday holidays are hdays (sorted).
func countIn(a, b int, hdays []int) int {
	return weekdays(a, b) - holidaysIn(hdays, a, b)
}

// inIndex reports whether [a, b] lies inside the day index.
func inIndex(a, b int) bool { return a >= indexLo && b <= indexHi }

// countPart returns the number of business days in [a, b], which lie in
// year y.
func (c *Calendar) countPart(ix *index, a, b, y int) int {
	if a > b {
		return 0
	}
	if inIndex(a, b) {
		return int(ix.cum[b-indexLo+1]) - int(ix.cum[a-indexLo])
	}
	return countIn(a, b, c.weekdayHolidays(y))
}

// count returns the number of business days in [a, b] (0 when a > b).
func (c *Calendar) count(ix *index, a, b int) int {
	if a > b {
		return 0
	}
	if inIndex(a, b) {
		return int(ix.cum[b-indexLo+1]) - int(ix.cum[a-indexLo])
	}
	ya, yb := yearOf(a), yearOf(b)
	if ya == yb {
		return c.countPart(ix, a, b, ya)
	}
	_, lastA := yearSpan(ya)
	firstB, _ := yearSpan(yb)
	return c.countPart(ix, a, lastA, ya) + c.yearsCount(ya+1, yb) + c.countPart(ix, firstB, b, yb)
}

// after returns the epoch day of the n-th business day strictly after epoch
// day e (n ≥ 1).
func (c *Calendar) after(ix *index, e, n int) int {
	a := e + 1
	y := yearOf(a)
	_, last := yearSpan(y)
	if k := c.countPart(ix, a, last, y); n > k {
		y, n = c.seekForward(y+1, n-k)
		a, _ = yearSpan(y)
	}
	return c.nthForward(ix, a, n, y)
}

// before returns the epoch day of the n-th business day strictly before
// epoch day e (n ≥ 1).
func (c *Calendar) before(ix *index, e, n int) int {
	b := e - 1
	y := yearOf(b)
	first, _ := yearSpan(y)
	if k := c.countPart(ix, first, b, y); n > k {
		y, n = c.seekBackward(y-1, n-k)
		_, b = yearSpan(y)
	}
	return c.nthBackward(ix, b, n, y)
}

// nthForward returns the n-th business day on or after epoch day a, which
// the caller knows to lie in a's year y.
func (c *Calendar) nthForward(ix *index, a, n, y int) int {
	if a >= indexLo && a <= indexHi {
		return ix.bizEpoch(int(ix.cum[a-indexLo]) + n - 1)
	}
	hdays := c.weekdayHolidays(y)
	// The smallest x with n business days in [a, x]: x is the (n+h)-th
	// weekday from a, where h counts the holidays in [a, x]. Starting from
	// h = 0 the guesses only grow and never pass the answer.
	for h := 0; ; {
		x := nthWeekdayFrom(a, n+h)
		hh := holidaysIn(hdays, a, x)
		if hh == h {
			return x
		}
		h = hh
	}
}

// nthBackward returns the n-th business day on or before epoch day b, which
// the caller knows to lie in b's year y.
func (c *Calendar) nthBackward(ix *index, b, n, y int) int {
	if b >= indexLo && b <= indexHi {
		return ix.bizEpoch(int(ix.cum[b-indexLo+1]) - n)
	}
	hdays := c.weekdayHolidays(y)
	for h := 0; ; {
		x := nthWeekdayBefore(b, n+h)
		hh := holidaysIn(hdays, x, b)
		if hh == h {
			return x
		}
		h = hh
	}
}

// seekForward counts n business days from 1 January of year y onwards and
// returns the year holding the n-th one and its rank within that year.
func (c *Calendar) seekForward(y, n int) (year, rank int) {
	for {
		blk, i, ok := c.block(y)
		if !ok {
			if k := c.yearCount(y); n > k {
				n -= k
				y++
				continue
			}
			return y, n
		}
		cum := &blk.cum
		if rest := int(cum[blockYears] - cum[i]); n > rest {
			n -= rest
			y += blockYears - i
			continue
		}
		// The first j > i with n business days in years i..j-1 of the block.
		j := i + 1 + sort.Search(blockYears-i, func(k int) bool { return int(cum[i+1+k]-cum[i]) >= n })
		return blk.first + j - 1, n - int(cum[j-1]-cum[i])
	}
}

// seekBackward counts n business days from 31 December of year y backwards
// and returns the year holding the n-th one and its rank, counted from the
// end of that year.
func (c *Calendar) seekBackward(y, n int) (year, rank int) {
	for {
		blk, i, ok := c.block(y)
		if !ok {
			if k := c.yearCount(y); n > k {
				n -= k
				y--
				continue
			}
			return y, n
		}
		cum := &blk.cum
		if rest := int(cum[i+1] - cum[0]); n > rest {
			n -= rest
			y -= i + 1
			continue
		}
		// The last j <= i with n business days in years j..i of the block.
		j := sort.Search(i+1, func(j int) bool { return int(cum[i+1]-cum[j]) < n }) - 1
		return blk.first + j, n - int(cum[i+1]-cum[j+1])
	}
}
