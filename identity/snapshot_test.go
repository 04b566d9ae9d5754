package identity

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

func snapshotOf(t *testing.T, g *Graph) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, g.Save(&buf))
	return buf.Bytes()
}

func TestSnapshotRoundTrip(t *testing.T) {
	t.Parallel()
	obs := randomObservations(rand.New(rand.NewPCG(5, 8)), 2000)
	obs = append(obs, obsAt(0, "s", uid("u-1"), cpf("529.982.247-26"), email("test@test.com")))
	g := newGraph(t, Config{}, obs...)
	want := stateOf(g)

	loaded, err := Load(bytes.NewReader(snapshotOf(t, g)), Config{})
	require.NoError(t, err)
	assert.Equal(t, want, stateOf(loaded))
	assert.Equal(t, snapshotOf(t, g), snapshotOf(t, loaded), "saving a loaded graph gives the same bytes")
}

func TestAddAfterLoadEqualsOneRun(t *testing.T) {
	t.Parallel()
	obs := randomObservations(rand.New(rand.NewPCG(9, 9)), 3000)
	// Day one sees a random two thirds, day two the rest (older and newer).
	first, second := obs[:2000], obs[2000:]
	g1 := newGraph(t, Config{}, first...)
	g2, err := Load(bytes.NewReader(snapshotOf(t, g1)), Config{})
	require.NoError(t, err)
	for _, o := range second {
		require.NoError(t, g2.Add(o))
	}
	assert.Equal(t, stateOf(newGraph(t, Config{}, obs...)), stateOf(g2))
}

func TestLoadAppliesNewConfig(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{}, obsAt(0, "s", uid("u-1"), email("sac@warren.com.br")), obsAt(1, "s", uid("u-2"), email("sac@warren.com.br")))
	cfg := Config{Blocked: map[cdp.IdentifierType][]string{cdp.Email: {"sac@warren.com.br"}}}
	loaded, err := Load(bytes.NewReader(snapshotOf(t, g)), cfg)
	require.NoError(t, err)
	_, ok := loaded.Resolve(email("sac@warren.com.br"))
	assert.False(t, ok)
	assert.Empty(t, loaded.Conflicts())
	assert.Equal(t, map[cdp.IdentifierType]map[Reason]int{cdp.Email: {ReasonBlocked: 2}}, loaded.Stats().Dropped)

	_, err = Load(bytes.NewReader(snapshotOf(t, g)), Config{MaxIdentifiers: -1})
	assert.ErrorIs(t, err, ErrInvalidConfig)
}

func TestLoadRejectsCorruptSnapshots(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{}, randomObservations(rand.New(rand.NewPCG(2, 3)), 200)...)
	good := snapshotOf(t, g)

	t.Run("every truncation", func(t *testing.T) {
		t.Parallel()
		for n := 0; n < len(good); n += 1 + n/50 {
			gr, err := Load(bytes.NewReader(good[:n]), Config{})
			require.ErrorIs(t, err, ErrCorruptSnapshot, "truncated at %d of %d", n, len(good))
			assert.Nil(t, gr)
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "truncated at %d", n)
		}
	})
	t.Run("every flipped byte", func(t *testing.T) {
		t.Parallel()
		for i := 0; i < len(good); i += 1 + i/40 {
			bad := slices.Clone(good)
			bad[i] ^= 0x5a
			gr, err := Load(bytes.NewReader(bad), Config{})
			require.ErrorIs(t, err, ErrCorruptSnapshot, "byte %d flipped", i)
			assert.Nil(t, gr)
		}
	})
	t.Run("bad magic", func(t *testing.T) {
		t.Parallel()
		_, err := Load(bytes.NewReader([]byte("{\"not\":\"a snapshot\"}")), Config{})
		var se *SnapshotError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, "not an identity snapshot (bad magic)", se.Reason)
	})
	t.Run("unknown version", func(t *testing.T) {
		t.Parallel()
		bad := slices.Clone(good)
		bad[len(snapshotMagic)] = 9
		_, err := Load(bytes.NewReader(bad), Config{})
		var se *SnapshotError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, "unsupported version 9 (want 1 to 4)", se.Reason)
	})
	t.Run("huge count", func(t *testing.T) {
		t.Parallel()
		bad := append([]byte(snapshotMagic), 1, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)
		_, err := Load(bytes.NewReader(bad), Config{})
		require.ErrorIs(t, err, ErrCorruptSnapshot)
	})
}

type failWriter struct{ after int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.after < len(p) {
		return 0, errors.New("disk full")
	}
	w.after -= len(p)
	return len(p), nil
}

func TestSaveReportsWriteErrors(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{}, randomObservations(rand.New(rand.NewPCG(2, 3)), 5000)...)
	n := len(snapshotOf(t, g))
	for _, after := range []int{0, 10, n / 2, n - 2} {
		assert.Error(t, g.Save(&failWriter{after: after}), "failing after %d bytes", after)
	}
}
