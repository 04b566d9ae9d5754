package segment

import (
	"strconv"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
)

// Explanation says why a profile is in or out of a segment: for each
// condition, whether it held and the value seen. Held of the root equals what
// Match returns for the same profile and events.
//
// An Explanation holds trait values: do not log it when the segment looks at
// personal data (e-mail, CPF).
type Explanation struct {
	Condition string        // the condition in plain words ("all of", "any of", "not" for groups)
	Held      bool          // whether the condition held
	Seen      string        // the trait value or event count seen; "" for groups
	Children  []Explanation // the conditions of a group, in order
}

// Explain evaluates every condition of the segment for p and ev, without
// stopping early, and reports what held and what it saw. It allocates; use
// Match to decide membership.
func (m *Matcher) Explain(p *cdp.Profile, ev Events) Explanation {
	return m.root.explain(p, ev)
}

func (n *node) explain(p *cdp.Profile, ev Events) Explanation {
	switch n.kind {
	case nAll, nAny:
		e := Explanation{Condition: "all of", Held: true}
		if n.kind == nAny {
			e.Condition, e.Held = "any of", false
		}
		for i := range n.kids {
			k := &n.kids[i]
			c := k.explain(p, ev)
			if n.kind == nAll {
				e.Held = e.Held && c.Held
			} else {
				e.Held = e.Held || c.Held
			}
			e.Children = append(e.Children, c)
		}
		return e
	case nNot:
		c := n.kids[0].explain(p, ev)
		return Explanation{Condition: "not", Held: !c.Held, Children: []Explanation{c}}
	case nTrait:
		v := lookup(p, n.trait.name)
		e := Explanation{Condition: n.seg.String(), Held: n.trait.test.holds(&v), Seen: "missing"}
		if !v.IsZero() {
			e.Seen = showValue(v)
			if v.Kind() != n.trait.kind {
				e.Seen += " (a " + v.Kind().String() + ", want " + n.trait.kind.String() + ")"
			}
		}
		return e
	}
	count := n.event.count(ev, false)
	held := count >= n.event.atLeast && (!n.event.hasMost || count <= n.event.atMost)
	seen := plural(count, "matching event", "matching events")
	return Explanation{Condition: n.seg.String(), Held: held, Seen: seen}
}

// showValue renders a trait value for an explanation: strings quoted, lists
// as [a, b].
func showValue(v cdp.Value) string {
	switch v.Kind() {
	case cdp.KindString:
		s, _ := v.AsString()
		return strconv.Quote(s)
	case cdp.KindStrings:
		list, _ := v.AsStrings()
		q := make([]string, len(list))
		for i, s := range list {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return v.String()
}

// String renders the explanation as an indented tree, one condition per
// line, marked ✓ when it held and ✗ when it did not:
//
//	✗ all of
//	  ✓ reinvestable amount ≥ 1000 (seen 1234.56)
//	  ✗ next expiry within 2 business days (ANBIMA) (seen 2025-03-10)
func (e Explanation) String() string {
	var b strings.Builder
	e.write(&b, 0)
	return strings.TrimSuffix(b.String(), "\n")
}

func (e Explanation) write(b *strings.Builder, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	if e.Held {
		b.WriteString("✓ ")
	} else {
		b.WriteString("✗ ")
	}
	b.WriteString(e.Condition)
	if e.Seen != "" {
		b.WriteString(" (seen " + e.Seen + ")")
	}
	b.WriteByte('\n')
	for _, c := range e.Children {
		c.write(b, depth+1)
	}
}
