package cdp

import (
	"math/big"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
)

// Kind is the type of a Value.
type Kind uint8

// The kinds of Value. The zero Value has KindInvalid.
const (
	KindInvalid   Kind = iota // the zero Value: no value at all
	KindString                // a string
	KindNumber                // an exact decimal number (decimal.Decimal)
	KindBool                  // a boolean
	KindDate                  // a civil date (calendar.Date)
	KindTimestamp             // an instant (time.Time)
	KindStrings               // a list of strings
)

var kindNames = [...]string{"invalid", "string", "number", "bool", "date", "timestamp", "strings"}

// String returns the kind's name as used in JSON: "string", "number", "bool",
// "date", "timestamp" or "strings".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Value is a typed trait value. Build one with StringValue, NumberValue,
// BoolValue, DateValue, TimestampValue or StringsValue; read it back with the
// As* accessors, which report whether the value has that kind.
//
// Values are immutable and safe to share between goroutines.
type Value struct {
	kind Kind
	b    bool
	s    string
	num  decimal.Decimal
	date calendar.Date
	ts   time.Time
	list []string
}

// StringValue returns a string Value.
func StringValue(s string) Value { return Value{kind: KindString, s: s} }

// NumberValue returns a number Value holding d exactly. Its scale is kept
// (0.10 stays 0.10, two decimal places); a number with a positive exponent,
// such as 15e2, is stored as the integer 1500, which is how it prints and
// reads back. (Exponents beyond MaxExponent are left as they are.)
func NumberValue(d decimal.Decimal) Value {
	if exp := d.Exponent(); exp > 0 && exp <= MaxExponent {
		scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil)
		d = decimal.NewFromBigInt(scale.Mul(scale, d.Coefficient()), 0)
	}
	return Value{kind: KindNumber, num: d}
}

// BoolValue returns a bool Value.
func BoolValue(b bool) Value { return Value{kind: KindBool, b: b} }

// DateValue returns a date Value.
func DateValue(d calendar.Date) Value { return Value{kind: KindDate, date: d} }

// TimestampValue returns a timestamp Value. The instant is kept in UTC and
// the monotonic clock reading is dropped, so that equal instants are equal
// Values whatever the location they were observed in.
func TimestampValue(t time.Time) Value { return Value{kind: KindTimestamp, ts: t.UTC()} }

// StringsValue returns a string-list Value holding a copy of ss. An empty
// list and a nil list are the same Value.
func StringsValue(ss ...string) Value {
	if len(ss) == 0 {
		return Value{kind: KindStrings}
	}
	return Value{kind: KindStrings, list: append([]string(nil), ss...)}
}

// Kind reports the kind of v.
func (v Value) Kind() Kind { return v.kind }

// IsZero reports whether v is the zero Value (KindInvalid).
func (v Value) IsZero() bool { return v.kind == KindInvalid }

// AsString returns the string held by v and whether v is a string.
func (v Value) AsString() (string, bool) { return v.s, v.kind == KindString }

// AsNumber returns the number held by v and whether v is a number.
func (v Value) AsNumber() (decimal.Decimal, bool) { return v.num, v.kind == KindNumber }

// AsBool returns the bool held by v and whether v is a bool.
func (v Value) AsBool() (bool, bool) { return v.b, v.kind == KindBool }

// AsDate returns the date held by v and whether v is a date.
func (v Value) AsDate() (calendar.Date, bool) { return v.date, v.kind == KindDate }

// AsTimestamp returns the instant held by v and whether v is a timestamp.
func (v Value) AsTimestamp() (time.Time, bool) { return v.ts, v.kind == KindTimestamp }

// AsStrings returns the list held by v and whether v is a string list. The
// slice is shared with v: do not modify it.
func (v Value) AsStrings() ([]string, bool) { return v.list, v.kind == KindStrings }
