package cdp

import (
	"cmp"
	"strings"
)

// Equal reports whether v and w have the same kind and the same value.
//
// Numbers are equal when their decimal values are equal, whatever their
// scale: 1.0 equals 1 and 0.10 equals 0.1 (the JSON form still keeps each
// number's own text, see MarshalJSON). Timestamps are equal when they are the
// same instant. String lists are equal when they hold the same items in the
// same order. Two zero Values are equal.
func (v Value) Equal(w Value) bool {
	if v.kind != w.kind {
		return false
	}
	switch v.kind {
	case KindNumber:
		return v.num.Equal(w.num)
	case KindStrings:
		return slicesEqual(v.list, w.list)
	}
	return Compare(v, w) == 0
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Compare returns -1, 0 or +1 as a sorts before, equal to or after b in a
// total order over Values. Kinds come first, in the order of the Kind
// constants (the zero Value first); within a kind:
//
//   - strings compare byte-wise;
//   - numbers compare by value, and numbers of equal value by scale, fewer
//     decimal places first (1.0 sorts after 1, so that the order is total
//     over representations and Merge is deterministic);
//   - false sorts before true;
//   - dates and timestamps compare chronologically;
//   - string lists compare item by item, a list sorting before any longer
//     list it is a prefix of.
//
// Compare returns 0 only for Values that are identical, including the scale
// of a number. Merge uses it as its last tie-break.
func Compare(a, b Value) int {
	if c := cmp.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	switch a.kind {
	case KindString:
		return strings.Compare(a.s, b.s)
	case KindNumber:
		if c := a.num.Cmp(b.num); c != 0 {
			return c
		}
		// Equal values: the larger exponent has fewer decimal places.
		return -cmp.Compare(a.num.Exponent(), b.num.Exponent())
	case KindBool:
		switch {
		case a.b == b.b:
			return 0
		case b.b:
			return -1
		default:
			return 1
		}
	case KindDate:
		return a.date.Compare(b.date)
	case KindTimestamp:
		return a.ts.Compare(b.ts)
	case KindStrings:
		for i := 0; i < len(a.list) && i < len(b.list); i++ {
			if c := strings.Compare(a.list[i], b.list[i]); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(a.list), len(b.list))
	}
	return 0
}

// String returns v in a human form: a string as is, a number as a plain
// decimal keeping its scale ("0.10", never an exponent), a bool as "true" or
// "false", a date as YYYY-MM-DD, a timestamp in RFC 3339 (with fractional
// seconds when it has them) and a string list as its items joined with ", ".
// The zero Value gives "".
//
// String prints the value in full: do not log Values that hold personal data.
func (v Value) String() string {
	switch v.kind {
	case KindString:
		return v.s
	case KindNumber:
		return PlainDecimal(v.num)
	case KindBool:
		if v.b {
			return "true"
		}
		return "false"
	case KindDate:
		return v.date.String()
	case KindTimestamp:
		return v.ts.Format(timestampLayout)
	case KindStrings:
		return strings.Join(v.list, ", ")
	}
	return ""
}
