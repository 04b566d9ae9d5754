package calendar

// Every method takes dates by their day number (Date.DaysSinceEpoch), so an
// invalid Date such as 2025-02-30 is treated as the day time.Date would
// normalise it to (2025-03-02).

// IsBusinessDay reports whether d is a business day: not a Saturday, not a
// Sunday and not a holiday of the calendar.
func (c *Calendar) IsBusinessDay(d Date) bool {
	ix := c.index()
	if i, ok := ix.pos(d); ok {
		return ix.cum[i+1] != ix.cum[i]
	}
	e := d.DaysSinceEpoch()
	if i := e - indexLo; uint(i) < uint(indexDays) {
		return ix.cum[i+1] != ix.cum[i]
	}
	return c.isBusinessSlow(e)
}

// AddBusinessDays returns the date n business days after d (n > 0) or |n|
// business days before d (n < 0). d itself never counts, whether or not it is
// a business day: for n > 0 the result is the n-th business day strictly
// after d, for n < 0 the |n|-th business day strictly before d. From a
// non-business day, AddBusinessDays(d, 1) is NextBusinessDay(d) and
// AddBusinessDays(d, -1) is PreviousBusinessDay(d). n == 0 returns d
// unchanged, even when d is not a business day (use Adjust to move it).
//
// This is the "N business days before D" rule of Brazilian fixed income: for
// N ≥ 1, AddBusinessDays(maturity, -N) is the same whether maturity is the
// nominal or the adjusted date.
//
// When d and the result lie in the years IndexFirstYear..IndexLastYear it is
// O(1) and does not allocate; beyond, it takes microseconds (see the package
// documentation, "Far dates"), however large n is within years 1..9999.
func (c *Calendar) AddBusinessDays(d Date, n int) Date {
	if n == 0 {
		return d
	}
	ix := c.index()
	e := 0
	i, ok := ix.pos(d)
	if !ok {
		e = d.DaysSinceEpoch()
		i = e - indexLo
		ok = uint(i) < uint(indexDays)
	}
	if ok {
		if n > 0 {
			k := int(ix.cum[i+1]) // business days up to and including d
			if n <= len(ix.biz)-k {
				return unpack(ix.biz[k+n-1])
			}
		} else {
			k := int(ix.cum[i]) // business days strictly before d
			if n >= -k {
				return unpack(ix.biz[k+n])
			}
		}
		e = i + indexLo
	}
	if n > 0 {
		return DateFromEpochDays(c.after(ix, e, n))
	}
	return DateFromEpochDays(c.before(ix, e, -n))
}

// NextBusinessDay returns the first business day strictly after d.
func (c *Calendar) NextBusinessDay(d Date) Date { return c.AddBusinessDays(d, 1) }

// PreviousBusinessDay returns the last business day strictly before d.
func (c *Calendar) PreviousBusinessDay(d Date) Date { return c.AddBusinessDays(d, -1) }

// BusinessDaysBetween returns the number of business days d with
// from < d <= to, that is in (from, to]: Monday to Tuesday of an ordinary
// week is 1, from == to is 0. When to is before from the result is negative:
// BusinessDaysBetween(to, from) == -BusinessDaysBetween(from, to).
//
// Counting to a nominal maturity that falls on a holiday gives one fewer than
// counting to the day it is paid (see Adjust).
//
// When both dates lie in the years IndexFirstYear..IndexLastYear it is O(1)
// and does not allocate; beyond, it takes microseconds (see the package
// documentation, "Far dates").
func (c *Calendar) BusinessDaysBetween(from, to Date) int {
	ix := c.index()
	i, iok := ix.pos(from)
	j, jok := ix.pos(to)
	if iok && jok {
		return int(ix.cum[j+1]) - int(ix.cum[i+1])
	}
	a, b := from.DaysSinceEpoch(), to.DaysSinceEpoch()
	if i, j := a-indexLo, b-indexLo; uint(i) < uint(indexDays) && uint(j) < uint(indexDays) {
		return int(ix.cum[j+1]) - int(ix.cum[i+1])
	}
	if a <= b {
		return c.count(ix, a+1, b)
	}
	return -c.count(ix, b+1, a)
}

// Adjust moves a non-business day to a business day by the convention conv;
// a business day is returned unchanged.
func (c *Calendar) Adjust(d Date, conv Convention) Date {
	if c.IsBusinessDay(d) {
		return d
	}
	switch conv {
	case Preceding:
		return c.PreviousBusinessDay(d)
	case ModifiedFollowing:
		next := c.NextBusinessDay(d)
		if nd := DateFromEpochDays(d.DaysSinceEpoch()); next.Year != nd.Year || next.Month != nd.Month {
			return c.PreviousBusinessDay(d)
		}
		return next
	default:
		return c.NextBusinessDay(d)
	}
}
