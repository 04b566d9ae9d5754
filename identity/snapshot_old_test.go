package identity

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

// oldSnapshot returns the snapshot of g in the format of version 1, 2 or
// 3, which Save wrote before version 4: the values and the log as
// varints; version 2 has no interning fingerprint, version 1 no key
// fingerprint either.
func oldSnapshot(t *testing.T, g *Graph, version int) []byte {
	t.Helper()
	require.Contains(t, []int{1, 2, 3}, version)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.flush()
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	e := &encoder{w: bw}
	e.raw([]byte(snapshotMagic))
	e.uvarint(uint64(version))
	if version >= 2 {
		fp := keyFingerprint(g.r.cfg.Key)
		e.uvarint(uint64(len(fp)))
		e.raw(fp)
	}
	if version == 3 {
		fp := internFingerprint(&g.r.cfg)
		e.uvarint(uint64(len(fp)))
		e.raw(fp)
	}
	e.uvarint(uint64(len(g.types)))
	for _, tr := range g.types {
		e.str(string(tr.name))
	}
	e.uvarint(uint64(len(g.sources)))
	for _, s := range g.sources {
		e.str(s)
	}
	e.uvarint(uint64(g.n))
	for x := int32(0); x < g.n; x++ {
		r := g.at(x)
		e.uvarint(uint64(r.typ))
		e.str(string(g.vals.bytes(r.ref)))
	}
	e.uvarint(uint64(g.nObs))
	e.uvarint(uint64(len(g.obsTime)))
	for o := range g.obsTime {
		e.varint(g.obsTime[o])
		e.uvarint(uint64(g.obsSrc[o]))
		ids := g.flat[g.obsOff[o]:g.obsOff[o+1]]
		e.uvarint(uint64(len(ids)))
		for _, x := range ids {
			e.uvarint(uint64(x))
		}
	}
	types := slices.Sorted(maps.Keys(g.dropped))
	e.uvarint(uint64(len(types)))
	for _, typ := range types {
		e.str(string(typ))
		reasons := slices.Sorted(maps.Keys(g.dropped[typ]))
		e.uvarint(uint64(len(reasons)))
		for _, r := range reasons {
			e.str(string(r))
			e.uvarint(uint64(g.dropped[typ][r]))
		}
	}
	require.NoError(t, e.err)
	require.NoError(t, bw.Flush())
	return withChecksum(buf.Bytes())
}

// withChecksum appends the CRC-32C of body to it.
func withChecksum(body []byte) []byte {
	return binary.BigEndian.AppendUint32(body, crc32.Checksum(body, castagnoli))
}

func TestLoadOldVersions(t *testing.T) {
	t.Parallel()
	cfg := Config{Limits: map[cdp.IdentifierType]int{cdp.UserID: 1, cdp.CPF: 1, cdp.Email: 2}}
	g := newGraph(t, cfg, randomObservations(rand.New(rand.NewPCG(21, 1)), 1500)...)
	want := stateOf(g)
	for _, version := range []int{1, 2, 3} {
		loaded, err := Load(bytes.NewReader(oldSnapshot(t, g, version)), cfg)
		require.NoError(t, err, "version %d", version)
		assert.Equal(t, want, stateOf(loaded), "version %d", version)
		assert.Equal(t, snapshotOf(t, g), snapshotOf(t, loaded), "version %d, saved again as version 4", version)
	}
}

func TestLoadRejectsDuplicateValues(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{}, obsAt(0, "s", uid("u-1")), obsAt(1, "s", uid("u-2")))
	tests := []struct {
		name string
		snap []byte
	}{
		{"version 4", snapshotOf(t, g)},
		{"version 3", oldSnapshot(t, g, 3)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body := tc.snap[:len(tc.snap)-4]
			require.Equal(t, 1, bytes.Count(body, []byte("u-2")))
			body = bytes.Replace(body, []byte("u-2"), []byte("u-1"), 1)
			_, err := Load(bytes.NewReader(withChecksum(body)), Config{})
			var se *SnapshotError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, "identifier 1: duplicate or blocked value", se.Reason)
		})
	}
}
