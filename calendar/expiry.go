package calendar

// ExpiryDetector decides whether something that matures on a date is due for
// attention, counting business days on a calendar. It knows nothing about
// what matures: FilterDue applies it to any slice through an accessor.
//
// The zero ExpiryDetector uses the ANBIMA calendar and a Lead of 0, so it
// reports nothing as due. An ExpiryDetector is a plain value, safe for
// concurrent use.
type ExpiryDetector struct {
	// Calendar counts business days; nil means ANBIMA().
	Calendar *Calendar
	// Lead is how many business days ahead an expiry becomes due: with
	// Lead 2, an effective maturity one or two business days after asOf is
	// due. Lead ≤ 0 makes nothing due.
	Lead int
}

// Expiry is the outcome of ExpiryDetector.Check.
type Expiry struct {
	// Maturity is the nominal maturity date, as given.
	Maturity Date
	// Effective is the day the maturity is paid: Maturity when it is a
	// business day, else the next business day (Following).
	Effective Date
	// DaysLeft is BusinessDaysBetween(asOf, Effective): the business days in
	// (asOf, Effective]. It is 0 when Effective is asOf and negative once
	// Effective has passed.
	DaysLeft int
	// Due reports 1 <= DaysLeft <= Lead.
	Due bool
}

// Due pairs an item with its expiry; FilterDue returns them.
type Due[T any] struct {
	Item   T
	Expiry Expiry
}

// calendar returns the detector's calendar, ANBIMA when nil.
func (x ExpiryDetector) calendar() *Calendar {
	if x.Calendar == nil {
		return ANBIMA()
	}
	return x.Calendar
}

// Check computes the expiry of a maturity as seen on asOf.
//
// With Lead 2 on ANBIMA, asOf Friday 2026-02-13 (Carnival on 16 and 17
// February) and maturity Thursday 2026-02-19 give DaysLeft 2 (Wednesday 18
// and Thursday 19), so Due is true; a maturity on Carnival Monday
// 2026-02-16 is effective Wednesday 2026-02-18 with DaysLeft 1.
func (x ExpiryDetector) Check(asOf, maturity Date) Expiry {
	c := x.calendar()
	eff := c.Adjust(maturity, Following)
	left := c.BusinessDaysBetween(asOf, eff)
	return Expiry{
		Maturity:  maturity,
		Effective: eff,
		DaysLeft:  left,
		Due:       left >= 1 && left <= x.Lead,
	}
}

// Window returns the nominal maturities that are due as of asOf: a maturity
// m is due exactly when first <= m <= last. first is the day after the last
// business day on or before asOf (as of a Sunday, a maturity on the
// Saturday before is paid on Monday, so it is still ahead); last is the
// Lead-th business day after asOf. ok is false, and nothing is due, when
// Lead <= 0.
//
// It is the range to put in a query ("maturity BETWEEN first AND last") so
// that only due rows are read; Check gives their Expiry.
func (x ExpiryDetector) Window(asOf Date) (first, last Date, ok bool) {
	if x.Lead <= 0 {
		return Date{}, Date{}, false
	}
	c := x.calendar()
	lastPaid := asOf
	if !c.IsBusinessDay(asOf) {
		lastPaid = c.PreviousBusinessDay(asOf)
	}
	return lastPaid.AddDays(1), c.AddBusinessDays(asOf, x.Lead), true
}

// FilterDue checks every item's maturity with d as of asOf and returns the
// items that are due, with their expiry, in the order of items. It returns nil
// when none is due, or when maturity is nil.
//
// Only maturities inside d.Window(asOf) are checked in full; any other item,
// such as one maturing on 9999-12-31, costs two integer comparisons.
func FilterDue[T any](d ExpiryDetector, asOf Date, items []T, maturity func(T) Date) []Due[T] {
	first, last, ok := d.Window(asOf)
	if maturity == nil || !ok {
		return nil
	}
	lo, hi := first.DaysSinceEpoch(), last.DaysSinceEpoch()
	var out []Due[T]
	for _, it := range items {
		m := maturity(it)
		if e := m.DaysSinceEpoch(); e < lo || e > hi {
			continue
		}
		if x := d.Check(asOf, m); x.Due {
			out = append(out, Due[T]{Item: it, Expiry: x})
		}
	}
	return out
}
