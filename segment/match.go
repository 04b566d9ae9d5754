package segment

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/cdp"
)

// Events is a view of one profile's events, for event conditions.
//
// Contract: Events returns the events named name, in any order (nil when
// there are none). The matcher only reads the slice and the events; it never
// keeps or modifies them. An implementation shared between goroutines must
// be safe for concurrent use; for Match to stay allocation-free, Events
// should not allocate either (EventsByName does not).
type Events interface {
	Events(name string) []cdp.Event
}

// EventsByName is an Events backed by a map from event name to events.
type EventsByName map[string][]cdp.Event

var _ Events = EventsByName(nil)

// Events returns m[name].
func (m EventsByName) Events(name string) []cdp.Event { return m[name] }

// GroupEvents indexes events by name into an EventsByName. It keeps the
// events' order and shares them with the input.
func GroupEvents(events []cdp.Event) EventsByName {
	m := make(EventsByName)
	for _, e := range events {
		m[e.Name] = append(m[e.Name], e)
	}
	return m
}

// Match reports whether profile p is in the segment. ev gives p's events for
// event conditions; nil means p has none. A nil p is a profile with no
// traits. Match does not allocate and is safe for concurrent use.
//
// A condition on a trait p does not have (or holds as the zero Value) is
// false, except missing, which is true; ne and not_in also require the trait
// to be present. A trait whose value has another kind than the catalog's
// counts as present for exists/missing and fails every comparison.
func (m *Matcher) Match(p *cdp.Profile, ev Events) bool {
	return m.root.match(p, ev)
}

func (n *node) match(p *cdp.Profile, ev Events) bool {
	switch n.kind {
	case nAll:
		if n.fns != nil {
			traits := traitsOf(p)
			for _, fn := range n.fns {
				if !fn(traits) {
					return false
				}
			}
			return true
		}
		for i := range n.kids {
			k := &n.kids[i]
			var ok bool
			if k.trait.fn != nil { // a specialised trait condition: call it directly
				ok = k.trait.fn(traitsOf(p))
			} else {
				ok = k.match(p, ev)
			}
			if !ok {
				return false
			}
		}
		return true
	case nAny:
		if n.fns != nil {
			traits := traitsOf(p)
			for _, fn := range n.fns {
				if fn(traits) {
					return true
				}
			}
			return false
		}
		for i := range n.kids {
			k := &n.kids[i]
			var ok bool
			if k.trait.fn != nil {
				ok = k.trait.fn(traitsOf(p))
			} else {
				ok = k.match(p, ev)
			}
			if ok {
				return true
			}
		}
		return false
	case nNot:
		return !n.kids[0].match(p, ev)
	case nTrait:
		return n.trait.match(p)
	}
	return n.event.holds(ev)
}

// traitsOf returns p's traits; a nil profile has none. Reading a nil map
// gives the zero Value, which fails every specialised comparison, as an
// absent trait should.
func traitsOf(p *cdp.Profile) map[string]cdp.Trait {
	if p == nil {
		return nil
	}
	return p.Traits
}

// match decides the condition for p: through the specialised closure when
// the condition has one, through valueTest.holds otherwise.
func (t *traitTest) match(p *cdp.Profile) bool {
	if t.fn != nil {
		return t.fn(traitsOf(p))
	}
	if p == nil {
		return t.test.op == OpMissing
	}
	v := p.Traits[t.name].Value // only the Value is copied; absent gives the zero Value
	return t.test.holds(&v)
}

// lookup returns the value of trait name; the zero Value when p lacks it.
func lookup(p *cdp.Profile, name string) cdp.Value {
	if p == nil {
		return cdp.Value{}
	}
	return p.Traits[name].Value
}

// holds applies the test to a value that may be absent (the zero Value).
func (t *valueTest) holds(v *cdp.Value) bool {
	switch t.op {
	case OpExists:
		return !v.IsZero()
	case OpMissing:
		return v.IsZero()
	}
	return !v.IsZero() && t.eval(v)
}

func (t *valueTest) eval(v *cdp.Value) bool {
	if v.Kind() != t.kind {
		return false
	}
	switch t.kind {
	case cdp.KindNumber:
		x, _ := v.AsNumber()
		return t.evalNumber(&x)
	case cdp.KindString:
		s, _ := v.AsString()
		return t.evalString(s)
	case cdp.KindBool:
		b, _ := v.AsBool()
		if t.op == OpEq {
			return b == t.b
		}
		return b != t.b
	case cdp.KindDate:
		d, _ := v.AsDate()
		return t.evalDay(dayKey(d))
	case cdp.KindTimestamp:
		ts, _ := v.AsTimestamp()
		switch t.op {
		case OpEq:
			return ts.Equal(t.ts[0])
		case OpNe:
			return !ts.Equal(t.ts[0])
		case OpGt:
			return ts.After(t.ts[0])
		case OpGte:
			return !ts.Before(t.ts[0])
		case OpLt:
			return ts.Before(t.ts[0])
		case OpLte:
			return !ts.After(t.ts[0])
		case OpBetween:
			return !ts.Before(t.ts[0]) && !ts.After(t.ts[1])
		}
	case cdp.KindStrings:
		list, _ := v.AsStrings()
		switch t.op {
		case OpContains:
			for _, s := range list {
				if t.equal(s, t.str[0]) {
					return true
				}
			}
			return false
		case OpIn:
			for _, s := range list {
				if t.inSet(s) {
					return true
				}
			}
			return false
		case OpNotIn:
			for _, s := range list {
				if t.inSet(s) {
					return false
				}
			}
			return true
		}
	}
	return false
}

func (t *valueTest) evalNumber(x *decimal.Decimal) bool {
	switch t.op {
	case OpEq:
		return compareNum(*x, &t.num[0]) == 0
	case OpNe:
		return compareNum(*x, &t.num[0]) != 0
	case OpGt:
		return compareNum(*x, &t.num[0]) > 0
	case OpGte:
		return compareNum(*x, &t.num[0]) >= 0
	case OpLt:
		return compareNum(*x, &t.num[0]) < 0
	case OpLte:
		return compareNum(*x, &t.num[0]) <= 0
	case OpBetween:
		return compareNum(*x, &t.num[0]) >= 0 && compareNum(*x, &t.num[1]) <= 0
	case OpIn, OpNotIn:
		in := false
		for i := range t.num {
			if compareNum(*x, &t.num[i]) == 0 {
				in = true
				break
			}
		}
		return in == (t.op == OpIn)
	}
	return false
}

func (t *valueTest) evalDay(d int) bool {
	switch t.op {
	case OpEq:
		return d == t.lo
	case OpNe:
		return d != t.lo
	case OpGt:
		return d > t.lo
	case OpGte:
		return d >= t.lo
	case OpLt:
		return d < t.lo
	case OpLte:
		return d <= t.lo
	case OpBetween, OpWithinNext, OpWithinLast:
		return d >= t.lo && d <= t.hi
	case OpIn, OpNotIn:
		in := false
		for _, x := range t.days {
			if x == d {
				in = true
				break
			}
		}
		return in == (t.op == OpIn)
	}
	return false
}

func (t *valueTest) evalString(s string) bool {
	switch t.op {
	case OpEq:
		return t.equal(s, t.str[0])
	case OpNe:
		return !t.equal(s, t.str[0])
	case OpIn:
		return t.inSet(s)
	case OpNotIn:
		return !t.inSet(s)
	case OpContains:
		if t.ci {
			return containsFold(s, t.str[0])
		}
		return strings.Contains(s, t.str[0])
	case OpStartsWith:
		if t.ci {
			return hasPrefixFold(s, t.str[0])
		}
		return strings.HasPrefix(s, t.str[0])
	case OpEndsWith:
		if t.ci {
			return hasSuffixFold(s, t.str[0])
		}
		return strings.HasSuffix(s, t.str[0])
	}
	return false
}

func (t *valueTest) equal(a, b string) bool {
	if t.ci {
		return strings.EqualFold(a, b)
	}
	return a == b
}

func (t *valueTest) inSet(s string) bool {
	if t.set != nil {
		_, ok := t.set[s]
		return ok
	}
	for _, x := range t.str {
		if t.equal(s, x) {
			return true
		}
	}
	return false
}
