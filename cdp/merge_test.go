package cdp

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	t0 = time.Date(2025, 6, 23, 12, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Minute)
)

func TestMergeTrait(t *testing.T) {
	t.Parallel()
	prio := []string{"crm", "app"}
	brt := time.FixedZone("BRT", -3*3600)
	tests := []struct {
		name string
		a, b Trait
		want Trait
	}{
		{
			name: "newer observation wins over priority",
			a:    Trait{Value: StringValue("old"), ObservedAt: t0, Source: "crm"},
			b:    Trait{Value: StringValue("new"), ObservedAt: t1, Source: "other"},
			want: Trait{Value: StringValue("new"), ObservedAt: t1, Source: "other"},
		},
		{
			name: "same instant in another zone is a tie, listed source first wins",
			a:    Trait{Value: StringValue("app"), ObservedAt: t0.In(brt), Source: "app"},
			b:    Trait{Value: StringValue("crm"), ObservedAt: t0, Source: "crm"},
			want: Trait{Value: StringValue("crm"), ObservedAt: t0, Source: "crm"},
		},
		{
			name: "listed source beats unlisted",
			a:    Trait{Value: StringValue("x"), ObservedAt: t0, Source: "aaa"},
			b:    Trait{Value: StringValue("y"), ObservedAt: t0, Source: "app"},
			want: Trait{Value: StringValue("y"), ObservedAt: t0, Source: "app"},
		},
		{
			name: "unlisted sources: smaller name wins",
			a:    Trait{Value: StringValue("z"), ObservedAt: t0, Source: "zeta"},
			b:    Trait{Value: StringValue("a"), ObservedAt: t0, Source: "beta"},
			want: Trait{Value: StringValue("a"), ObservedAt: t0, Source: "beta"},
		},
		{
			name: "same source: greater value wins",
			a:    Trait{Value: NumberValue(decimal.RequireFromString("10")), ObservedAt: t0, Source: "crm"},
			b:    Trait{Value: NumberValue(decimal.RequireFromString("9.99")), ObservedAt: t0, Source: "crm"},
			want: Trait{Value: NumberValue(decimal.RequireFromString("10")), ObservedAt: t0, Source: "crm"},
		},
		{
			name: "result ObservedAt is UTC",
			a:    Trait{Value: StringValue("v"), ObservedAt: t1.In(brt), Source: "crm"},
			b:    Trait{Value: StringValue("w"), ObservedAt: t0, Source: "crm"},
			want: Trait{Value: StringValue("v"), ObservedAt: t1, Source: "crm"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, MergeTrait(tc.a, tc.b, prio))
			assert.Equal(t, tc.want, MergeTrait(tc.b, tc.a, prio), "swapped")
		})
	}
}

func TestMergeTraitDuplicatePriorityUsesFirstRank(t *testing.T) {
	t.Parallel()
	prio := []string{"app", "crm", "app"}
	a := Trait{Value: StringValue("app"), ObservedAt: t0, Source: "app"}
	b := Trait{Value: StringValue("crm"), ObservedAt: t0, Source: "crm"}
	assert.Equal(t, a, MergeTrait(a, b, prio))
	assert.Equal(t, a, MergeTrait(b, a, prio))
}

func TestMerge(t *testing.T) {
	t.Parallel()
	a := Profile{
		ID:          "p2",
		Identifiers: []Identifier{{Type: Email, Value: "ana@example.com"}, {Type: CPF, Value: "12345678909"}},
		Traits: map[string]Trait{
			"city": {Value: StringValue("Rio"), ObservedAt: t0, Source: "crm"},
			"vip":  {Value: BoolValue(true), ObservedAt: t0, Source: "crm"},
		},
	}
	b := Profile{
		ID:          "p1",
		Identifiers: []Identifier{{Type: Email, Value: "ana@example.com"}, {Type: "device_id", Value: "d1"}},
		Traits: map[string]Trait{
			"city":    {Value: StringValue("São Paulo"), ObservedAt: t1, Source: "app"},
			"balance": {Value: NumberValue(decimal.RequireFromString("100.50")), ObservedAt: t0, Source: "app"},
		},
	}
	want := Profile{
		ID: "p1",
		Identifiers: []Identifier{
			{Type: CPF, Value: "12345678909"},
			{Type: "device_id", Value: "d1"},
			{Type: Email, Value: "ana@example.com"},
		},
		Traits: map[string]Trait{
			"city":    {Value: StringValue("São Paulo"), ObservedAt: t1, Source: "app"},
			"vip":     {Value: BoolValue(true), ObservedAt: t0, Source: "crm"},
			"balance": {Value: NumberValue(decimal.RequireFromString("100.50")), ObservedAt: t0, Source: "app"},
		},
	}
	aBefore, bBefore := a.Clone(), b.Clone()

	got := Merge(a, b, []string{"crm", "app"})

	assert.Equal(t, want, got)
	assert.Equal(t, aBefore, a, "Merge modified a")
	assert.Equal(t, bBefore, b, "Merge modified b")
	got.Identifiers[0].Value = "changed"
	got.Traits["vip"] = Trait{}
	assert.Equal(t, aBefore, a, "the result shares memory with a")
	assert.Equal(t, bBefore, b, "the result shares memory with b")
}

func TestMergeID(t *testing.T) {
	t.Parallel()
	tests := []struct{ a, b, want string }{
		{"", "", ""},
		{"p1", "", "p1"},
		{"", "p1", "p1"},
		{"p2", "p1", "p1"},
		{"p1", "p2", "p1"},
	}
	for _, tc := range tests {
		t.Run(tc.a+"|"+tc.b, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, Profile{ID: tc.want}, Merge(Profile{ID: tc.a}, Profile{ID: tc.b}, nil))
		})
	}
}

func TestMergeEmptyProfilesKeepNilFields(t *testing.T) {
	t.Parallel()
	assert.Equal(t, Profile{}, Merge(Profile{}, Profile{}, nil))
}

// TestMergeProperties checks on thousands of random profiles (few distinct
// times, sources and values, so ties are frequent) that Merge is
// commutative, associative and idempotent, that it never modifies its
// arguments, and that folding many profiles gives the same result in any
// order and grouping.
func TestMergeProperties(t *testing.T) {
	t.Parallel()
	n := 5000
	if testing.Short() {
		n = 1000
	}
	prio := []string{"crm", "app"}
	g := newGen(1)
	for i := range n {
		a, b, c := g.profile(), g.profile(), g.profile()
		ca, cb, cc := a.Clone(), b.Clone(), c.Clone()
		msg := fmt.Sprintf("iteration %d\na=%#v\nb=%#v\nc=%#v", i, a, b, c)

		ab := Merge(a, b, prio)
		require.Equal(t, ab, Merge(b, a, prio), "commutativity: "+msg)
		require.Equal(t, Merge(ab, c, prio), Merge(a, Merge(b, c, prio), prio), "associativity: "+msg)
		require.Equal(t, ab, Merge(ab, ab, prio), "idempotence: "+msg)
		require.Equal(t, ca, a, "a modified: "+msg)
		require.Equal(t, cb, b, "b modified: "+msg)
		require.Equal(t, cc, c, "c modified: "+msg)
	}
}

func TestMergeFoldOrderIndependent(t *testing.T) {
	t.Parallel()
	rounds := 300
	if testing.Short() {
		rounds = 60
	}
	g := newGen(2)
	for round := range rounds {
		ps := make([]Profile, 2+g.r.IntN(8))
		for i := range ps {
			ps[i] = g.profile()
		}
		prio := []string{"app", "zeta"}
		want := foldLeft(ps, prio)

		shuffled := slices.Clone(ps)
		g.r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		assert.Equal(t, want, foldLeft(shuffled, prio), "round %d: shuffled left fold", round)
		assert.Equal(t, want, foldTree(g, shuffled, prio), "round %d: random tree", round)
		assert.Equal(t, want, oracle(ps, prio), "round %d: oracle", round)
	}
}

func foldLeft(ps []Profile, prio []string) Profile {
	acc := ps[0]
	for _, p := range ps[1:] {
		acc = Merge(acc, p, prio)
	}
	return acc
}

func foldTree(g gen, ps []Profile, prio []string) Profile {
	if len(ps) == 1 {
		return Merge(ps[0], Profile{}, prio) // normalises ObservedAt to UTC
	}
	cut := 1 + g.r.IntN(len(ps)-1)
	return Merge(foldTree(g, ps[:cut], prio), foldTree(g, ps[cut:], prio), prio)
}

// oracle computes the merge of ps from the rules written out independently:
// the smallest non-empty ID, the sorted set of identifiers, and per trait the
// candidate with the latest instant, then the best-ranked source, then the
// greatest value.
func oracle(ps []Profile, prio []string) Profile {
	out := Profile{}
	seen := map[Identifier]bool{}
	cands := map[string][]Trait{}
	for _, p := range ps {
		if p.ID != "" && (out.ID == "" || p.ID < out.ID) {
			out.ID = p.ID
		}
		for _, id := range p.Identifiers {
			if !seen[id] {
				seen[id] = true
				out.Identifiers = append(out.Identifiers, id)
			}
		}
		for name, tr := range p.Traits {
			cands[name] = append(cands[name], tr)
		}
	}
	slices.SortFunc(out.Identifiers, func(x, y Identifier) int {
		if x.Type != y.Type {
			if x.Type < y.Type {
				return -1
			}
			return 1
		}
		if x.Value < y.Value {
			return -1
		}
		if x.Value > y.Value {
			return 1
		}
		return 0
	})
	rankOf := func(src string) (int, string) {
		for i, s := range prio {
			if s == src {
				return i, ""
			}
		}
		return len(prio), src
	}
	for name, cs := range cands {
		best := cs[0]
		for _, c := range cs[1:] {
			switch {
			case c.ObservedAt.After(best.ObservedAt):
				best = c
			case c.ObservedAt.Before(best.ObservedAt):
			default:
				rc, nc := rankOf(c.Source)
				rb, nb := rankOf(best.Source)
				switch {
				case rc < rb || (rc == rb && nc < nb):
					best = c
				case rc == rb && nc == nb && Compare(c.Value, best.Value) > 0:
					best = c
				}
			}
		}
		best.ObservedAt = best.ObservedAt.UTC()
		out.Set(name, best)
	}
	return out
}

func TestClone(t *testing.T) {
	t.Parallel()
	p := Profile{
		ID:          "p1",
		Identifiers: []Identifier{{Type: Email, Value: "a@b.c"}},
		Traits:      map[string]Trait{"x": {Value: StringValue("1"), ObservedAt: t0}},
	}
	q := p.Clone()
	require.Equal(t, p, q)
	q.Identifiers[0].Value = "other"
	q.Traits["x"] = Trait{Value: StringValue("2")}
	q.Set("y", Trait{Value: BoolValue(true)})
	assert.Equal(t, Profile{
		ID:          "p1",
		Identifiers: []Identifier{{Type: Email, Value: "a@b.c"}},
		Traits:      map[string]Trait{"x": {Value: StringValue("1"), ObservedAt: t0}},
	}, p)
	assert.Equal(t, Profile{}, Profile{}.Clone())
}

// TestMergeConcurrent merges the same shared profiles from 8 goroutines; run
// with -race it shows Merge only reads its arguments.
func TestMergeConcurrent(t *testing.T) {
	t.Parallel()
	g := newGen(9)
	a, b := g.profile(), g.profile()
	a.Set("shared", g.trait())
	b.Set("shared", g.trait())
	want := Merge(a, b, []string{"crm"})
	results := make([]Profile, 8)
	done := make(chan struct{})
	for i := range results {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 100 {
				results[i] = Merge(a, b, []string{"crm"})
			}
		}()
	}
	for range results {
		<-done
	}
	for i, got := range results {
		assert.Equal(t, want, got, "goroutine %d", i)
	}
}
