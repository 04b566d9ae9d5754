package segment

import "github.com/warrenbrasil/customerdata/cdp"

// traitFunc is a trait condition specialised, once at compile time, to its
// operator, kind and operand: a closure holding the trait name and the
// operand, so that matching costs one map lookup, one accessor (which checks
// the kind) and one comparison, with no dispatch on the operator.
//
// An absent trait reads as the zero Value and a trait of another kind fails
// the accessor; either way the comparison is false, as valueTest.holds
// decides. The tests check every specialised form against holds, which
// Explain uses.
type traitFunc func(traits map[string]cdp.Trait) bool

// traitFuncs returns the closures of kids when every kid is a specialised
// trait condition, so that all / any can run them in one tight loop; nil
// otherwise.
func traitFuncs(kids []node) []traitFunc {
	fns := make([]traitFunc, len(kids))
	for i := range kids {
		if kids[i].trait.fn == nil {
			return nil
		}
		fns[i] = kids[i].trait.fn
	}
	return fns
}

// specialise returns the closure for the test of trait name, or nil when
// the test has no specialised form (exists, missing, case-insensitive
// strings, timestamps, string lists, string sets held in a map).
func specialise(name string, t *valueTest) traitFunc {
	switch t.kind {
	case cdp.KindString:
		if !t.ci {
			return stringFunc(name, t)
		}
	case cdp.KindBool:
		return boolFunc(name, t)
	case cdp.KindNumber:
		return numberFunc(name, t)
	case cdp.KindDate:
		return dateFunc(name, t)
	}
	return nil
}

func stringFunc(name string, t *valueTest) traitFunc {
	switch t.op {
	case OpEq:
		want := t.str[0]
		return func(m map[string]cdp.Trait) bool {
			s, ok := m[name].Value.AsString()
			return ok && s == want
		}
	case OpNe:
		want := t.str[0]
		return func(m map[string]cdp.Trait) bool {
			s, ok := m[name].Value.AsString()
			return ok && s != want
		}
	case OpIn, OpNotIn:
		if t.set != nil {
			return nil
		}
		list, in := t.str, t.op == OpIn
		return func(m map[string]cdp.Trait) bool {
			s, ok := m[name].Value.AsString()
			return ok && inList(s, list) == in
		}
	}
	return nil
}

func inList(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

func boolFunc(name string, t *valueTest) traitFunc {
	switch t.op {
	case OpEq, OpNe:
		want := t.b == (t.op == OpEq) // ne b is eq !b
		return func(m map[string]cdp.Trait) bool {
			b, ok := m[name].Value.AsBool()
			return ok && b == want
		}
	}
	return nil
}

func numberFunc(name string, t *valueTest) traitFunc {
	if t.op == OpExists || t.op == OpMissing {
		return nil
	}
	k := &t.num[0] // the slice's array is shared by every copy of t
	switch t.op {
	case OpEq:
		return func(m map[string]cdp.Trait) bool {
			x, ok := m[name].Value.AsNumber()
			return ok && compareNum(x, k) == 0
		}
	case OpNe:
		return func(m map[string]cdp.Trait) bool {
			x, ok := m[name].Value.AsNumber()
			return ok && compareNum(x, k) != 0
		}
	case OpGt:
		return func(m map[string]cdp.Trait) bool {
			x, ok := m[name].Value.AsNumber()
			return ok && compareNum(x, k) > 0
		}
	case OpGte:
		return func(m map[string]cdp.Trait) bool {
			x, ok := m[name].Value.AsNumber()
			return ok && compareNum(x, k) >= 0
		}
	case OpLt:
		return func(m map[string]cdp.Trait) bool {
			x, ok := m[name].Value.AsNumber()
			return ok && compareNum(x, k) < 0
		}
	case OpLte:
		return func(m map[string]cdp.Trait) bool {
			x, ok := m[name].Value.AsNumber()
			return ok && compareNum(x, k) <= 0
		}
	}
	t2 := *t // between, in, not_in: the general number comparison
	return func(m map[string]cdp.Trait) bool {
		x, ok := m[name].Value.AsNumber()
		return ok && t2.evalNumber(&x)
	}
}

func dateFunc(name string, t *valueTest) traitFunc {
	switch t.op {
	case OpExists, OpMissing:
		return nil
	case OpBetween, OpWithinNext, OpWithinLast:
		lo, hi := t.lo, t.hi
		return func(m map[string]cdp.Trait) bool {
			d, ok := m[name].Value.AsDate()
			k := dayKey(d)
			return ok && k >= lo && k <= hi
		}
	}
	t2 := *t
	return func(m map[string]cdp.Trait) bool {
		d, ok := m[name].Value.AsDate()
		return ok && t2.evalDay(dayKey(d))
	}
}
