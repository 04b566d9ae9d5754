package identity

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

// randomObservations returns n observations with distinct times over a
// small identifier space, so that links, limits and conflicts are frequent.
func randomObservations(rng *rand.Rand, n int) []Observation {
	pick := func(t cdp.IdentifierType, space int) cdp.Identifier {
		k := rng.IntN(space)
		switch t {
		case cdp.CPF:
			return cdp.Identifier{Type: t, Value: cpfFor(100000 + k)}
		case cdp.Phone:
			return cdp.Identifier{Type: t, Value: phoneFor(k)}
		case cdp.Email:
			return cdp.Identifier{Type: t, Value: "p" + strconv.Itoa(k) + "@mail.com"}
		default:
			return cdp.Identifier{Type: t, Value: string(t[:1]) + strconv.Itoa(k)}
		}
	}
	types := []cdp.IdentifierType{cdp.UserID, cdp.CPF, cdp.Email, cdp.Phone, cdp.HubSpotID, cdp.AnonymousID}
	space := max(n/4, 4)
	times := rng.Perm(n * 10)[:n] // distinct
	obs := make([]Observation, n)
	for i := range obs {
		k := 1 + rng.IntN(4)
		ids := make([]cdp.Identifier, k)
		for j := range ids {
			ids[j] = pick(types[rng.IntN(len(types))], space)
		}
		obs[i] = Observation{
			Source:      "s" + strconv.Itoa(rng.IntN(5)),
			ObservedAt:  t0.Add(time.Duration(times[i]) * time.Minute),
			Identifiers: ids,
		}
	}
	return obs
}

type graphState struct {
	Persons   []Person
	Conflicts []Conflict
	Stats     Stats
}

func stateOf(g *Graph) graphState {
	return graphState{Persons: slices.Collect(g.Persons()), Conflicts: g.Conflicts(), Stats: g.Stats()}
}

func TestOrderIndependence(t *testing.T) {
	t.Parallel()
	n, shuffles := 10000, 20
	if testing.Short() {
		n, shuffles = 2000, 5
	}
	rng := rand.New(rand.NewPCG(7, 11))
	obs := randomObservations(rng, n)

	// The reference: observations added in time order.
	sorted := slices.Clone(obs)
	slices.SortFunc(sorted, func(a, b Observation) int { return a.ObservedAt.Compare(b.ObservedAt) })
	want := stateOf(newGraph(t, Config{}, sorted...))
	require.NotEmpty(t, want.Conflicts, "the data must exercise the rules")
	require.Greater(t, want.Stats.Links, n/4, "the data must link")
	require.Less(t, want.Stats.Persons, want.Stats.Identifiers)

	for i := range shuffles {
		shuffled := slices.Clone(obs)
		rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		g := newGraph(t, Config{}, shuffled...)
		got := stateOf(g)
		if !assert.Equal(t, want, got, "shuffle %d", i) {
			return
		}
	}
}

func TestOrderIndependenceWithQueriesBetweenAdds(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 5))
	obs := randomObservations(rng, 500)
	sorted := slices.Clone(obs)
	slices.SortFunc(sorted, func(a, b Observation) int { return a.ObservedAt.Compare(b.ObservedAt) })
	want := stateOf(newGraph(t, Config{}, sorted...))

	g := newGraph(t, Config{})
	for i, o := range obs {
		require.NoError(t, g.Add(o))
		if i%37 == 0 { // a query forces a rebuild mid-way
			g.Resolve(o.Identifiers[0])
		}
	}
	assert.Equal(t, want, stateOf(g))
}

func TestTiesApplyInInsertionOrder(t *testing.T) {
	t.Parallel()
	a := obsAt(0, "s", uid("u-1"), email("f@b.com"))
	b := obsAt(0, "s", uid("u-2"), email("f@b.com"))
	g1 := newGraph(t, Config{}, a, b)
	g2 := newGraph(t, Config{}, b, a)
	assert.Equal(t, resolve(t, g1, uid("u-1")), resolve(t, g1, email("f@b.com")))
	assert.Equal(t, resolve(t, g2, uid("u-2")), resolve(t, g2, email("f@b.com")))
	// A later observation that arrives first does not change the tie order.
	c := obsAt(-1, "s", anon("d"))
	g3 := newGraph(t, Config{}, a, c, b)
	assert.Equal(t, resolve(t, g3, uid("u-1")), resolve(t, g3, email("f@b.com")))
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 1))
	obs := randomObservations(rng, 400)
	g := newGraph(t, Config{})
	done := make(chan struct{})
	for w := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := w; i < len(obs); i += 4 {
				assert.NoError(t, g.Add(obs[i]))
				g.Resolve(obs[i].Identifiers[0])
				if i%50 == 0 {
					for range g.Persons() {
						break
					}
					g.Conflicts()
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
	sorted := slices.Clone(obs)
	slices.SortFunc(sorted, func(a, b Observation) int { return a.ObservedAt.Compare(b.ObservedAt) })
	assert.Equal(t, stateOf(newGraph(t, Config{}, sorted...)), stateOf(g))
}
