package identity

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/warrenbrasil/customerdata/cdp"
)

// image is the body of a version 4 snapshot as read: the identifiers and
// the log in the graph's own layout (see saveBody4).
type image struct {
	order []int    // per saved type, its position in the saving graph's order
	typs  []uint8  // per identifier, its saved type index
	pages [][]byte // the value arena
	times []int64  // per observation of the log
	srcs  []int32  // per observation, its saved source index
	offs  []uint32 // identifiers of observation o: flat[offs[o]:offs[o+1]]; offs[0] == 0
	flat  []int32  // identifier indexes
	refs  []uint32 // per identifier, its value in pages (filled by values)
}

// image reads the body of a version 4 snapshot up to the dropped
// counters, checking every index it holds.
func (d *decoder) image(s *snapshot) *image {
	im := &image{order: make([]int, len(s.types))}
	for i := range im.order {
		im.order[i] = d.count("type order", uint64(max(len(s.types)-1, 0)))
	}
	if d.err == nil && len(slices.Compact(slices.Sorted(slices.Values(im.order)))) != len(im.order) {
		d.fail("type order is not a permutation", nil)
	}
	n := d.count("identifier count", 1<<31-1)
	im.typs = readLE(d, "identifier types", n, 1, func(b []byte) uint8 { return b[0] })
	for _, t := range im.typs {
		if int(t) >= len(s.types) {
			d.fail(fmt.Sprintf("identifier type %d out of range", t), nil)
			break
		}
	}
	np := d.count("arena page count", arenaMaxPages)
	im.pages = make([][]byte, 0, prealloc(np))
	for i := 0; i < np && d.err == nil; i++ {
		p := make([]byte, d.count("arena page length", arenaPageSize))
		if err := d.r.readFull(p); err != nil {
			d.fail("reading arena page", unexpected(err))
		}
		im.pages = append(im.pages, p)
	}
	if d.err == nil {
		im.values(d, n)
	}
	s.nObs = d.count("observation count", 1<<62)
	nl := d.count("log length", uint64(s.nObs))
	im.times = readLE(d, "observation times", nl, 8, func(b []byte) int64 { return int64(binary.LittleEndian.Uint64(b)) })
	im.srcs = readLE(d, "observation sources", nl, 4, func(b []byte) int32 { return int32(binary.LittleEndian.Uint32(b)) })
	for _, src := range im.srcs {
		if src < 0 || int(src) >= len(s.sources) {
			d.fail(fmt.Sprintf("observation source %d out of range", src), nil)
			break
		}
	}
	ends := readLE(d, "observation ends", nl, 4, binary.LittleEndian.Uint32)
	im.offs = append(make([]uint32, 0, len(ends)+1), 0)
	for _, e := range ends {
		if e <= im.offs[len(im.offs)-1] || e > 1<<31-1 {
			d.fail("empty observation or bad offset", nil)
			break
		}
		im.offs = append(im.offs, e)
	}
	if d.err != nil {
		return im
	}
	im.flat = readLE(d, "observation identifiers", int(im.offs[len(im.offs)-1]), 4, func(b []byte) int32 { return int32(binary.LittleEndian.Uint32(b)) })
	for _, x := range im.flat {
		if x < 0 || int(x) >= n {
			d.fail(fmt.Sprintf("observation identifier %d out of range", x), nil)
			break
		}
	}
	return im
}

// values finds the n values in the arena pages (filling im.refs) and
// checks that they fill the pages exactly.
func (im *image) values(d *decoder, n int) {
	size := 0
	for _, p := range im.pages {
		size += len(p)
	}
	im.refs = make([]uint32, 0, min(n, size)) // a value takes a byte at least
	for pi, p := range im.pages {
		for off := 0; off < len(p); {
			v, k := binary.Uvarint(p[off:])
			if k <= 0 || v > maxValueLen || uint64(len(p)-off-k) < v {
				d.fail(fmt.Sprintf("arena page %d: bad value at %d", pi, off), nil)
				return
			}
			if len(im.refs) == n {
				d.fail("more values than identifiers", nil)
				return
			}
			im.refs = append(im.refs, uint32(pi)<<arenaPageBits|uint32(off))
			off += k + int(v)
		}
	}
	if len(im.refs) != n {
		d.fail(fmt.Sprintf("%d values for %d identifiers", len(im.refs), n), nil)
	}
}

// readLE reads n elements of size bytes each, decoded by get, in blocks
// (so that a corrupt count fails at the end of the input rather than
// allocating for it up front).
func readLE[T any](d *decoder, what string, n, size int, get func([]byte) T) []T {
	if d.err != nil {
		return nil
	}
	out := make([]T, 0, preallocLarge(n))
	per := 32 << 10 / size
	for len(out) < n {
		k := min(per, n-len(out))
		b, err := d.r.next(k * size)
		if err != nil {
			d.fail("reading "+what, unexpected(err))
			return nil
		}
		out = slices.Grow(out, k)
		for i := range k {
			out = append(out, get(b[i*size:]))
		}
	}
	return out
}

// toSnapshot fills s.idents and s.obs from im, for Graph.replay.
func (im *image) toSnapshot(s *snapshot) {
	var a arena
	a.pages = im.pages
	s.idents = make([]cdp.Identifier, len(im.refs))
	for x, ref := range im.refs {
		s.idents[x] = cdp.Identifier{Type: s.types[im.typs[x]], Value: string(a.bytes(ref))}
	}
	s.obs = make([]snapObs, len(im.times))
	for o := range s.obs {
		s.obs[o] = snapObs{time: im.times[o], src: int(im.srcs[o]), ids: im.flat[im.offs[o]:im.offs[o+1]]}
	}
}
