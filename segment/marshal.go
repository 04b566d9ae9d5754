package segment

import (
	"encoding/json"
	"strconv"
)

// MarshalJSON renders s in the JSON form. Fields come in a fixed order and
// operands are always strings, so Parse(MarshalJSON(s)) gives back s and
// marshalling again gives the same bytes.
func (s Segment) MarshalJSON() ([]byte, error) {
	return appendSegment(make([]byte, 0, 256), s), nil
}

func appendString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

func appendKey(b []byte, first *bool, key string) []byte {
	if !*first {
		b = append(b, ',')
	}
	*first = false
	b = appendString(b, key)
	return append(b, ':')
}

func appendSegment(b []byte, s Segment) []byte {
	switch {
	case s.All != nil:
		return appendList(append(b, `{"all":`...), s.All)
	case s.Any != nil:
		return appendList(append(b, `{"any":`...), s.Any)
	case s.Not != nil:
		b = appendSegment(append(b, `{"not":`...), *s.Not)
		return append(b, '}')
	case s.Trait != nil:
		return appendTrait(b, s.Trait)
	case s.Event != nil:
		return appendEvent(b, s.Event)
	}
	return append(b, "{}"...)
}

func appendList(b []byte, list []Segment) []byte {
	b = append(b, '[')
	for i, c := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendSegment(b, c)
	}
	return append(b, "]}"...)
}

func appendOperands(b []byte, first *bool, op Op, value string, values []string, from, to string, ci bool) []byte {
	b = appendKey(b, first, "op")
	b = appendString(b, string(op))
	switch op.operand() {
	case operandValue:
		b = appendKey(b, first, "value")
		b = appendString(b, value)
	case operandValues:
		b = appendKey(b, first, "values")
		b = append(b, '[')
		for i, v := range values {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, v)
		}
		b = append(b, ']')
	case operandRange:
		b = appendKey(b, first, "from")
		b = appendString(b, from)
		b = appendKey(b, first, "to")
		b = appendString(b, to)
	}
	if ci {
		b = appendKey(b, first, "case_insensitive")
		b = append(b, "true"...)
	}
	return b
}

func appendTrait(b []byte, c *TraitCondition) []byte {
	first := true
	b = append(b, '{')
	b = appendKey(b, &first, "trait")
	b = appendString(b, c.Name)
	b = appendOperands(b, &first, c.Op, c.Value, c.Values, c.From, c.To, c.CaseInsensitive)
	if c.Op.operand() == operandDays {
		b = appendKey(b, &first, "days")
		b = strconv.AppendInt(b, int64(c.Days), 10)
		if c.Calendar != "" {
			b = appendKey(b, &first, "business_days")
			b = appendString(b, c.Calendar)
		}
	}
	return append(b, '}')
}

func appendEvent(b []byte, c *EventCondition) []byte {
	first := true
	b = append(b, '{')
	b = appendKey(b, &first, "event")
	b = appendString(b, c.Name)
	if len(c.Where) > 0 {
		b = appendKey(b, &first, "where")
		b = append(b, '[')
		for i, w := range c.Where {
			if i > 0 {
				b = append(b, ',')
			}
			pf := true
			b = append(b, '{')
			b = appendKey(b, &pf, "property")
			b = appendString(b, w.Property)
			b = appendOperands(b, &pf, w.Op, w.Value, w.Values, w.From, w.To, w.CaseInsensitive)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if c.AtLeast != nil {
		b = appendKey(b, &first, "at_least")
		b = strconv.AppendInt(b, int64(*c.AtLeast), 10)
	}
	if c.AtMost != nil {
		b = appendKey(b, &first, "at_most")
		b = strconv.AppendInt(b, int64(*c.AtMost), 10)
	}
	if c.WithinDays != 0 {
		b = appendKey(b, &first, "within_days")
		b = strconv.AppendInt(b, int64(c.WithinDays), 10)
	}
	if c.From != "" {
		b = appendKey(b, &first, "from")
		b = appendString(b, c.From)
	}
	if c.To != "" {
		b = appendKey(b, &first, "to")
		b = appendString(b, c.To)
	}
	return append(b, '}')
}
