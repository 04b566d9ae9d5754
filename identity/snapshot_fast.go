package identity

import "fmt"

// bodyDirect reads the identifiers and the log of a snapshot whose values
// are normal, and not blocked, under g's config (the interning
// fingerprints match) and adds them to g as it reads: each value is
// interned as it is, without normalising it or checking it against the
// blocklists, then each observation of the log is applied with g's rules,
// as Add would. typeMap maps each saved type index to g's.
func (d *decoder) bodyDirect(g *Graph, s *snapshot, typeMap []int) {
	ni := d.intern(g, s, typeMap)
	s.nObs = d.count("observation count", 1<<62)
	nl := d.count("log length", uint64(s.nObs))
	srcMap := make([]int32, len(s.sources)) // saved source index → g's+1; 0: not yet seen
	ids := g.scratch[:0]
	for o := 0; o < nl && d.err == nil; o++ {
		t := d.varint("observation time")
		src := d.source(s)
		k := d.size(ni)
		ids = ids[:0]
		for j := 0; j < k && d.err == nil; j++ {
			ids = append(ids, int32(d.count("observation identifier", uint64(max(ni-1, 0)))))
		}
		if d.err != nil {
			break
		}
		if srcMap[src] == 0 {
			srcMap[src] = g.source(s.sources[src]) + 1
		}
		g.record(srcMap[src]-1, t, ids)
	}
	g.scratch = ids[:0]
}

// preallocLarge is prealloc for the arrays of a snapshot that a graph of a
// million identifiers needs: at most 4 MiB of uint32 on a corrupt count.
func preallocLarge(n int) int { return min(n, 1<<20) }

// intern reads the identifiers and interns them in g as they are, then
// indexes them. It returns their number.
func (d *decoder) intern(g *Graph, s *snapshot, typeMap []int) int {
	ni := d.count("identifier count", 1<<31-1)
	hs := make([]uint32, 0, preallocLarge(ni))
	for i := 0; i < ni && d.err == nil; i++ {
		t := d.count("identifier type", uint64(max(len(s.types)-1, 0)))
		b := d.next("identifier value", maxValueLen)
		if d.err != nil {
			break
		}
		if len(s.types) == 0 {
			d.fail("identifier without types", nil)
			break
		}
		ti := typeMap[t]
		v := string(b) // on the stack when short: no callee keeps it
		if _, ok := g.intern(ti, v); !ok {
			d.fail("graph full", nil)
		}
		hs = append(hs, g.tab.hash(ti, v))
	}
	if d.err == nil {
		if x := g.index(hs); x >= 0 {
			// Only a snapshot Save did not write can hold one.
			d.fail(fmt.Sprintf("identifier %d: duplicate or blocked value", x), nil)
		}
	}
	return ni
}

// index puts every identifier x, whose value has hash hs[x], in the
// table, which holds none yet. It returns -1, or the first identifier
// whose value is already there (a duplicate or a blocked value). Like
// flush, it touches the slots of a batch of identifiers before inserting
// them, so that their cache misses overlap.
func (g *Graph) index(hs []uint32) int32 {
	g.tab.reserve(len(hs))
	const batch = 32
	for lo := 0; lo < len(hs); lo += batch {
		b := hs[lo:min(lo+batch, len(hs))]
		slots, mask := g.tab.slots, len(g.tab.slots)-1
		var touch uint64
		for _, h := range b {
			touch += slots[int(h)&mask]
		}
		g.touched += touch
		for k, h := range b {
			x := int32(lo + k)
			i := int(h) & mask
			for ; slots[i] != 0; i = (i + 1) & mask {
				if uint32(slots[i]>>32) == h && g.holds(slots[i], x) {
					return x
				}
			}
			g.tab.insert(h, uint32(x+1), i) // never grows: reserved
		}
	}
	return -1
}

// holds reports whether table slot s holds the value of identifier x.
func (g *Graph) holds(s uint64, x int32) bool {
	r := g.at(x)
	v := string(g.vals.bytes(r.ref))
	if code := uint32(s); code&blockedBit != 0 {
		b := g.blocked[code&^blockedBit]
		return b.ti == int(r.typ) && b.v == v
	}
	return g.is(int32(uint32(s))-1, int(r.typ), v)
}
