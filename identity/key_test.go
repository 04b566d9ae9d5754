package identity

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

var (
	keyA = []byte("key A: 32 random bytes in prod..")
	keyB = []byte("key B: 32 random bytes in prod..")
)

func keyedObservations() []Observation {
	return []Observation{
		obsAt(0, "core", cpf("560.726.588-90"), email("ana@exemplo.com.br")),
		obsAt(1, "platform", uid("u-1"), email("bruno@exemplo.com.br")),
	}
}

// personIDs resolves the identifiers of keyedObservations.
func personIDs(t *testing.T, g *Graph) []string {
	t.Helper()
	return []string{resolve(t, g, cpf("56072658890")), resolve(t, g, uid("u-1"))}
}

func TestKeyedIDs(t *testing.T) {
	t.Parallel()
	plain := personIDs(t, newGraph(t, Config{}, keyedObservations()...))
	a1 := personIDs(t, newGraph(t, Config{Key: keyA}, keyedObservations()...))
	a2 := personIDs(t, newGraph(t, Config{Key: bytes.Clone(keyA)}, keyedObservations()...))
	b := personIDs(t, newGraph(t, Config{Key: keyB}, keyedObservations()...))

	assert.Equal(t, []string{CanonicalID(cpf("56072658890")), CanonicalID(uid("u-1"))}, plain, "no key: as before")
	assert.Equal(t, a1, a2, "stable for one key")
	for i := range plain {
		assert.NotEqual(t, plain[i], a1[i], "keyed differs from unkeyed")
		assert.NotEqual(t, a1[i], b[i], "differs between keys")
		assert.Equal(t, plain[i][:2], a1[i][:2], "the type prefix is kept")
		assert.Len(t, a1[i], len(plain[i]))
	}
	assert.Equal(t, []string{KeyedCanonicalID(keyA, cpf("56072658890")), KeyedCanonicalID(keyA, uid("u-1"))}, a1)
	assert.Equal(t, CanonicalID(uid("u-1")), KeyedCanonicalID(nil, uid("u-1")))
	g := newGraph(t, Config{Key: keyA})
	assert.Equal(t, a1[1], g.CanonicalID(uid("u-1")), "Graph.CanonicalID uses the key")
}

func TestKeyedProfilesOfUnknownPerson(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{Key: keyA})
	got, err := g.Profiles([]cdp.Profile{{Identifiers: []cdp.Identifier{cpf("560.726.588-90")}}}, nil)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, KeyedCanonicalID(keyA, cpf("56072658890")), got[0].ID)
}

func TestKeyIsCopiedAndChecked(t *testing.T) {
	t.Parallel()
	key := bytes.Clone(keyA)
	g := newGraph(t, Config{Key: key}, keyedObservations()...)
	before := personIDs(t, g)
	key[0] ^= 0xff
	require.NoError(t, g.Add(obsAt(2, "x", uid("u-2"))))
	assert.Equal(t, before, personIDs(t, g), "changing the caller's slice changes nothing")

	_, err := New(Config{Key: []byte("short")})
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "Key", ce.Field)
	assert.NotContains(t, err.Error(), "short", "the key is never in an error")
	_, err = New(Config{Key: []byte{}})
	assert.NoError(t, err, "an empty key means no key")
}

func TestSnapshotRecordsKey(t *testing.T) {
	t.Parallel()
	saved := func(key []byte) []byte {
		return snapshotOf(t, newGraph(t, Config{Key: key}, keyedObservations()...))
	}
	withA, withB, without := saved(keyA), saved(keyB), saved(nil)
	assert.False(t, bytes.Contains(withA, keyA), "the key is not in the snapshot")

	tests := []struct {
		name string
		snap []byte
		key  []byte
		ok   bool
	}{
		{"same key", withA, keyA, true},
		{"other key", withA, keyB, false},
		{"key, loaded without", withA, nil, false},
		{"no key, loaded with one", without, keyA, false},
		{"no key, no key", without, nil, true},
		{"b with b", withB, keyB, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g, err := Load(bytes.NewReader(tc.snap), Config{Key: tc.key})
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, personIDs(t, newGraph(t, Config{Key: tc.key}, keyedObservations()...)), personIDs(t, g))
				return
			}
			require.ErrorIs(t, err, ErrKeyMismatch)
			assert.NotErrorIs(t, err, ErrCorruptSnapshot)
			assert.Nil(t, g)
			assert.Contains(t, err.Error(), "snapshot saved with")
		})
	}
}

func TestLoadRekeyed(t *testing.T) {
	t.Parallel()
	old := newGraph(t, Config{Key: keyA}, keyedObservations()...)
	g, err := LoadRekeyed(bytes.NewReader(snapshotOf(t, old)), Config{Key: keyB}, keyA)
	require.NoError(t, err)
	assert.Equal(t, personIDs(t, newGraph(t, Config{Key: keyB}, keyedObservations()...)), personIDs(t, g))
	for p := range g.Persons() {
		first := p.Identifiers[0].Identifier
		oldID, ok := old.Resolve(first)
		require.True(t, ok)
		assert.Equal(t, oldID, KeyedCanonicalID(keyA, first), "old IDs are recomputable for the mapping")
		assert.Equal(t, p.ID, g.CanonicalID(first))
	}
	again, err := Load(bytes.NewReader(snapshotOf(t, g)), Config{Key: keyB})
	require.NoError(t, err, "the new snapshot records the new key")
	assert.Equal(t, personIDs(t, g), personIDs(t, again))

	_, err = LoadRekeyed(bytes.NewReader(snapshotOf(t, old)), Config{Key: keyB}, keyB)
	require.ErrorIs(t, err, ErrKeyMismatch)
	_, err = LoadRekeyed(bytes.NewReader(snapshotOf(t, old)), Config{}, []byte("short"))
	require.ErrorIs(t, err, ErrInvalidConfig)
}

// TestLoadVersion1 loads a snapshot in the format before key fingerprints:
// it counts as saved without a key.
func TestLoadVersion1(t *testing.T) {
	t.Parallel()
	v1 := oldSnapshot(t, newGraph(t, Config{}, keyedObservations()...), 1)

	g, err := Load(bytes.NewReader(v1), Config{})
	require.NoError(t, err)
	assert.Equal(t, personIDs(t, newGraph(t, Config{}, keyedObservations()...)), personIDs(t, g))
	_, err = Load(bytes.NewReader(v1), Config{Key: keyA})
	require.ErrorIs(t, err, ErrKeyMismatch)
	assert.True(t, strings.Contains(err.Error(), "without a key"), err.Error())
}
