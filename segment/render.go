package segment

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
)

// String renders the segment in plain words, for people:
//
//	reinvestable amount ≥ 1000 and next expiry within 2 business days (ANBIMA)
//
// A trait's name is shown without a "cdp_" prefix and with underscores as
// spaces; in a date window a "_date" suffix is dropped too ("next expiry
// within ..."). Operands that read as numbers, booleans or dates are shown as
// they are, other text is quoted. "and" binds the conditions of all, "or"
// those of any; nested groups are parenthesised.
func (s Segment) String() string {
	var b strings.Builder
	writeSegment(&b, s, false)
	return b.String()
}

// String renders the compiled segment in plain words, as Segment.String.
func (m *Matcher) String() string { return m.seg.String() }

// Segment returns the segment m was compiled from.
func (m *Matcher) Segment() Segment { return m.seg }

func writeSegment(b *strings.Builder, s Segment, nested bool) {
	switch {
	case s.All != nil || s.Any != nil:
		list, sep := s.All, " and "
		if s.All == nil {
			list, sep = s.Any, " or "
		}
		if len(list) == 1 {
			writeSegment(b, list[0], nested)
			return
		}
		if nested {
			b.WriteByte('(')
		}
		for i, c := range list {
			if i > 0 {
				b.WriteString(sep)
			}
			writeSegment(b, c, true)
		}
		if nested {
			b.WriteByte(')')
		}
	case s.Not != nil:
		b.WriteString("not ")
		writeSegment(b, *s.Not, true)
	case s.Trait != nil:
		writeTrait(b, s.Trait)
	case s.Event != nil:
		writeEvent(b, s.Event)
	default:
		b.WriteString("(empty condition)")
	}
}

// label turns a trait, event or property name into words.
func label(name string) string {
	name = strings.TrimPrefix(name, "cdp_")
	return strings.ReplaceAll(name, "_", " ")
}

// lit renders an operand: numbers, booleans, dates and timestamps as they are, other
// text quoted.
func lit(s string) string {
	if s == "true" || s == "false" {
		return s
	}
	if _, err := calendar.ParseDate(s); err == nil {
		return s
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return s
	}
	if strings.TrimSpace(s) == s && s != "" {
		if _, err := decimal.NewFromString(s); err == nil {
			return s
		}
	}
	return strconv.Quote(s)
}

var opWords = map[Op]string{
	OpEq: "=", OpNe: "≠", OpGt: ">", OpGte: "≥", OpLt: "<", OpLte: "≤",
	OpContains: "contains", OpStartsWith: "starts with", OpEndsWith: "ends with",
}

func writeComparison(b *strings.Builder, op Op, value string, values []string, from, to string, ci bool) {
	switch op.operand() {
	case operandNone:
		if op == OpExists {
			b.WriteString(" is set")
		} else {
			b.WriteString(" is missing")
		}
		return
	case operandValues:
		if op == OpIn {
			b.WriteString(" is one of ")
		} else {
			b.WriteString(" is none of ")
		}
		for i, v := range values {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(lit(v))
		}
	case operandRange:
		b.WriteString(" between " + lit(from) + " and " + lit(to))
	default:
		w, ok := opWords[op]
		if !ok {
			w = string(op)
		}
		b.WriteString(" " + w + " " + lit(value))
	}
	if ci {
		b.WriteString(" (ignoring case)")
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}

func writeTrait(b *strings.Builder, c *TraitCondition) {
	if c.Op.operand() != operandDays {
		b.WriteString(label(c.Name))
		writeComparison(b, c.Op, c.Value, c.Values, c.From, c.To, c.CaseInsensitive)
		return
	}
	b.WriteString(label(strings.TrimSuffix(c.Name, "_date")))
	unit := plural(c.Days, "day", "days")
	if c.Calendar != "" {
		unit = plural(c.Days, "business day", "business days")
	}
	if c.Op == OpWithinNext {
		b.WriteString(" within " + unit)
	} else {
		b.WriteString(" within the last " + unit)
	}
	if c.Calendar != "" {
		b.WriteString(" (" + strings.ToUpper(c.Calendar) + ")")
	}
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return itoa(n) + " times"
}

func writeEvent(b *strings.Builder, c *EventCondition) {
	b.WriteString(label(c.Name))
	if len(c.Where) > 0 {
		b.WriteString(" (where ")
		for i, w := range c.Where {
			if i > 0 {
				b.WriteString(" and ")
			}
			b.WriteString(label(w.Property))
			writeComparison(b, w.Op, w.Value, w.Values, w.From, w.To, w.CaseInsensitive)
		}
		b.WriteByte(')')
	}
	switch {
	case c.AtLeast != nil && c.AtMost != nil && *c.AtLeast == *c.AtMost:
		b.WriteString(" exactly " + times(*c.AtLeast))
	case c.AtLeast != nil && c.AtMost != nil:
		b.WriteString(" between " + itoa(*c.AtLeast) + " and " + itoa(*c.AtMost) + " times")
	case c.AtMost != nil:
		b.WriteString(" at most " + times(*c.AtMost))
	case c.AtLeast != nil:
		b.WriteString(" at least " + times(*c.AtLeast))
	default:
		b.WriteString(" at least once")
	}
	switch {
	case c.WithinDays != 0:
		b.WriteString(" in the last " + plural(c.WithinDays, "day", "days"))
	case c.From != "" && c.To != "":
		b.WriteString(" between " + c.From + " and " + c.To)
	case c.From != "":
		b.WriteString(" since " + c.From)
	case c.To != "":
		b.WriteString(" until " + c.To)
	}
}
