package cdp

import (
	"strings"

	"github.com/shopspring/decimal"
)

// PlainDecimal writes d as a plain decimal with its own scale and never an
// exponent: 9596.00 gives "9596.00" where decimal.Decimal.String gives
// "9596". It is the text of a number in a Value's JSON form and in an
// export.
func PlainDecimal(d decimal.Decimal) string {
	if exp := d.Exponent(); exp < 0 {
		return d.StringFixed(-exp)
	}
	return d.StringFixed(0)
}

// FormatBRL writes an amount as Brazilian reais for people to read:
// "R$ 1.234,56", with "." grouping thousands and "," before the cents, a
// minus sign before "R$" when negative. It rounds half away from zero to
// the cent, so it is for messages and texts, never for a stored amount
// (see PlainDecimal).
func FormatBRL(d decimal.Decimal) string {
	s := d.Abs().StringFixed(2)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	b.Grow(len(s) + len(s)/3 + 4)
	if d.IsNegative() && s != "0.00" {
		b.WriteByte('-')
	}
	b.WriteString("R$ ")
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	b.WriteByte(',')
	b.WriteString(frac)
	return b.String()
}
