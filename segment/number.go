package segment

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// number is a decimal constant prepared for comparisons that do not
// allocate. shopspring's Cmp rescales through big.Int (and allocates) when
// the exponents differ, but compares two big.Int coefficients, without
// allocating, when the exponents are equal. So a number keeps the constant
// restated at every exponent a trait value commonly has (see scaled); a
// value with another exponent is compared with checked 64-bit arithmetic
// when both coefficients fit in 18 digits, and with Cmp otherwise.
type number struct {
	d      decimal.Decimal
	coef   int64
	exp    int32
	small  bool     // coef/exp are valid (at most 18 digits)
	scaled []scaled // scaled[e-minScaledExp]: the constant at exponent e
}

// scaled is a number constant k restated at exponent e. When e ≤ k's
// exponent, d is k exactly. When e > k's exponent, d is the largest
// multiple of 10^e not above k, and exact says whether it equals k. Either
// way a value x with exponent e compares with k as it compares with d,
// except that x = d means x < k when d is not exact.
type scaled struct {
	d     decimal.Decimal
	exact bool
}

// The exponents scaled covers: every value with up to 24 decimal places,
// and integers up to 10^8 times coarser than 1 (NumberValue keeps positive
// exponents only beyond cdp.MaxExponent).
const (
	minScaledExp = -24
	maxScaledExp = 8
)

func newNumber(d decimal.Decimal) number {
	n := number{d: d, exp: d.Exponent()}
	if d.NumDigits() <= 18 {
		n.coef, n.small = d.CoefficientInt64(), true
	}
	n.scaled = make([]scaled, maxScaledExp-minScaledExp+1)
	coef := d.Coefficient()
	for i := range n.scaled {
		e := int32(minScaledExp + i)
		if e <= n.exp {
			shift := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n.exp-e)), nil)
			n.scaled[i] = scaled{d: decimal.NewFromBigInt(shift.Mul(shift, coef), e), exact: true}
			continue
		}
		div := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e-n.exp)), nil)
		q, r := new(big.Int).DivMod(coef, div, new(big.Int)) // Euclidean: q = floor(coef/div)
		n.scaled[i] = scaled{d: decimal.NewFromBigInt(q, e), exact: r.Sign() == 0}
	}
	return n
}

var pow10 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// compareNum returns -1, 0 or +1 as x is less than, equal to or greater
// than k, exactly.
func compareNum(x decimal.Decimal, k *number) int {
	if i := int(x.Exponent()) - minScaledExp; i >= 0 && i < len(k.scaled) {
		s := &k.scaled[i]
		c := x.Cmp(s.d) // equal exponents: compares coefficients, no allocation
		if c == 0 && !s.exact {
			return -1
		}
		return c
	}
	if k.small && x.NumDigits() <= 18 {
		return compareSmall(x.CoefficientInt64(), x.Exponent(), k.coef, k.exp)
	}
	return x.Cmp(k.d)
}

func sign(a int64) int {
	switch {
	case a < 0:
		return -1
	case a > 0:
		return 1
	}
	return 0
}

// compareSmall compares a×10^ae with b×10^be, where |a|, |b| < 10^18.
func compareSmall(a int64, ae int32, b int64, be int32) int {
	if ae == be {
		return cmp64(a, b)
	}
	sa, sb := sign(a), sign(b)
	if sa != sb {
		return cmp64(int64(sa), int64(sb))
	}
	if sa == 0 {
		return 0
	}
	if ae > be {
		return compareScaled(a, uint64(int64(ae)-int64(be)), b)
	}
	return -compareScaled(b, uint64(int64(be)-int64(ae)), a)
}

// compareScaled compares a×10^shift with b, where a and b have the same,
// non-zero sign.
func compareScaled(a int64, shift uint64, b int64) int {
	s := sign(a)
	if shift >= uint64(len(pow10)) {
		return s // |a|×10^19 or more exceeds any |b| < 10^18
	}
	ua := uint64(a)
	if a < 0 {
		ua = uint64(-a)
	}
	hi, lo := bits.Mul64(ua, pow10[shift])
	if hi != 0 || lo > math.MaxInt64 {
		return s
	}
	return cmp64(int64(s)*int64(lo), b)
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
