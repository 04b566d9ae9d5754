package identity

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

func trait(v cdp.Value, h int, src string) cdp.Trait {
	return cdp.Trait{Value: v, ObservedAt: at(h), Source: src}
}

func TestProfilesMergeTraitsPerPerson(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{},
		obsAt(0, "platform", uid("u-1"), email("ana@warren.com.br")),
		obsAt(1, "core", cpf("52998224725"), email("ana@warren.com.br")),
	)
	sources := []cdp.Profile{
		{ID: "platform-1", Identifiers: []cdp.Identifier{uid("u-1")}, Traits: map[string]cdp.Trait{
			"name":    trait(cdp.StringValue("Ana"), 0, "platform"),
			"balance": trait(cdp.NumberValue(decimal.RequireFromString("10.50")), 0, "platform"),
		}},
		{ID: "core-7", Identifiers: []cdp.Identifier{cpf("529.982.247-25")}, Traits: map[string]cdp.Trait{
			"balance": trait(cdp.NumberValue(decimal.RequireFromString("1234.56")), 2, "core"),
		}},
		{ID: "crm-3", Identifiers: []cdp.Identifier{email("Bia@Warren.com.br"), phone("bad")}, Traits: map[string]cdp.Trait{
			"name": trait(cdp.StringValue("Bia"), 1, "crm"),
		}},
		{ID: "orphan", Identifiers: []cdp.Identifier{cpf("111.111.111-11")}},
	}
	got, err := g.Profiles(sources, []string{"core", "platform"})
	require.ErrorIs(t, err, ErrNoIdentifier)
	assert.Contains(t, err.Error(), `profile 3 ("orphan")`)

	ana := cdp.Profile{
		ID: CanonicalID(uid("u-1")),
		Identifiers: []cdp.Identifier{
			cpf("52998224725"), email("ana@warren.com.br"), uid("u-1"),
		},
		Traits: map[string]cdp.Trait{
			"name":    trait(cdp.StringValue("Ana"), 0, "platform"),
			"balance": trait(cdp.NumberValue(decimal.RequireFromString("1234.56")), 2, "core"),
		},
	}
	bia := cdp.Profile{
		ID:          CanonicalID(email("bia@warren.com.br")),
		Identifiers: []cdp.Identifier{email("bia@warren.com.br")},
		Traits:      map[string]cdp.Trait{"name": trait(cdp.StringValue("Bia"), 1, "crm")},
	}
	want := []cdp.Profile{ana, bia}
	if want[0].ID > want[1].ID {
		want[0], want[1] = want[1], want[0]
	}
	assert.Equal(t, want, got)
	assert.Equal(t, "u-1", sources[0].Identifiers[0].Value, "sources are not modified")

	p, ok := g.Profile(CanonicalID(uid("u-1")))
	require.True(t, ok)
	assert.Equal(t, cdp.Profile{ID: ana.ID, Identifiers: []cdp.Identifier{uid("u-1"), cpf("52998224725"), email("ana@warren.com.br")}}, p)
	_, ok = g.Profile("u_nobody")
	assert.False(t, ok)
}

func TestPersonsIteratorSortedAndStoppable(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{}, obsAt(0, "s", uid("a")), obsAt(0, "s", uid("b")), obsAt(0, "s", uid("c")))
	var ids []string
	for p := range g.Persons() {
		ids = append(ids, p.ID)
		_, _ = g.Resolve(uid("a")) // the graph is not locked while the loop body runs
	}
	require.Len(t, ids, 3)
	assert.IsIncreasing(t, ids)
	n := 0
	for range g.Persons() {
		n++
		break
	}
	assert.Equal(t, 1, n)
	_, ok := g.Person("nobody")
	assert.False(t, ok)
}
