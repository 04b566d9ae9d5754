package rows

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
)

// checkText validates a trimmed text value of column c: UTF-8 and, for a
// String column, MaxLen.
func checkText(c Column, s string) error {
	if !utf8.ValidString(s) {
		return &valueError{kind: ErrInvalidUTF8, msg: "not valid UTF-8 text (save the file as UTF-8)"}
	}
	if c.MaxLen > 0 && len(s) > c.MaxLen {
		if n := utf8.RuneCountInString(s); n > c.MaxLen {
			return &valueError{kind: ErrTooLong, msg: fmt.Sprintf("has %d characters, at most %d are accepted", n, c.MaxLen)}
		}
	}
	return nil
}

// decimalHint explains why s is not a plain decimal.
func decimalHint(s string) string {
	switch {
	case strings.Contains(s, ","):
		return "use '.' for the decimal point and no thousands separator, as in 1234.56 (a decimal comma like 1.234,56 is not accepted)"
	case strings.ContainsAny(s, "eE") && strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0:
		return "write the number in full, without an exponent, as in 1234.56"
	}
	return "want digits with an optional '.' and decimals, as in 1234.56"
}

// parseDecimal parses [+-]digits[.digits] exactly. Up to 18 digits it
// builds the value from an int64 (no string work); longer values go
// through decimal.NewFromString, which is exact too.
func parseDecimal(s string) (decimal.Decimal, bool) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	var v int64
	digits, frac := 0, -1
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			v = v*10 + int64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0 && digits > 0:
			frac = 0
		default:
			return decimal.Decimal{}, false
		}
	}
	if digits == 0 || frac == 0 {
		return decimal.Decimal{}, false
	}
	if frac < 0 {
		frac = 0
	}
	if digits > 18 {
		d, err := decimal.NewFromString(s)
		return d, err == nil
	}
	if neg {
		v = -v
	}
	return decimal.New(v, int32(-frac)), true
}

// dateHint explains why s is not YYYY-MM-DD.
func dateHint(s string) string {
	if len(s) == 10 && (s[2] == '/' || s[2] == '-' || s[2] == '.') && (s[5] == s[2]) {
		return "write dates as YYYY-MM-DD (13/02/2026 is 2026-02-13)"
	}
	if _, err := calendar.ParseDate(s); err != nil {
		if pe, ok := err.(*calendar.ParseError); ok && pe.Reason != "want YYYY-MM-DD" {
			return pe.Reason
		}
	}
	return "want YYYY-MM-DD"
}

// timeHint explains why s is not RFC 3339.
func timeHint(s string) string {
	if len(s) >= 19 && s[10] == ' ' {
		return "want RFC 3339 with a 'T' between date and time and a zone, as in 2026-02-13T10:00:00-03:00"
	}
	if len(s) >= 19 && !strings.ContainsAny(s[19:], "Zz+-") {
		return "the time has no zone: add Z (UTC) or an offset such as -03:00"
	}
	return "want RFC 3339, as in 2026-02-13T10:00:00Z"
}

// parseTime parses RFC 3339 and returns the time in UTC.
func parseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// parseInt parses a base-10 int64.
func parseInt(s string) (int64, string, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err == nil {
		return n, "", true
	}
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return 0, "out of the 64-bit range", false
	}
	if strings.ContainsAny(s, ".,") {
		return 0, "want a whole number", false
	}
	return 0, "want a whole number in base 10", false
}
