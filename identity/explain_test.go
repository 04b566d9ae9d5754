package identity

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExplainPathsAreChains checks, over random graphs, that every path
// Explain returns is a chain of links from A to B whose observations saw
// both ends together; and that the links, which are recorded only from the
// first Explain on (by replaying the log), are the same whether Explain is
// first called before or after the later observations are added.
func TestExplainPathsAreChains(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 12))
	obs := randomObservations(rng, 2000)
	early := newGraph(t, Config{}, obs[:1000]...)
	early.Explain(uid("u1"), uid("u2")) // recording starts here
	for _, o := range obs[1000:] {
		require.NoError(t, early.Add(o))
	}
	late := newGraph(t, Config{}, obs...)

	checked := 0
	for p := range late.Persons() {
		if len(p.Identifiers) < 2 {
			continue
		}
		a := p.Identifiers[0].Identifier
		b := p.Identifiers[len(p.Identifiers)-1].Identifier
		e := late.Explain(a, b)
		require.True(t, e.Same, "%v %v", a, b)
		assert.Equal(t, e, early.Explain(a, b))
		at := a
		for _, l := range e.Path {
			require.Equal(t, at, l.From, "the chain is unbroken")
			assert.Contains(t, l.Observation.Identifiers, l.From)
			assert.Contains(t, l.Observation.Identifiers, l.To)
			at = l.To
		}
		assert.Equal(t, b, at, "the chain ends at B")
		checked++
	}
	assert.Greater(t, checked, 50)
	assert.Equal(t, stateOf(late), stateOf(early))
	assert.True(t, slices.ContainsFunc(late.Conflicts(), func(c Conflict) bool { return c.Rule == RuleTypeLimit }))
}
