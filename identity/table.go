package identity

import "hash/maphash"

// table interns identifiers: an open-addressing hash table (linear
// probing) from (type index, normal value) to the identifier's index.
// Each slot packs the low 32 bits of the hash and index+1 into a uint64 (0
// is empty), so a lookup touches one cache line in the common case and the
// table holds no pointers for the garbage collector to scan.
type table struct {
	seed  maphash.Seed
	slots []uint64
	n     int
}

func newTable() table {
	return table{seed: maphash.MakeSeed(), slots: make([]uint64, 1024)}
}

// hash returns the hash of value v of type index ti.
func (t *table) hash(ti int, v string) uint32 {
	h := maphash.String(t.seed, v)
	h ^= uint64(ti+1) * 0x9E3779B97F4A7C15
	h ^= h >> 29
	return uint32(h)
}

// probe returns the identifier stored for value v of type index ti with
// hash h, or the slot where it would go.
func (g *Graph) probe(ti int, v string, h uint32) (x int32, slot int, ok bool) {
	t := &g.tab
	mask := len(t.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, i, false
		}
		if uint32(s>>32) == h {
			x := int32(uint32(s)) - 1
			if r := g.at(x); int(r.typ) == ti && string(g.vals.bytes(r.ref)) == v {
				return x, i, true
			}
		}
	}
}

// insert stores x with hash h at slot (from a failed find) and reports
// whether the table grew (which invalidates earlier slots).
func (t *table) insert(h uint32, x int32, slot int) {
	t.slots[slot] = uint64(h)<<32 | uint64(uint32(x+1))
	t.n++
	if t.n*4 > len(t.slots)*3 {
		t.grow()
	}
}

func (t *table) grow() {
	old := t.slots
	t.slots = make([]uint64, 2*len(old))
	mask := len(t.slots) - 1
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := int(uint32(s>>32)) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
