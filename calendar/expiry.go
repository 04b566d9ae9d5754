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

// FilterDue checks every item's maturity with d as of asOf and returns the
// items that are due, with their expiry, in the order of items. It returns nil
// when none is due, or when maturity is nil.
func FilterDue[T any](d ExpiryDetector, asOf Date, items []T, maturity func(T) Date) []Due[T] {
	if maturity == nil {
		return nil
	}
	var out []Due[T]
	for _, it := range items {
		if x := d.Check(asOf, maturity(it)); x.Due {
			out = append(out, Due[T]{Item: it, Expiry: x})
		}
	}
	return out
}
