// Package segment carves customers out of the profile base with predicates
// that business users can write as JSON and that run fast over every profile.
//
// A Segment is a tree of conditions: comparisons on traits, counts of events,
// and the combinators all, any and not. Build one in Go or parse its JSON
// form, check it against a Catalog of trait kinds with Compile, then call
// Match on as many profiles as needed:
//
//	seg := segment.All(
//		segment.Trait("cdp_reinvestable_amount").Gte(decimal.RequireFromString("1000")),
//		segment.Trait("cdp_next_expiry_date").WithinBusinessDays(calendar.ANBIMA(), 2),
//	)
//	m, err := segment.Compile(seg, catalog, segment.Options{AsOf: asOf})
//	...
//	if m.Match(&profile, nil) { ... }
//
// seg.String() reads "reinvestable amount ≥ 1000 and next expiry within 2
// business days (ANBIMA)".
//
// # JSON form
//
// A condition is a JSON object with exactly one of these keys:
//
//	{"all": [cond, ...]}                 every condition holds (at least one)
//	{"any": [cond, ...]}                 at least one holds (at least one)
//	{"not": cond}                        cond does not hold
//	{"trait": "name", "op": "...", ...}  a comparison on a trait
//	{"event": "name", ...}               a count of events
//
// A trait condition takes the operand fields its operator needs, and no
// others:
//
//	"value": v                    eq ne gt gte lt lte contains starts_with ends_with
//	"values": [v, ...]            in not_in
//	"from": v, "to": v            between (inclusive)
//	"days": n                     within_next within_last (calendar days)
//	"days": n, "business_days": "anbima"   the same in business days of a calendar
//	(none)                        exists missing
//	"case_insensitive": true      with any string comparison
//
// Operands are written as strings ("1000.50", "2025-03-05",
// "2025-03-05T12:00:00Z", "true"); JSON numbers and booleans are accepted
// too, numbers kept exactly as written. Marshalling writes them back as
// strings.
//
// An event condition counts the events with that name whose properties
// satisfy every "where" condition ({"property": "p", "op": ..., operands}),
// and compares the count with "at_least" and "at_most" (neither: at least
// one). "within_days": n counts only events in the n×24 hours before the as-of
// instant; "from"/"to" (dates, inclusive, either may be left out) count only
// events on those civil days.
//
// Parse reports every problem at once, each with its JSON path:
//
//	all[1].op: unknown operator "gtx" (want one of eq, ne, gt, ...)
//
// Documents over MaxDocumentSize bytes, nested deeper than MaxDepth or with
// more than MaxNodes conditions are refused (ErrLimit) before they can cost
// unbounded stack or memory.
//
// # Kinds and operators
//
// The catalog gives each trait a cdp.Kind; Compile refuses an operator that
// does not fit it or an operand that does not parse as it (ErrType), and an
// unknown trait (ErrUnknownTrait):
//
//	string     eq ne in not_in contains starts_with ends_with
//	number     eq ne gt gte lt lte between in not_in (exact decimals: 1000 = 1000.00)
//	bool       eq ne
//	date       eq ne gt gte lt lte between in not_in within_next within_last
//	timestamp  eq ne gt gte lt lte between
//	strings    contains (has the element) in (has one of) not_in (has none of)
//	any kind   exists missing
//
// A condition on a trait the profile does not have is false, except missing.
// Event properties have no catalog: an operand is compared as the kind of the
// property found on each event, and a property whose kind the operand does
// not parse as does not match.
//
// # Date windows
//
// within_next n holds for a date d with as-of ≤ d ≤ as-of + n days;
// within_last n for as-of − n ≤ d ≤ as-of. In business days of a calendar,
// within_next n runs from the as-of date through the n-th business day after
// it, and within_last n from the n-th business day before it through the
// as-of date. So a maturity on a weekend or holiday, paid on the next
// business day, enters the window when its payment day does: with ANBIMA, a
// maturity on Saturday 2025-03-01 (paid Wednesday 03-05, after Carnival) is
// within 2 business days from Thursday 02-27, not from Wednesday 02-26. The
// as-of date comes from Options; the package never
// reads the clock. Windows are fixed when compiling, so Match compares two
// integers.
//
// # Matching, explaining, populations
//
// A Matcher is immutable: Match is safe for concurrent use and does not
// allocate. Compile specialises each comparison on a string, number, bool
// or date trait to its operator and operand, so Match spends its time on
// the profile's trait lookups; numbers stay exact decimals (a constant is
// restated at the exponents trait values commonly have, so the comparison
// is one integer comparison). Explain shows, condition by condition, what held and the values
// seen. Evaluate matches a whole population with bounded parallelism, and
// Diff turns two member lists into entered / exited / stayed.
package segment
