package cdp_test

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"

	"github.com/warrenbrasil/customerdata/cdp"
)

func TestFormatBRL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"0", "R$ 0,00"},
		{"0.1", "R$ 0,10"},
		{"5", "R$ 5,00"},
		{"999.99", "R$ 999,99"},
		{"1000", "R$ 1.000,00"},
		{"1234.56", "R$ 1.234,56"},
		{"1234567.8", "R$ 1.234.567,80"},
		{"12.345", "R$ 12,35"},
		{"-1234.5", "-R$ 1.234,50"},
		{"-0.001", "R$ 0,00"},
		{"100000.004", "R$ 100.000,00"},
		{"1e6", "R$ 1.000.000,00"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, cdp.FormatBRL(decimal.RequireFromString(tc.in)), tc.in)
	}
}

func TestPlainDecimal(t *testing.T) {
	cases := []struct{ in, want string }{
		{"9596.00", "9596.00"},
		{"0.10", "0.10"},
		{"-12.5", "-12.5"},
		{"0", "0"},
		{"1e3", "1000"},
		{"1.5e-8", "0.000000015"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, cdp.PlainDecimal(decimal.RequireFromString(tc.in)), tc.in)
	}
}

// FormatBRL is for people (an advisor's task, a message); PlainDecimal is
// the exact amount as a number property holds it.
func ExampleFormatBRL() {
	amount := decimal.RequireFromString("213001.870")
	fmt.Println(cdp.FormatBRL(amount))
	fmt.Println(cdp.PlainDecimal(amount))
	// Output:
	// R$ 213.001,87
	// 213001.870
}
