package identity

import "hash/maphash"

// table interns identifiers: an open-addressing hash table (linear
// probing) from (type index, normal value) to the identifier's index.
// Each slot packs the low 32 bits of the hash and a code into a uint64 (0
// is empty), so a lookup touches one cache line in the common case and the
// table holds no pointers for the garbage collector to scan. The code is
// index+1 for an identifier, or blockedBit|i for the blocked value
// g.blocked[i]: exact blocked values live in the table, so that the probe
// every new identifier needs anyway also checks the blocklist.
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

// blockedBit marks the code of a blocked value in a table slot.
const blockedBit = 1 << 31

// blockedX is what probe returns for a blocked value.
const blockedX = -1

// blockedValue is an exact blocked value of type index ti, in the table.
type blockedValue struct {
	ti int
	v  string
}

// probe returns the identifier stored for value v of type index ti with
// hash h (blockedX for a blocked value), or the slot where it would go.
func (g *Graph) probe(ti int, v string, h uint32) (x int32, slot int, ok bool) {
	t := &g.tab
	mask := len(t.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, i, false
		}
		if uint32(s>>32) != h {
			continue
		}
		if code := uint32(s); code&blockedBit != 0 {
			if b := &g.blocked[code&^blockedBit]; b.ti == ti && b.v == v {
				return blockedX, i, true
			}
		} else if x := int32(code) - 1; g.is(x, ti, v) {
			return x, i, true
		}
	}
}

// is reports whether identifier x has type index ti and value v.
func (g *Graph) is(x int32, ti int, v string) bool {
	r := g.at(x)
	return int(r.typ) == ti && string(g.vals.bytes(r.ref)) == v
}

// insert stores code with hash h at slot (from a failed probe), growing
// the table when it is three quarters full (which invalidates earlier
// slots).
func (t *table) insert(h uint32, code uint32, slot int) {
	t.slots[slot] = uint64(h)<<32 | uint64(code)
	t.n++
	if t.n*4 > len(t.slots)*3 {
		t.grow()
	}
}

// reserve grows the table so that n more entries fit without growing.
func (t *table) reserve(n int) {
	size := len(t.slots)
	for (t.n+n)*4 > size*3 {
		size *= 2
	}
	if size > len(t.slots) {
		t.rehash(size)
	}
}

func (t *table) grow() { t.rehash(2 * len(t.slots)) }

// rehash moves the entries to a table of size slots, a power of two.
func (t *table) rehash(size int) {
	old := t.slots
	t.slots = make([]uint64, size)
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

// block puts the blocked value v of type index ti in the table.
func (g *Graph) block(ti int, v string) {
	h := g.tab.hash(ti, v)
	if _, slot, ok := g.probe(ti, v, h); !ok {
		g.tab.insert(h, blockedBit|uint32(len(g.blocked)), slot)
		g.blocked = append(g.blocked, blockedValue{ti: ti, v: v})
	}
}
