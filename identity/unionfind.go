package identity

import (
	"bytes"
	"cmp"
	"slices"
)

// Union-find over identifiers: persons are the sets, each with a root
// that holds the person's size, best identifier and limit counters.
//
// The limit counters of a person (one per limited type, meaningful at its
// root) are inline in the root's record when g.inlineCounts (at most two
// limited types, each limit at most 65,535: the default), else in g.cnts.
// A counter never exceeds its limit: a union that would is refused.

// count returns counter s of root x.
func (g *Graph) count(x int32, s int) int32 {
	if g.inlineCounts {
		return int32(g.at(x).lim[s])
	}
	return g.cnts[x>>pageBits][int(x&(pageSize-1))*len(g.r.limits)+s]
}

// setCount sets counter s of root x to v.
func (g *Graph) setCount(x int32, s int, v int32) {
	if g.inlineCounts {
		g.at(x).lim[s] = uint16(v)
		return
	}
	g.cnts[x>>pageBits][int(x&(pageSize-1))*len(g.r.limits)+s] = v
}

// resetCounts sets the counters of x to those of a person with x alone.
func (g *Graph) resetCounts(x int32) {
	own := g.types[g.at(x).typ].limitSlot
	for s := range g.r.limits {
		v := int32(0)
		if s == own {
			v = 1
		}
		g.setCount(x, s, v)
	}
}

// find returns the root of x, halving the path.
func (g *Graph) find(x int32) int32 {
	for {
		r := g.at(x)
		p := r.uf
		if p < 0 {
			return x
		}
		gp := g.at(p).uf
		if gp < 0 {
			return p
		}
		r.uf = gp
		x = gp
	}
}

// apply links the identifiers of observation o to its anchor, refusing
// each link that breaks a rule.
func (g *Graph) apply(o int32) {
	ids := g.flat[g.obsOff[o]:g.obsOff[o+1]]
	anchor := ids[0]
	ra := g.find(anchor)
	for _, x := range ids[1:] {
		rx := g.find(x)
		if ra == rx {
			continue
		}
		if slot := g.refuse(ra, rx); slot != noRefusal {
			g.conflicts = append(g.conflicts, conflictRec{a: anchor, b: x, obs: o, typ: int16(slot)})
			continue
		}
		ra = g.union(ra, rx)
		if g.recordLinks {
			g.links = append(double(g.links, 1), link{b: x, obs: o})
		}
	}
}

const noRefusal = -2 // refuse: no rule broken; -1: RuleMaxIdentifiers; ≥ 0: the limit slot

// refuse returns the rule that merging roots a and b would break.
func (g *Graph) refuse(a, b int32) int {
	for s, limit := range g.r.limits {
		if g.count(a, s)+g.count(b, s) > limit {
			return s
		}
	}
	if -g.at(a).uf-g.at(b).uf > g.r.maxIdent {
		return -1
	}
	return noRefusal
}

// union merges roots a and b, by size, and returns the new root.
func (g *Graph) union(a, b int32) int32 {
	ra, rb := g.at(a), g.at(b)
	if ra.uf > rb.uf || (ra.uf == rb.uf && a > b) { // the larger person (or the lower index) survives as a
		a, b, ra, rb = b, a, rb, ra
	}
	ra.uf += rb.uf
	rb.uf = a
	for s := range g.r.limits {
		g.setCount(a, s, g.count(a, s)+g.count(b, s))
	}
	if g.betterBest(rb, ra) {
		ra.best, ra.btyp = rb.best, rb.btyp
	}
	g.forgetID(a)
	ra.next, rb.next = rb.next, ra.next
	g.persons--
	g.byID = nil
	return a
}

// betterBest reports whether root a's best identifier comes before root
// b's, like compareIdent, reading the identifiers themselves only when
// both are of one type.
func (g *Graph) betterBest(a, b *rec) bool {
	if a.btyp != b.btyp {
		ta, tb := g.types[a.btyp], g.types[b.btyp]
		if ta.rank != tb.rank {
			return ta.rank < tb.rank
		}
		return ta.name < tb.name
	}
	return bytes.Compare(g.vals.bytes(g.at(a.best).ref), g.vals.bytes(g.at(b.best).ref)) < 0
}

// ensure applies the queued observations and rebuilds the graph when
// observations arrived out of order. g.mu is held.
func (g *Graph) ensure() {
	if len(g.pend) > 0 {
		g.flush()
	}
	if g.dirty {
		g.rebuild()
	}
}

// rebuild replays the observation log in order of time.
func (g *Graph) rebuild() {
	// Sort (time, index) pairs, which is stable by time and reads memory
	// in order, unlike sorting indexes by a key they point to.
	type timed struct {
		t int64
		o int32
	}
	order := make([]timed, len(g.obsTime))
	for o, t := range g.obsTime {
		order[o] = timed{t, int32(o)}
	}
	slices.SortFunc(order, func(a, b timed) int {
		if c := cmp.Compare(a.t, b.t); c != 0 {
			return c
		}
		return cmp.Compare(a.o, b.o)
	})
	g.reset()
	for _, x := range order {
		g.apply(x.o)
	}
	if n := len(order); n > 0 {
		g.lastTime = order[n-1].t
	}
	g.dirty = false
}

// reset makes every identifier a person of its own.
func (g *Graph) reset() {
	for x := int32(0); x < g.n; x++ {
		r := g.at(x)
		r.uf, r.next, r.best, r.btyp = -1, x, x, r.typ
		g.resetCounts(x)
	}
	g.links = g.links[:0]
	g.conflicts = g.conflicts[:0]
	g.idCache = nil
	g.persons = int(g.n)
	g.byID = nil
}

// anchor returns the first identifier of observation o, which its other
// identifiers are linked to.
func (g *Graph) anchor(o int32) int32 { return g.flat[g.obsOff[o]] }

// needLinks makes g.links hold every union made. Stitching does not record
// them (Explain alone needs them, and they would cost 8 bytes each): the
// first call replays the log with recording on, which gives the same
// persons, and recording stays on. g.mu is held, and ensure has run.
func (g *Graph) needLinks() {
	if !g.recordLinks {
		g.recordLinks = true
		g.rebuild()
	}
}
