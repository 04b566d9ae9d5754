package hubspot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

// MaxStringLength is the most characters HubSpot stores in a string
// property; longer values are refused before sending.
const MaxStringLength = 65_536

// Properties are property values to write, by property name. The zero
// cdp.Value clears a property.
type Properties map[string]cdp.Value

// EncodeValue returns v as HubSpot expects it in a request:
//
//   - number: a plain decimal string ("1234.50", "-0.001"), never a float
//     and never an exponent, however large or small the number;
//   - date (calendar.Date): "YYYY-MM-DD";
//   - timestamp: RFC 3339 in UTC with milliseconds ("2026-03-01T12:00:00.000Z");
//   - bool: "true" or "false";
//   - string list: the items joined with ";" (multi-select enumerations);
//   - string: as is;
//   - the zero Value: "", which clears the property.
//
// It returns a *ValueError for a string (or joined list) longer than
// MaxStringLength characters, an invalid date, or a list item holding ";".
func EncodeValue(v cdp.Value) (string, error) {
	switch v.Kind() {
	case cdp.KindInvalid:
		return "", nil
	case cdp.KindString:
		s, _ := v.AsString()
		return s, checkLength(s)
	case cdp.KindNumber:
		d, _ := v.AsNumber()
		return string(appendDecimal(nil, d)), nil
	case cdp.KindBool:
		if b, _ := v.AsBool(); b {
			return "true", nil
		}
		return "false", nil
	case cdp.KindDate:
		d, _ := v.AsDate()
		if !validDate(d) {
			return "", &ValueError{Problem: fmt.Sprintf("invalid date %s", d)}
		}
		return d.String(), nil
	case cdp.KindTimestamp:
		t, _ := v.AsTimestamp()
		if t.IsZero() {
			return "", &ValueError{Problem: "zero timestamp"}
		}
		return FormatTimestamp(t), nil
	case cdp.KindStrings:
		list, _ := v.AsStrings()
		for _, item := range list {
			if strings.Contains(item, ";") {
				return "", &ValueError{Problem: fmt.Sprintf("list item %q contains the separator ';'", truncate(item))}
			}
		}
		s := strings.Join(list, ";")
		return s, checkLength(s)
	}
	return "", &ValueError{Problem: fmt.Sprintf("unknown kind %d", v.Kind())}
}

const timestampLayout = "2006-01-02T15:04:05.000Z07:00"

func validDate(d calendar.Date) bool { return d.IsValid() && d.Year >= 0 && d.Year <= 9999 }

// check reports the first value EncodeValue would refuse, naming its
// property, without building the encoded strings.
func (p Properties) check() error {
	for name, v := range p {
		if err := checkValue(v); err != nil {
			err.Property = name
			return err
		}
	}
	return nil
}

// checkValue reports what EncodeValue would refuse in v, cheaply.
func checkValue(v cdp.Value) *ValueError {
	switch v.Kind() {
	case cdp.KindString:
		s, _ := v.AsString()
		if err := checkLength(s); err != nil {
			return err.(*ValueError)
		}
	case cdp.KindDate:
		if d, _ := v.AsDate(); !validDate(d) {
			return &ValueError{Problem: fmt.Sprintf("invalid date %s", d)}
		}
	case cdp.KindTimestamp:
		if t, _ := v.AsTimestamp(); t.IsZero() {
			return &ValueError{Problem: "zero timestamp"}
		}
	case cdp.KindStrings:
		if _, err := EncodeValue(v); err != nil {
			return err.(*ValueError)
		}
	}
	return nil
}

// appendDecimal appends d as a plain decimal with the number's own scale:
// every digit, never an exponent, whatever the exponent.
func appendDecimal(b []byte, d decimal.Decimal) []byte {
	exp := d.Exponent()
	if exp < -1000 || exp > 1000 || d.NumDigits() > 18 {
		if exp < 0 {
			return append(b, d.StringFixed(-exp)...)
		}
		return append(b, d.StringFixed(0)...)
	}
	c := d.CoefficientInt64()
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	if c == 0 && exp > 0 {
		return append(b, '0')
	}
	start := len(b)
	b = strconv.AppendInt(b, c, 10)
	if exp >= 0 {
		for range exp {
			b = append(b, '0')
		}
		return b
	}
	frac := int(-exp)
	digits := len(b) - start
	if digits <= frac {
		// 0.000ddd: shift the digits right to make room for "0." and zeros.
		pad := frac - digits + 2
		b = append(b, make([]byte, pad)...)
		copy(b[start+pad:], b[start:start+digits])
		b[start], b[start+1] = '0', '.'
		for i := start + 2; i < start+pad; i++ {
			b[i] = '0'
		}
		return b
	}
	b = append(b, 0)
	point := len(b) - 1 - frac
	copy(b[point+1:], b[point:len(b)-1])
	b[point] = '.'
	return b
}

// appendTimestamp appends t in UTC as 2006-01-02T15:04:05.000Z.
func appendTimestamp(b []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, timestampLayout)
	}
	h, mi, sec := t.Clock()
	ms := t.Nanosecond() / 1e6
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(mo)/10), byte('0'+int(mo)%10), '-', byte('0'+d/10), byte('0'+d%10), 'T',
		byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':',
		byte('0'+sec/10), byte('0'+sec%10), '.', byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10), 'Z')
}

func checkLength(s string) error {
	if len(s) <= MaxStringLength {
		return nil
	}
	if n := utf8.RuneCountInString(s); n > MaxStringLength {
		return &ValueError{Problem: fmt.Sprintf("%d characters, more than %d", n, MaxStringLength)}
	}
	return nil
}

func truncate(s string) string {
	if len(s) <= 40 {
		return s
	}
	return s[:40] + "..."
}

// Encode returns p as the string map of a request body, naming the property
// in any *ValueError.
func (p Properties) Encode() (map[string]string, error) {
	out := make(map[string]string, len(p))
	for name, v := range p {
		s, err := EncodeValue(v)
		if err != nil {
			if ve, ok := err.(*ValueError); ok {
				ve.Property = name
			}
			return nil, err
		}
		out[name] = s
	}
	return out, nil
}

// FormatTimestamp returns t as HubSpot datetime text: RFC 3339 UTC with
// milliseconds.
func FormatTimestamp(t time.Time) string {
	return string(appendTimestamp(make([]byte, 0, 24), t))
}
