package identity

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
)

// Version 4 stores the identifiers and the log as the graph holds them in
// memory, so that Load copies them back in large blocks instead of
// decoding and interning one value at a time. After the type and source
// names of version 3 come:
//
//   - the type order: per type, its position in the saving graph's order
//     of types (by priority, then name), which sorted the identifiers of
//     each observation of the log;
//   - the identifier count n, then n bytes: the type index of each;
//   - the value arena: its page count, then per page its length and its
//     bytes (each value as a uvarint length then its bytes, in the order
//     interned, never across pages);
//   - the number of observations added, the log length nl, then nl
//     times (Unix ns, int64), nl source indexes (uint32), nl end offsets
//     into the flat identifier list (uint32, each above the one before),
//     and that list (uint32 identifier indexes), all little-endian;
//   - the dropped counters, as in version 3.
//
// Nothing in it depends on the hash seed of the saving graph, so saving
// is deterministic and a loaded graph keeps a seed of its own.

// typeOrder returns, per type index of g, its position in the order of
// g's types by priority rank, then name: the order compareIdent sorts
// identifiers of different types in.
func (g *Graph) typeOrder() []int {
	idx := make([]int, len(g.types))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		ta, tb := g.types[a], g.types[b]
		if c := cmp.Compare(ta.rank, tb.rank); c != 0 {
			return c
		}
		return strings.Compare(string(ta.name), string(tb.name))
	})
	pos := make([]int, len(idx))
	for p, i := range idx {
		pos[i] = p
	}
	return pos
}

// saveBody4 writes what follows the source names in version 4.
func (g *Graph) saveBody4(e *encoder) {
	for _, p := range g.typeOrder() {
		e.uvarint(uint64(p))
	}
	e.uvarint(uint64(g.n))
	var buf [4096]byte
	for lo := int32(0); lo < g.n; lo += int32(len(buf)) {
		b := buf[:min(int32(len(buf)), g.n-lo)]
		for i := range b {
			b[i] = g.at(lo + int32(i)).typ
		}
		e.raw(b)
	}
	e.uvarint(uint64(len(g.vals.pages)))
	for _, p := range g.vals.pages {
		e.uvarint(uint64(len(p)))
		e.raw(p)
	}
	e.uvarint(uint64(g.nObs))
	e.uvarint(uint64(len(g.obsTime)))
	putLE(e, g.obsTime, 8, func(b []byte, v int64) { binary.LittleEndian.PutUint64(b, uint64(v)) })
	putLE(e, g.obsSrc, 4, func(b []byte, v int32) { binary.LittleEndian.PutUint32(b, uint32(v)) })
	putLE(e, g.obsOff[1:], 4, binary.LittleEndian.PutUint32)
	putLE(e, g.flat, 4, func(b []byte, v int32) { binary.LittleEndian.PutUint32(b, uint32(v)) })
}

// putLE writes s, size bytes per element, encoded by put, in blocks.
func putLE[T any](e *encoder, s []T, size int, put func([]byte, T)) {
	var buf [8192]byte
	per := len(buf) / size
	for lo := 0; lo < len(s) && e.err == nil; lo += per {
		part := s[lo:min(lo+per, len(s))]
		b := buf[:len(part)*size]
		for i, v := range part {
			put(b[i*size:], v)
		}
		e.raw(b)
	}
}
