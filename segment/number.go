package segment

import (
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// number is a decimal constant prepared for comparisons that do not
// allocate (shopspring's Cmp rescales through big.Int, and allocates, when
// the exponents differ).
//
// Trait values mostly have 0 to 18 decimal places, so a number keeps the
// constant restated at each of those exponents as an int64 (scaled): a value
// whose coefficient fits in 18 digits then compares with one integer
// comparison. Other values are compared with checked 64-bit arithmetic when
// both coefficients fit in 18 digits, and with Cmp otherwise.
type number struct {
	d      decimal.Decimal
	coef   int64
	exp    int32
	small  bool // coef/exp are valid (at most 18 digits)
	scaled [maxScaledExp - minScaledExp + 1]scaled
}

// scaled is a number constant k restated at exponent e (scaled[e -
// minScaledExp]). When e ≤ k's exponent, coef×10^e is k exactly. When e >
// k's exponent, coef×10^e is the largest multiple of 10^e not above k, and
// exact says whether it equals k. Either way a value c×10^e compares with k
// as c compares with coef, except that c = coef means below k when the
// restatement is not exact.
type scaled struct {
	coef  int64
	fits  bool // k restated at this exponent fits in an int64
	exact bool
}

// The exponents scaled covers: values with 0 to 18 decimal places.
// (NumberValue stores positive exponents as 0, up to cdp.MaxExponent.)
const (
	minScaledExp = -18
	maxScaledExp = 0
)

func newNumber(d decimal.Decimal) number {
	n := number{d: d, exp: d.Exponent()}
	if d.NumDigits() <= 18 {
		n.coef, n.small = d.CoefficientInt64(), true
		for i := range n.scaled {
			n.scaled[i] = restate(n.coef, n.exp, int32(minScaledExp+i))
		}
	}
	return n
}

// restate restates coef×10^exp at exponent e, where |coef| < 10^18.
func restate(coef int64, exp, e int32) scaled {
	if e <= exp {
		shift := uint64(int64(exp) - int64(e))
		if shift >= uint64(len(pow10)) {
			return scaled{fits: coef == 0, exact: true}
		}
		u := uint64(coef)
		if coef < 0 {
			u = uint64(-coef)
		}
		hi, lo := bits.Mul64(u, pow10[shift])
		if hi != 0 || lo > math.MaxInt64 {
			return scaled{}
		}
		return scaled{coef: int64(sign(coef)) * int64(lo), fits: true, exact: true}
	}
	shift := int64(e) - int64(exp)
	if shift > 18 { // |coef| < 10^18 ≤ 10^shift: the floor is 0 or -1
		switch {
		case coef < 0:
			return scaled{coef: -1, fits: true}
		case coef == 0:
			return scaled{fits: true, exact: true}
		}
		return scaled{fits: true}
	}
	p := int64(pow10[shift])
	q, r := coef/p, coef%p
	if r < 0 { // Go truncates toward zero: make it a floor
		q--
	}
	return scaled{coef: q, fits: true, exact: r == 0}
}

var pow10 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// compareNum returns -1, 0 or +1 as x is less than, equal to or greater
// than k, exactly.
func compareNum(x decimal.Decimal, k *number) int {
	if x.NumDigits() <= 18 {
		c, e := x.CoefficientInt64(), x.Exponent()
		if i := int(e) - minScaledExp; i >= 0 && i < len(k.scaled) && k.scaled[i].fits {
			s := &k.scaled[i]
			if r := cmp64(c, s.coef); r != 0 || s.exact {
				return r
			}
			return -1
		}
		if k.small {
			return compareSmall(c, e, k.coef, k.exp)
		}
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
