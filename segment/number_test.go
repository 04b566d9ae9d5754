package segment

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

func TestCompareNumTable(t *testing.T) {
	t.Parallel()
	cases := []struct {
		x, k string
		want int
	}{
		{"1000", "1000.00", 0},
		{"1000.00", "1000", 0},
		{"1234.56", "1000", 1},
		{"999.999", "1000", -1},
		{"0.3", "0.30000", 0},
		{"-0.3", "0.3", -1},
		{"0", "-0.000", 0},
		{"0", "0.001", -1},
		{"-1000", "-999.99", -1},
		{"-999.99", "-1000", 1},
		{"123456789012345678", "1.23456789012345678", 1},  // exponents 17 apart
		{"100000000000000000", "0.000000000000000001", 1}, // 36 apart: beyond pow10
		{"-100000000000000000", "-0.000000000000000001", -1},
		{"0.000000000000000001", "100000000000000000", -1},
		{"922337203685477580", "92233720368547758.1", 1}, // scaling overflows int64
		{"1e-30", "0", 1},
		{"123456789012345678901234567890", "1", 1}, // huge: falls back to Cmp
		{"1", "123456789012345678901234567890.5", -1},
		{"123456789012345678901234567890", "123456789012345678901234567890.0", 0},
	}
	for _, tc := range cases {
		t.Run(tc.x+" vs "+tc.k, func(t *testing.T) {
			t.Parallel()
			k := newNumber(decimal.RequireFromString(tc.k))
			assert.Equal(t, tc.want, compareNum(decimal.RequireFromString(tc.x), &k))
		})
	}
}

// TestCompareNumAgreesWithCmp checks the fast path against shopspring's
// exact Cmp on random coefficients and exponents.
func TestCompareNumAgreesWithCmp(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	coef := func() int64 {
		switch r.IntN(4) {
		case 0:
			return r.Int64N(2000) - 1000
		case 1:
			return r.Int64N(1_000_000_000_000_000_000) - 500_000_000_000_000_000
		case 2:
			return 0
		}
		return r.Int64N(2_000_000) - 1_000_000
	}
	for i := range 20000 {
		x := decimal.New(coef(), int32(r.IntN(41)-20))
		y := decimal.New(coef(), int32(r.IntN(41)-20))
		if i%7 == 0 {
			y = decimal.New(x.CoefficientInt64()*10, x.Exponent()-1) // equal, other exponent
		}
		k := newNumber(y)
		if !assert.Equal(t, x.Cmp(y), compareNum(x, &k), "%s vs %s", x, y) {
			return
		}
	}
}

func TestCompareNumDoesNotAllocate(t *testing.T) {
	x := decimal.RequireFromString("1234.56")
	k := newNumber(decimal.RequireFromString("1000"))
	allocs := testing.AllocsPerRun(100, func() {
		if compareNum(x, &k) != 1 {
			t.Fatal("wrong order")
		}
	})
	assert.Zero(t, allocs)
}

// TestCompareNumAroundConstant compares values one unit in the last place
// below, at and above constants, at every exponent the scaled table covers
// and a few beyond, with shopspring's exact Cmp: the restated constants
// (including the floors of constants finer than the value) must order
// exactly.
func TestCompareNumAroundConstant(t *testing.T) {
	t.Parallel()
	constants := []string{"1000", "5000000.00", "-999.99", "0.001", "-0.5", "0", "123456789012345678",
		"-0.000000000000000001", "99999999999999999.9", "1e-25", "123456789012345678901234567890"}
	for _, ks := range constants {
		kd := decimal.RequireFromString(ks)
		k := newNumber(kd)
		for e := int32(minScaledExp - 3); e <= maxScaledExp+3; e++ {
			// the constant truncated to exponent e, and its neighbours
			base := kd.Truncate(-e)
			if e > 0 {
				base = kd.Shift(-e).Truncate(0).Shift(e)
			}
			ulp := decimal.New(1, e)
			for _, x := range []decimal.Decimal{base.Sub(ulp), base, base.Add(ulp)} {
				x = decimal.NewFromBigInt(x.Shift(-e).BigInt(), e) // held at exponent e
				assert.Equal(t, x.Cmp(kd), compareNum(x, &k), "%s (exp %d) vs %s", x, e, ks)
			}
		}
	}
}
