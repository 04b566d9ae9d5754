package identity

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

// Add queues observations (see flush); these tests check that the queue
// is never visible.

func TestQueuedObservationsKeepTheirOrderBeforeReadNDJSON(t *testing.T) {
	t.Parallel()
	// Two observations at the same time apply in the order added: the
	// first gives the family e-mail to u-1, and the user_id limit refuses
	// it to u-2.
	g := newGraph(t, Config{}, obsAt(0, "s", uid("u-1"), email("f@b.com")))
	_, err := g.ReadNDJSON(strings.NewReader(`{"source":"s","observed_at":"` + at(0).Format("2006-01-02T15:04:05Z") + `","identifiers":{"user_id":"u-2","email":"f@b.com"}}` + "\n"))
	require.NoError(t, err)
	assert.Equal(t, resolve(t, g, uid("u-1")), resolve(t, g, email("f@b.com")))
	require.Len(t, g.Conflicts(), 1)
	assert.Equal(t, []cdp.Identifier{uid("u-2"), email("f@b.com")}, g.Conflicts()[0].Identifiers)
}

func TestEveryQueryAppliesTheQueue(t *testing.T) {
	t.Parallel()
	obs := obsAt(0, "s", uid("u-1"), email("a@b.com"))
	queries := map[string]func(g *Graph) bool{
		"Resolve":   func(g *Graph) bool { _, ok := g.Resolve(uid("u-1")); return ok },
		"PersonOf":  func(g *Graph) bool { _, ok := g.PersonOf(email("a@b.com")); return ok },
		"Person":    func(g *Graph) bool { _, ok := g.Person(CanonicalID(uid("u-1"))); return ok },
		"Persons":   func(g *Graph) bool { return len(slices.Collect(g.Persons())) == 1 },
		"Stats":     func(g *Graph) bool { return g.Stats().Links == 1 },
		"Explain":   func(g *Graph) bool { return g.Explain(uid("u-1"), email("a@b.com")).Same },
		"Conflicts": func(g *Graph) bool { g.Conflicts(); return g.Stats().Observations == 1 },
		"Save": func(g *Graph) bool {
			var buf bytes.Buffer
			require.NoError(t, g.Save(&buf))
			l, err := Load(&buf, Config{})
			require.NoError(t, err)
			return l.Stats().Links == 1
		},
	}
	for name, query := range queries {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			g := newGraph(t, Config{}, obs)
			require.Len(t, g.pend, 1, "the observation is queued")
			assert.True(t, query(g))
		})
	}
}

func TestAddDoesNotKeepTheCallersSlice(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{})
	ids := []cdp.Identifier{uid("u-1"), email("a@b.com")}
	require.NoError(t, g.Add(Observation{Source: "s", ObservedAt: at(0), Identifiers: ids}))
	ids[0], ids[1] = uid("u-9"), email("z@b.com") // reused by the caller
	require.NoError(t, g.Add(Observation{Source: "s", ObservedAt: at(1), Identifiers: ids}))
	assert.Equal(t, resolve(t, g, uid("u-1")), resolve(t, g, email("a@b.com")))
	assert.Equal(t, resolve(t, g, uid("u-9")), resolve(t, g, email("z@b.com")))
	assert.NotEqual(t, resolve(t, g, uid("u-1")), resolve(t, g, uid("u-9")))
}

func TestResolveSeesPersonsChange(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{}, obsAt(1, "s", email("a@b.com"), phone("11912345678")))
	assert.Equal(t, CanonicalID(email("a@b.com")), resolve(t, g, phone("11912345678")))

	// A union gives the person a higher-priority identifier.
	require.NoError(t, g.Add(obsAt(2, "s", uid("u-1"), email("a@b.com"))))
	assert.Equal(t, CanonicalID(uid("u-1")), resolve(t, g, phone("11912345678")))

	// An older observation forces a rebuild in which u-0 takes the e-mail
	// first, and the user_id limit then keeps u-1 apart.
	require.NoError(t, g.Add(obsAt(0, "s", uid("u-0"), email("a@b.com"))))
	assert.Equal(t, CanonicalID(uid("u-0")), resolve(t, g, phone("11912345678")))
	assert.Equal(t, CanonicalID(uid("u-1")), resolve(t, g, uid("u-1")))
}

func TestManySources(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{})
	var want []string
	for i := range 70 {
		src := "src-" + strconv.Itoa(i)
		want = append(want, src)
		require.NoError(t, g.Add(obsAt(i, src, uid("u-1"))))
	}
	slices.Sort(want)
	p, ok := g.PersonOf(uid("u-1"))
	require.True(t, ok)
	require.Len(t, p.Identifiers, 1)
	assert.Equal(t, Seen{Identifier: uid("u-1"), FirstSeen: at(0), LastSeen: at(69), Sources: want}, p.Identifiers[0])
}

func TestResolveAfterRebuildLeavesAPersonAlone(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{MaxIdentifiers: 2}, obsAt(2, "s", email("a@b.com"), uid("u-1")))
	assert.Equal(t, CanonicalID(uid("u-1")), resolve(t, g, email("a@b.com")))
	// An older observation fills u-1's person, so the rebuild refuses the
	// e-mail: it is a person of its own, and no union marks that.
	require.NoError(t, g.Add(obsAt(1, "s", uid("u-1"), anon("d-1"))))
	assert.Equal(t, CanonicalID(email("a@b.com")), resolve(t, g, email("a@b.com")))
	assert.Equal(t, CanonicalID(uid("u-1")), resolve(t, g, anon("d-1")))
}
