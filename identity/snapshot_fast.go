package identity

import (
	"fmt"
	"math"
)

// bodyDirect reads the identifiers, the log and the persons of a snapshot
// whose values are normal, and not blocked, under g's config (the
// interning fingerprints match) and adds them to g as it reads: each value
// is interned as it is, without normalising it or checking it against the
// blocklists. With restore (the linking fingerprints match too, and the
// type indexes are the saved ones), the log is stored and the saved
// persons and refused links are restored; otherwise the log is applied
// with g's rules, as Add would. typeMap maps each saved type index to g's.
func (d *decoder) bodyDirect(g *Graph, s *snapshot, typeMap []int, restore bool) {
	ni := d.intern(g, s, typeMap)
	s.nObs = d.count("observation count", 1<<62)
	nl := d.count("log length", uint64(s.nObs))
	srcMap := make([]int32, len(s.sources)) // saved source index → g's+1; 0: not yet seen
	ids := g.scratch[:0]
	// The log, built in local slices (no write barrier per append).
	var (
		obsTime = make([]int64, 0, preallocLarge(nl))
		obsSrc  = make([]int32, 0, preallocLarge(nl))
		obsOff  = append(make([]uint32, 0, preallocLarge(nl+1)), 0)
		flat    = make([]int32, 0, preallocLarge(2*nl))
		maxT    = int64(math.MinInt64)
	)
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
		if !restore {
			g.record(srcMap[src]-1, t, ids)
			continue
		}
		// What record does, but apply: the persons are restored below.
		inOrder := t >= maxT
		if !inOrder {
			g.obsTime = obsTime // seen compares t with earlier times
		}
		for _, x := range ids {
			g.seen(x, int32(o), t, srcMap[src]-1, inOrder)
		}
		maxT = max(maxT, t)
		obsTime = append(double(obsTime, 1), t)
		obsSrc = append(double(obsSrc, 1), srcMap[src]-1)
		flat = append(double(flat, len(ids)), ids...)
		obsOff = append(double(obsOff, 1), uint32(len(flat)))
	}
	g.scratch = ids[:0]
	if !restore {
		d.persons(ni, nl, nil)
		return
	}
	g.obsTime, g.obsSrc, g.obsOff, g.flat = obsTime, obsSrc, obsOff, flat
	g.lastTime = maxT
	d.persons(ni, nl, g)
}

// preallocLarge is prealloc for the big arrays of a snapshot, which a
// graph of a million identifiers needs: at most 8 MiB of int64 on a
// corrupt count.
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

// persons reads the persons of ni identifiers and the refused links of a
// log of nl observations. With g (whose identifiers are the snapshot's),
// it restores them: each identifier's parent becomes its person's root,
// and each root gets its person's size, member list, best identifier and
// limit counters, as the unions that made the person left them.
func (d *decoder) persons(ni, nl int, g *Graph) {
	for x := int32(0); x < int32(ni) && d.err == nil; x++ {
		r := int64(x) - d.varint("person root")
		if d.err == nil && (r < 0 || r >= int64(ni)) {
			d.fail(fmt.Sprintf("identifier %d: root %d out of range", x, r), nil)
		}
		if g == nil || d.err != nil {
			continue
		}
		if r == int64(x) {
			g.at(x).uf = -1 // intern made it a person of its own
		} else {
			g.at(x).uf = int32(r)
		}
	}
	nc := d.count("conflict count", 1<<40)
	limits := 0
	if g != nil {
		limits = len(g.r.limits)
		g.conflicts = make([]conflictRec, 0, prealloc(nc))
	}
	for i := 0; i < nc && d.err == nil; i++ {
		c := conflictRec{
			a:   int32(d.count("conflict anchor", uint64(max(ni-1, 0)))),
			b:   int32(d.count("conflict identifier", uint64(max(ni-1, 0)))),
			obs: int32(d.count("conflict observation", uint64(max(nl-1, 0)))),
		}
		slot := d.count("conflict limit", 255)
		if g != nil && d.err == nil && slot > limits {
			d.fail(fmt.Sprintf("conflict limit slot %d out of range", slot-1), nil)
		}
		c.typ = int16(slot - 1)
		if g != nil {
			g.conflicts = append(g.conflicts, c)
		}
	}
	if g != nil && d.err == nil {
		d.link(g)
	}
}

// link joins each identifier whose parent persons set to its root.
func (d *decoder) link(g *Graph) {
	for x := int32(0); x < g.n; x++ {
		rx := g.at(x)
		if rx.uf < 0 {
			continue
		}
		r := rx.uf
		rr := g.at(r)
		if rr.uf >= 0 {
			d.fail(fmt.Sprintf("identifier %d: root %d is not a root", x, r), nil)
			return
		}
		rr.uf--
		for s := range g.r.limits {
			g.setCount(r, s, g.count(r, s)+g.count(x, s))
		}
		if g.betterBest(rx, rr) {
			rr.best, rr.btyp = rx.best, rx.btyp
		}
		rr.next, rx.next = x, rr.next
		g.persons--
	}
}
