package identity

import "hash/maphash"

// hashBytes is hash of a value held as bytes.
func (t *table) hashBytes(ti int, v []byte) uint32 {
	h := maphash.Bytes(t.seed, v)
	h ^= uint64(ti+1) * 0x9E3779B97F4A7C15
	h ^= h >> 29
	return uint32(h)
}

// collision is an identifier whose hash equals that of the code in a
// slot it probed past: a duplicate value, when the values are equal too.
type collision struct {
	code uint32
	x    int32
}

// fillBucket is how many slots of the table fill sorts entries by: 8 KiB
// of slots, which stay in the processor's cache while they fill.
const fillBucket = 10

// fill puts identifiers 0 to len(refs)-1 in t, which holds none of them
// yet (it may hold blocked values): identifier x has type index typs[x]
// and value a.bytes(refs[x]). It reads nothing else and writes nothing
// but t, so it may run while the identifiers' records are written. It
// returns the collisions, for the caller to compare the values.
//
// Rather than inserting the identifiers in their order, which touches a
// random slot of a table much larger than the processor's caches for
// each, it sorts them (a counting sort) by the region of the table their
// hash falls in and inserts them region by region, so that the table is
// written nearly in order. Linear probing finds a value wherever the
// insertion order put it.
func (t *table) fill(a *arena, refs []uint32, typs []uint8) []collision {
	n := len(refs)
	t.reserve(n)
	slots := t.slots
	mask := len(slots) - 1
	counts := make([]int, len(slots)>>fillBucket+2)
	hs := make([]uint32, n)
	for x, ref := range refs {
		h := t.hashBytes(int(typs[x]), a.bytes(ref))
		hs[x] = h
		counts[int(h)&mask>>fillBucket+1]++
	}
	for b := 1; b < len(counts); b++ {
		counts[b] += counts[b-1]
	}
	sorted := make([]uint64, n)
	for x, h := range hs {
		b := int(h) & mask >> fillBucket
		sorted[counts[b]] = uint64(h)<<32 | uint64(x+1)
		counts[b]++
	}
	var cs []collision
	for _, e := range sorted {
		h := uint32(e >> 32)
		i := int(h) & mask
		for ; slots[i] != 0; i = (i + 1) & mask {
			if uint32(slots[i]>>32) == h {
				cs = append(cs, collision{code: uint32(slots[i]), x: int32(uint32(e)) - 1})
			}
		}
		slots[i] = e
	}
	t.n += n
	return cs
}
