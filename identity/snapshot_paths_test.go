package identity

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

// answers is what a graph answers about identifiers ids: Resolve and
// Person of each, Explain of pairs of them, and Persons, Conflicts and
// Stats.
type answers struct {
	Resolved  []string
	Persons   []Person
	ByID      []Person
	Explained []Explanation
	State     graphState
}

func answersOf(t *testing.T, g *Graph, ids []cdp.Identifier) answers {
	t.Helper()
	// State and Persons first: Explain stitches the log again.
	a := answers{State: stateOf(g), Persons: slices.Collect(g.Persons())}
	for _, id := range ids {
		pid, ok := g.Resolve(id)
		a.Resolved = append(a.Resolved, pid)
		if ok {
			p, found := g.Person(pid)
			require.True(t, found, "person %s", pid)
			a.ByID = append(a.ByID, p)
		}
	}
	for i := 0; i+1 < len(ids); i += 2 {
		a.Explained = append(a.Explained, g.Explain(ids[i], ids[i+1]))
	}
	for _, c := range g.Conflicts() {
		a.Explained = append(a.Explained, g.Explain(c.Identifiers[0], c.Identifiers[1]))
	}
	return a
}

// pathsData returns random observations, with placeholders that the
// default blocklists block, added out of order, and the identifiers they
// hold (and some never observed) in random order.
func pathsData(rng *rand.Rand) ([]Observation, []cdp.Identifier) {
	obs := randomObservations(rng, 3000)
	for i := range 40 {
		o := &obs[rng.IntN(len(obs))]
		o.Identifiers = append(o.Identifiers, []cdp.Identifier{email("test@test.com"), cpf("111.111.111-11"), uid("null"), email("no-reply@x.com")}[i%4])
	}
	var ids []cdp.Identifier
	for _, o := range obs {
		ids = append(ids, o.Identifiers...)
	}
	ids = append(ids, uid("never-seen"), email("nobody@mail.com"))
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	return obs, ids[:1200]
}

// TestLoadedGraphAnswersAsSaved loads a snapshot along each of Load's two
// paths (the values interned as they are, under the saving config or other
// limits; every value normalised again, under other blocklists or a caller
// normaliser) and checks that the graph answers as the saving graph (same
// config) or as one run of the observations under the loading config.
func TestLoadedGraphAnswersAsSaved(t *testing.T) {
	t.Parallel()
	obs, ids := pathsData(rand.New(rand.NewPCG(31, 7)))
	saveCfg := Config{Key: keyA, Limits: map[cdp.IdentifierType]int{cdp.UserID: 1, cdp.CPF: 1, cdp.Email: 2}, MaxIdentifiers: 12}
	saved := newGraph(t, saveCfg, obs...)
	snap := snapshotOf(t, saved)
	want := answersOf(t, saved, ids)
	require.NotEmpty(t, want.State.Conflicts, "the data must exercise the rules")
	require.NotEmpty(t, want.State.Stats.Dropped[cdp.Email][ReasonBlocked], "the data must hold blocked values")
	require.Less(t, want.State.Stats.Persons, want.State.Stats.Identifiers, "the data must link")

	withLimits := saveCfg
	withLimits.Limits = map[cdp.IdentifierType]int{cdp.UserID: 1, cdp.CPF: 2}
	withPriority := saveCfg
	withPriority.Priority = []cdp.IdentifierType{"loyalty_id", cdp.Email, cdp.CPF, cdp.UserID}
	withBlocked := saveCfg
	withBlocked.Blocked = DefaultBlocked()
	withBlocked.Blocked[cdp.Email] = append(withBlocked.Blocked[cdp.Email], "p1@mail.com", "p2@mail.com")
	withNormalizer := saveCfg
	withNormalizer.Normalizers = map[cdp.IdentifierType]func(string) (string, error){cdp.UserID: NormalizeID}
	tests := []struct {
		name string
		cfg  Config
	}{
		{"same config: values interned as they are", saveCfg},
		{"other limits: values interned as they are", withLimits},
		{"other priority and type order: values interned as they are", withPriority},
		{"other blocklist: values normalised again", withBlocked},
		{"caller normaliser: values normalised again", withNormalizer},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			loaded, err := Load(bytes.NewReader(snap), tc.cfg)
			require.NoError(t, err)
			oneRun := newGraph(t, tc.cfg, obs...)
			assert.Equal(t, answersOf(t, oneRun, ids), answersOf(t, loaded, ids))
			assert.Equal(t, snapshotOf(t, oneRun), snapshotOf(t, loaded), "saving gives the bytes one run saves")
		})
	}
	again, err := Load(bytes.NewReader(snap), saveCfg)
	require.NoError(t, err)
	assert.Equal(t, want, answersOf(t, again, ids), "the loaded graph answers as the saved one")
	assert.Equal(t, snap, snapshotOf(t, again))
}

// TestAddAfterDirectLoadEqualsOneRun adds observations, older and newer,
// to a graph whose values were interned as they are, under limits that
// refuse links.
func TestAddAfterDirectLoadEqualsOneRun(t *testing.T) {
	t.Parallel()
	obs, ids := pathsData(rand.New(rand.NewPCG(3, 5)))
	cfg := Config{MaxIdentifiers: 8}
	g1 := newGraph(t, cfg, obs[:2000]...)
	g2, err := Load(bytes.NewReader(snapshotOf(t, g1)), cfg)
	require.NoError(t, err)
	for _, o := range obs[2000:] {
		require.NoError(t, g2.Add(o))
	}
	assert.Equal(t, answersOf(t, newGraph(t, cfg, obs...), ids), answersOf(t, g2, ids))
}
