package identity

import (
	"fmt"
	"slices"
)

// body4 reads the body of a version 4 snapshot up to the dropped
// counters. Unless direct, it fills s for Graph.replay. With direct (the
// values are normal, and not blocked, under g's config: the interning
// fingerprints match), it builds g as it reads: the arena becomes g's as
// it is, each identifier gets its record, and the log is stitched again
// with g's rules, as Add would. typeMap maps each saved type index to g's.
//
// Another goroutine writes the records, then fills the table of values,
// while this one reads the log and then stitches it: stitching reads the
// records, never the table. When g orders types as the saving graph did
// (the usual case), the identifiers of each observation are in the order
// record would sort them in, and the saved log becomes g's as it is.
func (d *decoder) body4(g *Graph, s *snapshot, typeMap []int, direct bool) {
	im := d.values(s)
	if d.err != nil || !direct {
		d.log(s, im)
		if d.err == nil {
			im.toSnapshot(s)
		}
		return
	}
	if !slices.Equal(typeMap, seqInt(len(typeMap))) {
		for x, t := range im.typs {
			im.typs[x] = uint8(typeMap[t])
		}
	}
	g.vals.pages = im.pages
	recorded := make(chan struct{})
	filled := make(chan []collision, 1)
	go func() {
		g.records(im.refs, im.typs)
		close(recorded)
		filled <- g.tab.fill(&g.vals, im.refs, im.typs)
	}()
	d.log(s, im)
	<-recorded
	if d.err == nil {
		d.restitch(g, s, im, typeMap)
	}
	cs := <-filled
	if d.err != nil {
		return
	}
	dup := int32(-1)
	for _, c := range cs {
		y := c.x
		if c.code&blockedBit == 0 {
			y = max(y, int32(c.code)-1)
		}
		if g.holds(uint64(c.code), c.x) && (dup < 0 || y < dup) {
			dup = y
		}
	}
	if dup >= 0 {
		// Only a snapshot Save did not write can hold one.
		d.fail(fmt.Sprintf("identifier %d: duplicate or blocked value", dup), nil)
	}
}

// restitch stitches the log of im, read by body4, into g, whose records
// are written.
func (d *decoder) restitch(g *Graph, s *snapshot, im *image, typeMap []int) {
	srcMap := make([]int32, len(s.sources))
	for i, name := range s.sources {
		srcMap[i] = g.source(name)
	}
	if !slices.Equal(srcMap, seq(len(srcMap))) {
		for o, src := range im.srcs {
			im.srcs[o] = srcMap[src]
		}
	}
	if !g.sameOrder(im.order, typeMap) {
		ids := g.scratch[:0]
		for o, t := range im.times {
			ids = append(ids[:0], im.flat[im.offs[o]:im.offs[o+1]]...)
			g.record(im.srcs[o], t, ids)
		}
		g.scratch = ids[:0]
		return
	}
	g.obsTime, g.obsSrc, g.obsOff, g.flat = im.times, im.srcs, im.offs, im.flat
	for o := range im.times {
		g.restitchObs(int32(o))
	}
}

// seq returns 0, 1, ..., n-1.
func seq(n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = int32(i)
	}
	return s
}

func seqInt(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// records gives g identifiers 0 to len(refs)-1, g having none: identifier
// x has type index typs[x] and its value at refs[x] in g's arena. Each is
// a person of its own.
func (g *Graph) records(refs []uint32, typs []uint8) {
	n := int32(len(refs))
	for p := int32(0); p<<pageBits < n; p++ {
		g.recs = append(g.recs, make([]rec, pageSize))
		if !g.inlineCounts {
			g.cnts = append(g.cnts, make([]int32, pageSize*len(g.r.limits)))
		}
	}
	slot := make([]int, len(g.types))
	for ti, tr := range g.types {
		slot[ti] = tr.limitSlot
	}
	for x := range n {
		t := typs[x]
		*g.at(x) = rec{ref: refs[x], first: -1, last: -1, uf: -1, next: x, best: x, typ: t, btyp: t}
		if s := slot[t]; s >= 0 {
			g.setCount(x, s, 1)
		}
	}
	g.n = n
	g.persons = int(n)
}

// sameOrder reports whether g orders the saved types (mapped by typeMap)
// as the saving graph did (order: per saved type, its position there).
func (g *Graph) sameOrder(order, typeMap []int) bool {
	pos := g.typeOrder()
	byOrder := make([]int, len(order))
	for i, p := range order {
		byOrder[p] = i
	}
	for k := 1; k < len(byOrder); k++ {
		if pos[typeMap[byOrder[k-1]]] > pos[typeMap[byOrder[k]]] {
			return false
		}
	}
	return true
}

// restitchObs applies observation o of a log installed as it is, as
// record would have when it was added.
func (g *Graph) restitchObs(o int32) {
	t := g.obsTime[o]
	inOrder := !g.dirty && t >= g.lastTime
	src := g.obsSrc[o]
	for _, x := range g.flat[g.obsOff[o]:g.obsOff[o+1]] {
		g.seen(x, o, t, src, inOrder)
	}
	if g.dirty || t < g.lastTime {
		g.dirty = true
		return
	}
	g.lastTime = t
	g.apply(o)
}
