// Package calendar provides civil dates and Brazilian business-day
// calendars: ANBIMA for counting dias úteis in fixed income, B3 for exchange
// trading days, and custom calendars built from rickar/cal holiday rules. It
// also detects maturities that are a given number of business days away.
//
// # Dates
//
// A Date is a year, month and day with no time of day and no location. Take
// "today" with Today(loc) in the time zone that matters (America/Sao_Paulo
// for Brazilian jobs, see SaoPaulo), or convert an instant with DateOf in
// that zone first: the same instant is 24 December in São Paulo and
// 25 December in UTC at 22:00 local time. Dates marshal to and from JSON and
// text as "YYYY-MM-DD"; ParseDate reports bad input with a *ParseError that
// quotes it.
//
// # Calendars
//
// A *Calendar treats Saturdays, Sundays and its holidays as non-business
// days. ANBIMA() and B3() return shared, immutable calendars; New builds one
// from any rickar/cal rules (a city's holidays, say). Holidays are evaluated
// as civil days, so results never depend on rickar's mutable cal.DefaultLoc or
// on a time zone, and rickar's unsynchronised cache is never used. Every
// Calendar is safe for concurrent use.
//
// The counting rules are those of the Brazilian market:
//
//   - BusinessDaysBetween(from, to) counts the business days in (from, to]:
//     Monday to Tuesday is 1; negative when to is before from.
//   - AddBusinessDays(d, n) never counts d itself: n > 0 is the n-th business
//     day after d, n < 0 the |n|-th before it, n == 0 is d unchanged.
//     "Two business days before maturity" is AddBusinessDays(maturity, -2).
//   - Adjust moves a non-business day by a Convention; a maturity on a
//     non-business day is paid on the next business day (Following).
//
// # Performance
//
// Each calendar builds, on first use and once, an index over
// IndexStart..IndexEnd (1990–2100): the cumulative business-day count of
// every day (int32) and the ordered array of business days, addressed by
// Date.DaysSinceEpoch. IsBusinessDay, AddBusinessDays, BusinessDaysBetween,
// NextBusinessDay, PreviousBusinessDay and Adjust are then O(1) and do not
// allocate; each takes a few nanoseconds where rickar/cal walks day by day
// and recomputes every holiday of the year for each day.
//
// # Far dates
//
// Dates outside the index are answered from the same rules, without walking
// day by day: weekdays are counted in closed form, a year's holidays come
// from its rules, and whole years are counted from a year table: the
// business days and weekday holidays of every year from 1 to 10112, which
// each calendar builds lazily, 128 years at a time, when a query first
// needs them (about 1 MB when complete). Building the blocks between the
// index and year 9999 takes a few milliseconds, once per calendar; after
// that a question about a date in year 9999 takes well under a
// microsecond, and does not allocate. For years before 1 or after 10112
// (which no YYYY-MM-DD text can name) each year's holidays are computed from
// the rules and whole years are counted one at a time, so the cost grows
// with the number of such years crossed.
//
// Holidays beyond the years ANBIMA and B3 publish are the rules applied as
// they stand today: no law can be foreseen. A maturity decades away, or the
// "no maturity" sentinel 9999-12-31, is a valid date, not an error: Check
// gives its effective date and exact DaysLeft under those rules, and it is
// never due unless Lead reaches that far. Nothing is clamped: a maturity of
// 0001-01-01 is simply long past.
//
// # Expiry
//
// ExpiryDetector{Calendar, Lead}.Check(asOf, maturity) returns the effective
// (paid) maturity, the business days left until it and whether it is due
// (1 <= DaysLeft <= Lead). Window(asOf) gives the range of nominal
// maturities that are due, for a query. FilterDue applies the detector to a
// slice of any type through a maturity accessor and keeps the items' order; it
// checks in full only the maturities inside the window, so far-future (or
// long past) maturities cost a comparison each.
package calendar
