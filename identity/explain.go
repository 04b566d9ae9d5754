package identity

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
)

// Link is one union in a person: identifiers From and To were linked
// because Observation saw them together.
type Link struct {
	From, To    cdp.Identifier
	Observation Observation
}

// Explanation says why two identifiers are, or are not, one person.
type Explanation struct {
	// A and B are the identifiers asked about, normalised when valid.
	A, B cdp.Identifier
	// PersonA and PersonB are their canonical person IDs; "" when the
	// identifier is unknown (never observed, invalid or blocked).
	PersonA, PersonB string
	// Same reports whether A and B are one person.
	Same bool
	// Path, when Same, is the chain of links from A to B (empty when A
	// and B are the same identifier).
	Path []Link
	// Conflicts, when not Same, are the refused links between A's person
	// and B's person: the reason they are apart. Empty when no observation
	// ever tried to link them.
	Conflicts []Conflict
}

// Explain returns why a and b are, or are not, one person: the chain of
// observations that links them, or the conflicts that keep them apart.
// Both identifiers are normalised first.
func (g *Graph) Explain(a, b cdp.Identifier) Explanation {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ensure()
	e := Explanation{A: g.normalized(a), B: g.normalized(b)}
	xa, oka := g.lookup(a)
	xb, okb := g.lookup(b)
	if !oka || !okb {
		if oka {
			e.PersonA = g.personID(g.find(xa))
		}
		if okb {
			e.PersonB = g.personID(g.find(xb))
		}
		return e
	}
	ra, rb := g.find(xa), g.find(xb)
	e.PersonA, e.PersonB = g.personID(ra), g.personID(rb)
	if ra == rb {
		e.Same = true
		g.needLinks() // may replay the log: the same persons, now with their links
		e.Path = g.path(g.find(xa), xa, xb)
		return e
	}
	for _, c := range g.conflicts {
		ca, cb := g.find(c.a), g.find(c.b)
		if (ca == ra && cb == rb) || (ca == rb && cb == ra) {
			e.Conflicts = append(e.Conflicts, g.conflict(c))
		}
	}
	return e
}

// normalized returns id normalised, or as given when invalid. g.mu is held.
func (g *Graph) normalized(id cdp.Identifier) cdp.Identifier {
	if id.Type == "" {
		return id
	}
	if v, err := g.rulesOf(id.Type).normalize(id.Value); err == nil {
		id.Value = v
	}
	return id
}

// path finds the links from xa to xb within the person rooted at r: the
// links of a person form a tree, so the path is unique.
func (g *Graph) path(r, xa, xb int32) []Link {
	if xa == xb {
		return nil
	}
	adj := map[int32][]int32{} // identifier → indexes into g.links
	for i, l := range g.links {
		if a := g.anchor(l.obs); g.find(a) == r {
			adj[a] = append(adj[a], int32(i))
			adj[l.b] = append(adj[l.b], int32(i))
		}
	}
	via := map[int32]int32{xa: 0} // identifier → 1 + the link it was reached by
	queue := []int32{xa}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		if x == xb {
			break
		}
		for _, li := range adj[x] {
			l := g.links[li]
			y := g.anchor(l.obs)
			if y == x {
				y = l.b
			}
			if _, ok := via[y]; !ok {
				via[y] = li + 1
				queue = append(queue, y)
			}
		}
	}
	var rev []Link
	for x := xb; x != xa; {
		li := via[x]
		if li == 0 {
			return nil // unreachable: a person's links connect all its identifiers
		}
		l := g.links[li-1]
		from := g.anchor(l.obs)
		if from == x {
			from = l.b
		}
		rev = append(rev, Link{From: g.ident(from), To: g.ident(x), Observation: g.observation(l.obs)})
		x = from
	}
	out := make([]Link, len(rev))
	for i, l := range rev {
		out[len(rev)-1-i] = l
	}
	return out
}

// String prints the explanation for an operator, with full values. Use
// Masked when the text may reach a log or a shared screen.
func (e Explanation) String() string { return e.format(cdp.Identifier.String) }

// Masked prints the explanation as String does, with every identifier
// masked by m.
func (e Explanation) Masked(m cdp.Masker) string { return e.format(m.Identifier) }

// format prints the explanation, writing identifiers with show.
func (e Explanation) format(show func(cdp.Identifier) string) string {
	var b strings.Builder
	a, bb := show(e.A), show(e.B)
	switch {
	case e.PersonA == "" || e.PersonB == "":
		for _, u := range []struct {
			id     string
			person string
		}{{a, e.PersonA}, {bb, e.PersonB}} {
			if u.person == "" {
				fmt.Fprintf(&b, "%s is not known (never observed, invalid or blocked)\n", u.id)
			} else {
				fmt.Fprintf(&b, "%s is person %s\n", u.id, u.person)
			}
		}
	case e.Same:
		fmt.Fprintf(&b, "%s and %s are one person (%s)", a, bb, e.PersonA)
		if len(e.Path) == 0 {
			b.WriteString("\n")
		} else {
			b.WriteString(", linked by:\n")
		}
		for _, l := range e.Path {
			fmt.Fprintf(&b, "  %s -- %s: seen together by %q at %s\n",
				show(l.From), show(l.To), l.Observation.Source, l.Observation.ObservedAt.Format(time.RFC3339))
		}
	default:
		fmt.Fprintf(&b, "%s (%s) and %s (%s) are different persons", a, e.PersonA, bb, e.PersonB)
		if len(e.Conflicts) == 0 {
			b.WriteString("; no observation linked them\n")
			break
		}
		b.WriteString("; refused links:\n")
		for _, c := range e.Conflicts {
			fmt.Fprintf(&b, "  %s\n", c.format(show))
		}
	}
	return b.String()
}

// String prints the conflict for an operator, with full values. Use Masked
// when the text may reach a log or a shared screen.
func (c Conflict) String() string { return c.format(cdp.Identifier.String) }

// Masked prints the conflict as String does, with every identifier masked
// by m.
func (c Conflict) Masked(m cdp.Masker) string { return c.format(m.Identifier) }

// format prints the conflict, writing identifiers with show.
func (c Conflict) format(show func(cdp.Identifier) string) string {
	ids := make([]string, len(c.Identifiers))
	for i, id := range c.Identifiers {
		ids[i] = show(id)
	}
	rule := c.Rule
	if c.Type != "" {
		rule += " (" + string(c.Type) + ")"
	}
	return fmt.Sprintf("%s: refused by %s, seen together by %q at %s",
		strings.Join(ids, " -- "), rule, c.Observation.Source, c.Observation.ObservedAt.Format(time.RFC3339))
}

// LogValue logs the conflict with masked identifiers.
func (c Conflict) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Any("identifiers", cdp.Masker{}.Identifiers(c.Identifiers)),
		slog.String("rule", c.Rule),
		slog.String("type", string(c.Type)),
		slog.String("source", c.Observation.Source),
		slog.Time("observed_at", c.Observation.ObservedAt),
	)
}

// LogValue logs the explanation's outcome with masked identifiers.
func (e Explanation) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("a", e.A.Masked()),
		slog.String("b", e.B.Masked()),
		slog.String("person_a", e.PersonA),
		slog.String("person_b", e.PersonB),
		slog.Bool("same", e.Same),
		slog.Int("links", len(e.Path)),
		slog.Int("conflicts", len(e.Conflicts)),
	)
}

var (
	_ slog.LogValuer = Conflict{}
	_ slog.LogValuer = Explanation{}
	_ slog.LogValuer = (*InvalidError)(nil)
	_ fmt.Stringer   = Explanation{}
)
