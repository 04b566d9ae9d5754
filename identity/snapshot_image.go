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

// values reads the body of a version 4 snapshot up to the log: the type
// order, the identifiers' types and the value arena, checking every index
// it holds.
func (d *decoder) values(s *snapshot) *image {
	im := &image{order: make([]int, len(s.types))}
	for i := range im.order {
		im.order[i] = d.count("type order", uint64(max(len(s.types)-1, 0)))
	}
	if d.err == nil && len(slices.Compact(slices.Sorted(slices.Values(im.order)))) != len(im.order) {
		d.fail("type order is not a permutation", nil)
	}
	n := d.count("identifier count", 1<<31-1)
	im.typs = readLE(d, "identifier types", nil, n, 1, getBytes)
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
		im.index(d, n)
	}
	return im
}

// log reads the log of a version 4 snapshot into im, checking every index
// it holds.
func (d *decoder) log(s *snapshot, im *image) {
	n := len(im.refs)
	s.nObs = d.count("observation count", 1<<62)
	nl := d.count("log length", uint64(s.nObs))
	im.times = readLE(d, "observation times", nil, nl, 8, getInt64s)
	im.srcs = readLE(d, "observation sources", nil, nl, 4, getInt32s)
	for _, src := range im.srcs {
		if src < 0 || int(src) >= len(s.sources) {
			d.fail(fmt.Sprintf("observation source %d out of range", src), nil)
			break
		}
	}
	im.offs = readLE(d, "observation ends", []uint32{0}, nl, 4, getUint32s)
	for o := 1; o < len(im.offs); o++ {
		if im.offs[o] <= im.offs[o-1] || im.offs[o] > 1<<31-1 {
			d.fail("empty observation or bad offset", nil)
			break
		}
	}
	if d.err != nil {
		return
	}
	im.flat = readLE(d, "observation identifiers", nil, int(im.offs[len(im.offs)-1]), 4, getInt32s)
	for _, x := range im.flat {
		if x < 0 || int(x) >= n {
			d.fail(fmt.Sprintf("observation identifier %d out of range", x), nil)
			break
		}
	}
}

// index finds the n values in the arena pages (filling im.refs) and
// checks that they fill the pages exactly.
func (im *image) index(d *decoder, n int) {
	size := 0
	for _, p := range im.pages {
		size += len(p)
	}
	im.refs = make([]uint32, 0, min(n, size)) // a value takes a byte at least
	for pi, p := range im.pages {
		for off := 0; off < len(p); {
			v, k := uint64(p[off]), 1
			if v >= 0x80 {
				v, k = binary.Uvarint(p[off:])
			}
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

// readLE appends n elements of size bytes each, decoded by get, to dst,
// reading them in blocks and reserving at most 8 MiB up front (so that a
// corrupt count fails at the end of the input rather than allocating for
// it).
func readLE[T any](d *decoder, what string, dst []T, n, size int, get func([]byte, []T)) []T {
	if d.err != nil {
		return nil
	}
	out := slices.Grow(dst, min(n, 8<<20/size))
	end := len(dst) + n
	per := 32 << 10 / size
	for len(out) < end {
		k := min(per, end-len(out))
		b, err := d.r.next(k * size)
		if err != nil {
			d.fail("reading "+what, unexpected(err))
			return nil
		}
		out = slices.Grow(out, k)
		get(b, out[len(out):len(out)+k])
		out = out[:len(out)+k]
	}
	return out
}

func getBytes(b []byte, out []uint8) { copy(out, b) }

func getInt64s(b []byte, out []int64) {
	for i := range out {
		out[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
	}
}

func getInt32s(b []byte, out []int32) {
	for i := range out {
		out[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
}

func getUint32s(b []byte, out []uint32) {
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
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
