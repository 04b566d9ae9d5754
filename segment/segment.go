package segment

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

// Segment is a predicate over a profile, as a plain tree of data. Exactly one
// of its fields is set: a combinator (All, Any, Not), a trait condition or an
// event condition. Build one with the functions of this package (All, Any,
// Not, Trait, Event) or with Parse; turn it into a Matcher with Compile.
//
// A Segment holds values as text (the way the JSON form does); their types
// come from the Catalog when the segment is compiled.
type Segment struct {
	All   []Segment       // every condition holds (at least one)
	Any   []Segment       // at least one condition holds (at least one)
	Not   *Segment        // the condition does not hold
	Trait *TraitCondition // a condition on one trait
	Event *EventCondition // a condition on the count of events
}

// Op is a comparison operator. Its value is the operator's name in the JSON
// form.
type Op string

// The operators. Which ones apply depends on the trait's kind (see the
// package documentation for the table).
const (
	OpEq         Op = "eq"          // equal to value
	OpNe         Op = "ne"          // present and not equal to value
	OpGt         Op = "gt"          // greater than value
	OpGte        Op = "gte"         // greater than or equal to value
	OpLt         Op = "lt"          // less than value
	OpLte        Op = "lte"         // less than or equal to value
	OpBetween    Op = "between"     // from ≤ x ≤ to
	OpIn         Op = "in"          // equal to one of values (lists: has one of values)
	OpNotIn      Op = "not_in"      // present and equal to none of values (lists: has none)
	OpContains   Op = "contains"    // string contains value; list has element value
	OpStartsWith Op = "starts_with" // string starts with value
	OpEndsWith   Op = "ends_with"   // string ends with value
	OpExists     Op = "exists"      // the trait is present
	OpMissing    Op = "missing"     // the trait is absent
	OpWithinNext Op = "within_next" // date in [as-of, as-of + days] (calendar or business days)
	OpWithinLast Op = "within_last" // date in [as-of − days, as-of] (calendar or business days)
)

// allOps lists the operators in the order error messages name them.
var allOps = [...]Op{OpEq, OpNe, OpGt, OpGte, OpLt, OpLte, OpBetween, OpIn, OpNotIn,
	OpContains, OpStartsWith, OpEndsWith, OpExists, OpMissing, OpWithinNext, OpWithinLast}

// operand says which operand fields an operator takes.
type operand uint8

const (
	operandNone   operand = iota // exists, missing
	operandValue                 // value
	operandValues                // values
	operandRange                 // from, to
	operandDays                  // days (+ business_days)
)

func (o Op) operand() operand {
	switch o {
	case OpExists, OpMissing:
		return operandNone
	case OpIn, OpNotIn:
		return operandValues
	case OpBetween:
		return operandRange
	case OpWithinNext, OpWithinLast:
		return operandDays
	}
	return operandValue
}

func (o Op) valid() bool {
	for _, k := range allOps {
		if k == o {
			return true
		}
	}
	return false
}

// TraitCondition compares one trait of the profile. Which operand fields are
// used depends on Op: Value (eq, ne, gt, gte, lt, lte, contains, starts_with,
// ends_with), Values (in, not_in), From and To (between), Days and Calendar
// (within_next, within_last). CaseInsensitive applies to string and string
// list comparisons.
type TraitCondition struct {
	Name            string   // trait name, as in the catalog
	Op              Op       // operator
	Value           string   // single operand, as text
	Values          []string // set operand, as text
	From, To        string   // between bounds, as text, inclusive
	Days            int      // window length for within_next / within_last
	Calendar        string   // business-day calendar name ("anbima", "b3"); "" = calendar days
	CaseInsensitive bool     // compare strings ignoring case (Unicode simple folding)

	cal BusinessCalendar // set by the Go builder; wins over Calendar at compile time
	err error            // a Go value the builder could not turn into text
}

// EventCondition counts the profile's events named Name whose properties
// satisfy every Where condition, inside a time window, and compares the count
// with AtLeast and AtMost. With neither bound set the condition means "at
// least one". The window is the last WithinDays days before the as-of
// instant, or the civil dates From..To (inclusive); with neither, all events
// count.
type EventCondition struct {
	Name       string              // event name
	Where      []PropertyCondition // conditions on the event's properties, all must hold
	AtLeast    *int                // count ≥ AtLeast
	AtMost     *int                // count ≤ AtMost
	WithinDays int                 // events in (as-of − days×24h, as-of]; 0 = no such window
	From, To   string              // events whose civil date is in [From, To]; "" = unbounded
}

// PropertyCondition compares one property of an event. It takes the same
// operators and operands as a TraitCondition except the date windows and
// exists/missing work as for traits. Property values are typed by the event
// itself: the operand is compared as the kind of the property found.
type PropertyCondition struct {
	Property        string   // property name
	Op              Op       // operator
	Value           string   // single operand, as text
	Values          []string // set operand, as text
	From, To        string   // between bounds, as text
	CaseInsensitive bool     // compare strings ignoring case

	err error
}

// All returns a segment that holds when every condition holds.
func All(conds ...Segment) Segment { return Segment{All: append([]Segment{}, conds...)} }

// Any returns a segment that holds when at least one condition holds.
func Any(conds ...Segment) Segment { return Segment{Any: append([]Segment{}, conds...)} }

// Not returns a segment that holds when cond does not.
func Not(cond Segment) Segment { return Segment{Not: &cond} }

// TraitRef starts a condition on a trait; finish it with an operator method.
type TraitRef struct {
	name string
	ci   bool
}

// Trait starts a condition on the trait called name.
func Trait(name string) TraitRef { return TraitRef{name: name} }

// IgnoreCase makes the string comparisons of the condition case-insensitive.
func (r TraitRef) IgnoreCase() TraitRef { r.ci = true; return r }

func (r TraitRef) one(op Op, v any) Segment {
	s, err := literal(v)
	return Segment{Trait: &TraitCondition{Name: r.name, Op: op, Value: s, CaseInsensitive: r.ci, err: err}}
}

// Eq: the trait equals v. Values may be string, decimal.Decimal, int, int64,
// bool, calendar.Date, time.Time or cdp.Value (as for every builder method).
func (r TraitRef) Eq(v any) Segment { return r.one(OpEq, v) }

// Ne: the trait is present and differs from v.
func (r TraitRef) Ne(v any) Segment { return r.one(OpNe, v) }

// Gt: the trait is greater than v.
func (r TraitRef) Gt(v any) Segment { return r.one(OpGt, v) }

// Gte: the trait is greater than or equal to v.
func (r TraitRef) Gte(v any) Segment { return r.one(OpGte, v) }

// Lt: the trait is less than v.
func (r TraitRef) Lt(v any) Segment { return r.one(OpLt, v) }

// Lte: the trait is less than or equal to v.
func (r TraitRef) Lte(v any) Segment { return r.one(OpLte, v) }

// Contains: a string trait contains s; a string-list trait has the element s.
func (r TraitRef) Contains(s string) Segment { return r.one(OpContains, s) }

// StartsWith: a string trait starts with s.
func (r TraitRef) StartsWith(s string) Segment { return r.one(OpStartsWith, s) }

// EndsWith: a string trait ends with s.
func (r TraitRef) EndsWith(s string) Segment { return r.one(OpEndsWith, s) }

// Between: from ≤ trait ≤ to.
func (r TraitRef) Between(from, to any) Segment {
	f, err1 := literal(from)
	t, err2 := literal(to)
	if err1 == nil {
		err1 = err2
	}
	return Segment{Trait: &TraitCondition{Name: r.name, Op: OpBetween, From: f, To: t, CaseInsensitive: r.ci, err: err1}}
}

func (r TraitRef) set(op Op, vs []any) Segment {
	c := &TraitCondition{Name: r.name, Op: op, Values: make([]string, 0, len(vs)), CaseInsensitive: r.ci}
	for _, v := range vs {
		s, err := literal(v)
		if err != nil && c.err == nil {
			c.err = err
		}
		c.Values = append(c.Values, s)
	}
	return Segment{Trait: c}
}

// In: the trait equals one of vs (a string-list trait has one of vs).
func (r TraitRef) In(vs ...any) Segment { return r.set(OpIn, vs) }

// NotIn: the trait is present and equals none of vs (a list has none of vs).
func (r TraitRef) NotIn(vs ...any) Segment { return r.set(OpNotIn, vs) }

// Exists: the profile has the trait.
func (r TraitRef) Exists() Segment {
	return Segment{Trait: &TraitCondition{Name: r.name, Op: OpExists}}
}

// Missing: the profile does not have the trait.
func (r TraitRef) Missing() Segment {
	return Segment{Trait: &TraitCondition{Name: r.name, Op: OpMissing}}
}

// WithinNextDays: a date trait falls in [as-of, as-of + n] calendar days.
func (r TraitRef) WithinNextDays(n int) Segment {
	return Segment{Trait: &TraitCondition{Name: r.name, Op: OpWithinNext, Days: n}}
}

// WithinLastDays: a date trait falls in [as-of − n, as-of] calendar days.
func (r TraitRef) WithinLastDays(n int) Segment {
	return Segment{Trait: &TraitCondition{Name: r.name, Op: OpWithinLast, Days: n}}
}

// WithinBusinessDays: a date trait falls from the as-of date through the
// n-th business day of cal after it. A maturity on a weekend or holiday is
// inside the window exactly when the business day it is paid on (the next
// one) is, which matches "n business days before maturity" in
// calendar conventions.
func (r TraitRef) WithinBusinessDays(cal BusinessCalendar, n int) Segment {
	return Segment{Trait: &TraitCondition{Name: r.name, Op: OpWithinNext, Days: n, Calendar: calendarName(cal), cal: cal}}
}

// WithinLastBusinessDays: a date trait falls from the n-th business day of
// cal before the as-of date through the as-of date.
func (r TraitRef) WithinLastBusinessDays(cal BusinessCalendar, n int) Segment {
	return Segment{Trait: &TraitCondition{Name: r.name, Op: OpWithinLast, Days: n, Calendar: calendarName(cal), cal: cal}}
}

// EventRef starts a condition on events; finish it with AtLeast, AtMost,
// Count or Happened.
type EventRef struct {
	c EventCondition
}

// Event starts a condition on the events called name.
func Event(name string) EventRef { return EventRef{c: EventCondition{Name: name}} }

// Where adds conditions on the events' properties; all must hold for an
// event to count.
func (r EventRef) Where(conds ...PropertyCondition) EventRef {
	r.c.Where = append(append([]PropertyCondition{}, r.c.Where...), conds...)
	return r
}

// WithinDays counts only events in the last n days before the as-of instant.
func (r EventRef) WithinDays(n int) EventRef { r.c.WithinDays = n; return r }

// Between counts only events whose civil date is in [from, to].
func (r EventRef) Between(from, to calendar.Date) EventRef {
	r.c.From, r.c.To = from.String(), to.String()
	return r
}

// AtLeast: at least n events count.
func (r EventRef) AtLeast(n int) Segment { c := r.c; c.AtLeast = &n; return Segment{Event: &c} }

// AtMost: at most n events count.
func (r EventRef) AtMost(n int) Segment { c := r.c; c.AtMost = &n; return Segment{Event: &c} }

// Count: between min and max events count, inclusive.
func (r EventRef) Count(min, max int) Segment {
	c := r.c
	c.AtLeast, c.AtMost = &min, &max
	return Segment{Event: &c}
}

// Happened: at least one event counts.
func (r EventRef) Happened() Segment { c := r.c; return Segment{Event: &c} }

// PropertyRef starts a condition on an event property.
type PropertyRef struct {
	name string
	ci   bool
}

// Property starts a condition on the event property called name.
func Property(name string) PropertyRef { return PropertyRef{name: name} }

// IgnoreCase makes the string comparisons of the condition case-insensitive.
func (r PropertyRef) IgnoreCase() PropertyRef { r.ci = true; return r }

func (r PropertyRef) one(op Op, v any) PropertyCondition {
	s, err := literal(v)
	return PropertyCondition{Property: r.name, Op: op, Value: s, CaseInsensitive: r.ci, err: err}
}

// Eq: the property equals v.
func (r PropertyRef) Eq(v any) PropertyCondition { return r.one(OpEq, v) }

// Ne: the property is present and differs from v.
func (r PropertyRef) Ne(v any) PropertyCondition { return r.one(OpNe, v) }

// Gt: the property is greater than v.
func (r PropertyRef) Gt(v any) PropertyCondition { return r.one(OpGt, v) }

// Gte: the property is greater than or equal to v.
func (r PropertyRef) Gte(v any) PropertyCondition { return r.one(OpGte, v) }

// Lt: the property is less than v.
func (r PropertyRef) Lt(v any) PropertyCondition { return r.one(OpLt, v) }

// Lte: the property is less than or equal to v.
func (r PropertyRef) Lte(v any) PropertyCondition { return r.one(OpLte, v) }

// Contains: a string property contains s; a list property has element s.
func (r PropertyRef) Contains(s string) PropertyCondition { return r.one(OpContains, s) }

// StartsWith: a string property starts with s.
func (r PropertyRef) StartsWith(s string) PropertyCondition { return r.one(OpStartsWith, s) }

// EndsWith: a string property ends with s.
func (r PropertyRef) EndsWith(s string) PropertyCondition { return r.one(OpEndsWith, s) }

// In: the property equals one of vs.
func (r PropertyRef) In(vs ...any) PropertyCondition {
	c := PropertyCondition{Property: r.name, Op: OpIn, CaseInsensitive: r.ci}
	for _, v := range vs {
		s, err := literal(v)
		if err != nil && c.err == nil {
			c.err = err
		}
		c.Values = append(c.Values, s)
	}
	return c
}

// Exists: the event has the property.
func (r PropertyRef) Exists() PropertyCondition {
	return PropertyCondition{Property: r.name, Op: OpExists}
}

// Missing: the event does not have the property.
func (r PropertyRef) Missing() PropertyCondition {
	return PropertyCondition{Property: r.name, Op: OpMissing}
}

// literal turns a Go value into the text form used by segments.
func literal(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case decimal.Decimal:
		return x.String(), nil
	case *decimal.Decimal:
		if x != nil {
			return x.String(), nil
		}
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int32:
		return strconv.FormatInt(int64(x), 10), nil
	case uint:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint64:
		return strconv.FormatUint(x, 10), nil
	case bool:
		return strconv.FormatBool(x), nil
	case calendar.Date:
		return x.String(), nil
	case time.Time:
		return x.Format(time.RFC3339Nano), nil
	case cdp.Value:
		switch x.Kind() {
		case cdp.KindString:
			s, _ := x.AsString()
			return s, nil
		case cdp.KindNumber:
			d, _ := x.AsNumber()
			return d.String(), nil
		case cdp.KindBool:
			b, _ := x.AsBool()
			return strconv.FormatBool(b), nil
		case cdp.KindDate:
			d, _ := x.AsDate()
			return d.String(), nil
		case cdp.KindTimestamp:
			t, _ := x.AsTimestamp()
			return t.Format(time.RFC3339Nano), nil
		}
		return "", fmt.Errorf("cannot use a cdp.Value of kind %s as an operand", x.Kind())
	}
	return "", fmt.Errorf("cannot use a Go value of type %T as an operand", v)
}
