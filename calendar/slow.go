package calendar

import "slices"

// The slow path: days outside the index are evaluated from the rules, one
// year at a time. Whole years are counted arithmetically (weekdays minus
// weekday holidays); only the year holding an answer is walked day by day.

// isBusinessSlow reports whether epoch day e is a business day, from the rules.
func (c *Calendar) isBusinessSlow(e int) bool {
	if isWeekend(e) {
		return false
	}
	_, found := slices.BinarySearch(c.holidayDays(DateFromEpochDays(e).Year), e)
	return !found
}

// yearSpan returns the first and last epoch days of year y.
func yearSpan(y int) (first, last int) {
	return Date{Year: y, Month: 1, Day: 1}.DaysSinceEpoch(), Date{Year: y, Month: 12, Day: 31}.DaysSinceEpoch()
}

// weekdays counts the Mondays to Fridays in [a, b].
func weekdays(a, b int) int {
	if a > b {
		return 0
	}
	n := b - a + 1
	full := n / 7
	count := full * 5
	for e := a + full*7; e <= b; e++ {
		if !isWeekend(e) {
			count++
		}
	}
	return count
}

// countIn counts the business days in [a, b], which lie in one year whose
// weekday holidays are hdays (sorted).
func countIn(a, b int, hdays []int) int {
	n := weekdays(a, b)
	for _, h := range hdays {
		if h >= a && h <= b {
			n--
		}
	}
	return n
}

// count returns the number of business days in [a, b] (0 when a > b), using
// the index for the part of the span it covers.
func (c *Calendar) count(ix *index, a, b int) int {
	total := 0
	if a <= b && a < indexLo {
		total += c.countSlow(a, min(b, indexLo-1))
		a = indexLo
	}
	if a <= b && a <= indexHi {
		hi := min(b, indexHi)
		total += int(ix.cum[hi-indexLo+1]) - int(ix.cum[a-indexLo])
		a = indexHi + 1
	}
	if a <= b {
		total += c.countSlow(a, b)
	}
	return total
}

// countSlow counts the business days in [a, b] from the rules, a year at a time.
func (c *Calendar) countSlow(a, b int) int {
	total := 0
	for a <= b {
		y := DateFromEpochDays(a).Year
		_, last := yearSpan(y)
		end := min(b, last)
		total += countIn(a, end, c.holidayDays(y))
		a = end + 1
	}
	return total
}

// after returns the epoch day of the n-th business day strictly after epoch
// day e (n ≥ 1).
func (c *Calendar) after(ix *index, e, n int) int {
	// Years before the index.
	for a := e + 1; a < indexLo; {
		y := DateFromEpochDays(a).Year
		_, last := yearSpan(y)
		end := min(last, indexLo-1)
		hdays := c.holidayDays(y)
		if k := countIn(a, end, hdays); k < n {
			n -= k
			a = end + 1
			continue
		}
		return walk(a, 1, n, hdays)
	}
	// The index.
	if e < indexHi {
		k := 0 // business days of the index up to and including e
		if e >= indexLo {
			k = int(ix.cum[e-indexLo+1])
		}
		if n <= len(ix.biz)-k {
			return ix.bizEpoch(k + n - 1)
		}
		n -= len(ix.biz) - k
		e = indexHi
	}
	// Years after the index.
	for a := e + 1; ; {
		y := DateFromEpochDays(a).Year
		_, last := yearSpan(y)
		hdays := c.holidayDays(y)
		if k := countIn(a, last, hdays); k < n {
			n -= k
			a = last + 1
			continue
		}
		return walk(a, 1, n, hdays)
	}
}

// before returns the epoch day of the n-th business day strictly before epoch
// day e (n ≥ 1).
func (c *Calendar) before(ix *index, e, n int) int {
	// Years after the index.
	for b := e - 1; b > indexHi; {
		y := DateFromEpochDays(b).Year
		first, _ := yearSpan(y)
		start := max(first, indexHi+1)
		hdays := c.holidayDays(y)
		if k := countIn(start, b, hdays); k < n {
			n -= k
			b = start - 1
			continue
		}
		return walk(b, -1, n, hdays)
	}
	// The index.
	if e > indexLo {
		k := len(ix.biz) // business days of the index strictly before e
		if e <= indexHi {
			k = int(ix.cum[e-indexLo])
		}
		if n <= k {
			return ix.bizEpoch(k - n)
		}
		n -= k
		e = indexLo
	}
	// Years before the index.
	for b := e - 1; ; {
		y := DateFromEpochDays(b).Year
		first, _ := yearSpan(y)
		hdays := c.holidayDays(y)
		if k := countIn(first, b, hdays); k < n {
			n -= k
			b = first - 1
			continue
		}
		return walk(b, -1, n, hdays)
	}
}

// walk steps from epoch day e (included) in direction step until it has seen
// n business days, all within one year whose weekday holidays are hdays, and
// returns the n-th. The caller guarantees the year holds at least n.
func walk(e, step, n int, hdays []int) int {
	for ; ; e += step {
		if isWeekend(e) {
			continue
		}
		if _, found := slices.BinarySearch(hdays, e); found {
			continue
		}
		if n--; n == 0 {
			return e
		}
	}
}
