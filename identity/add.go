package identity

import (
	"bytes"
	"cmp"
	"errors"
	"math"
	"slices"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
)

// Add records an observation. Each identifier is normalised; an invalid
// one is dropped and counted in Stats (it is not an error), a blocked one
// links nothing and is counted as ReasonBlocked. The only error is
// ErrInvalidObservation, for a zero ObservedAt or one outside the years
// 1678–2262; the observation is then ignored.
//
// Add may queue the observation and apply it with the next few, so that
// their table lookups overlap (see flush); every query applies the queue
// first, so the queueing is never visible. Add keeps no reference to
// obs.Identifiers: the caller may reuse the slice.
func (g *Graph) Add(obs Observation) error {
	if err := checkTime(obs.ObservedAt); err != nil {
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.queue(obs)
	return nil
}

// queue queues obs (whose time is valid), applying the queue when it is
// full. g.mu is held.
func (g *Graph) queue(obs Observation) {
	lo := int32(len(g.pendIDs))
	g.pendIDs = append(g.pendIDs, obs.Identifiers...)
	g.pend = append(g.pend, pending{source: obs.Source, t: obs.ObservedAt.UnixNano(), lo: lo, hi: int32(len(g.pendIDs))})
	if len(g.pend) >= maxPending {
		g.flush()
	}
}

// maxPending is how many observations Add queues before applying them.
const maxPending = 32

// pending is an observation Add queued: its identifiers are
// g.pendIDs[lo:hi].
type pending struct {
	source string
	t      int64
	lo, hi int32
}

// flush applies the queued observations. It hashes every identifier
// first, then loads the table slot of each in a tight loop, so that the
// processor has many of those cache misses in flight at once instead of
// waiting for each in turn; then it applies the observations in order.
// g.mu is held.
func (g *Graph) flush() {
	if len(g.pend) == 0 {
		return
	}
	hs := g.hashIdentifiers(g.pendIDs)
	for _, p := range g.pend {
		g.addHashed(p.source, p.t, g.pendIDs[p.lo:p.hi], hs[p.lo:p.hi], nil)
	}
	clear(g.pend) // drop the references to the caller's strings
	clear(g.pendIDs)
	g.pend, g.pendIDs = g.pend[:0], g.pendIDs[:0]
}

// hashIdentifiers returns the type index and hash of each of ids (in
// g.hashes, valid until the next call) and touches the table slot of
// each.
func (g *Graph) hashIdentifiers(ids []cdp.Identifier) []hashed {
	hs := g.hashes[:0]
	for _, id := range ids {
		ti := g.typeIndex(id.Type)
		h := uint32(0)
		if ti >= 0 {
			h = g.tab.hash(ti, id.Value)
		}
		hs = append(hs, hashed{ti: ti, h: h})
	}
	g.hashes = hs
	// The loads are independent and the loop is short: they overlap.
	var touch uint64
	slots, mask := g.tab.slots, len(g.tab.slots)-1
	for _, hv := range hs {
		i := int(hv.h)
		// and the next cache line, where a probe often continues
		touch += slots[i&mask] + slots[(i+8)&mask]
	}
	g.touched += touch
	return hs
}

// dropFunc is told about every identifier add drops.
type dropFunc func(t cdp.IdentifierType, r Reason)

// add records obs (whose time is valid) now, after the queued
// observations, telling onDrop about each identifier it drops. g.mu is
// held.
func (g *Graph) add(obs Observation, onDrop dropFunc) {
	g.flush()
	hs := g.hashIdentifiers(obs.Identifiers)
	g.addHashed(obs.Source, obs.ObservedAt.UnixNano(), obs.Identifiers, hs, onDrop)
}

// addHashed records the observation of identifiers ids (hashed as hs) by
// source at t (Unix ns). g.mu is held.
func (g *Graph) addHashed(source string, t int64, idents []cdp.Identifier, hs []hashed, onDrop dropFunc) {
	g.nObs++
	ids := g.scratch[:0]
	for i, id := range idents {
		x, reason := g.identifier(id, hs[i])
		if reason != "" {
			g.drop(id.Type, reason, onDrop)
			continue
		}
		ids = append(ids, x)
	}
	g.scratch = ids[:0]
	if len(ids) == 0 {
		return
	}
	g.record(g.source(source), t, ids)
}

// record logs the observation of interned identifiers ids (in any order;
// sorted in place) by source index src at t (Unix ns), and applies it now
// or marks the graph for a rebuild. g.mu is held.
func (g *Graph) record(src int32, t int64, ids []int32) {
	slices.SortFunc(ids, g.compareIdent)
	ids = slices.Compact(ids)
	o := int32(len(g.obsTime))
	inOrder := !g.dirty && t >= g.lastTime
	for _, x := range ids {
		g.seen(x, o, t, src, inOrder)
	}
	g.obsTime = append(double(g.obsTime, 1), t)
	g.obsSrc = append(double(g.obsSrc, 1), src)
	g.flat = append(double(g.flat, len(ids)), ids...)
	g.obsOff = append(double(g.obsOff, 1), uint32(len(g.flat)))
	if g.dirty || t < g.lastTime {
		g.dirty = true
		return
	}
	g.lastTime = t
	g.apply(o)
}

// double makes room for n more elements in s, doubling its capacity when
// it grows (append grows large slices by only a quarter, which copies the
// big logs of a graph several times over).
func double[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	return slices.Grow(s, max(n, len(s), 64))
}

func (g *Graph) drop(t cdp.IdentifierType, r Reason, onDrop dropFunc) {
	m := g.dropped[t]
	if m == nil {
		m = map[Reason]int{}
		g.dropped[t] = m
	}
	m[r]++
	if onDrop != nil {
		onDrop(t, r)
	}
}

// hashed is an identifier's type index and the hash of its raw value.
type hashed struct {
	ti int
	h  uint32
}

// identifier normalises and interns id, or says why it is dropped.
func (g *Graph) identifier(id cdp.Identifier, hv hashed) (int32, Reason) {
	ti, h := hv.ti, hv.h
	if ti < 0 {
		return 0, ReasonType
	}
	// Interned values are normal, and normalisers are idempotent: a value
	// found as is needs no normalising.
	x, slot, ok := g.probe(ti, id.Value, h)
	if ok {
		return found(x)
	}
	tr := g.types[ti]
	v, err := tr.normalize(id.Value)
	if err != nil {
		return 0, reasonOf(err)
	}
	if v != id.Value {
		h = g.tab.hash(ti, v)
		if x, slot, ok = g.probe(ti, v, h); ok {
			return found(x)
		}
	}
	if tr.isBlockedBeyondTable(v) {
		return 0, ReasonBlocked
	}
	if len(v) > maxValueLen {
		return 0, ReasonLength
	}
	x, ok = g.intern(ti, v)
	if !ok {
		return 0, ReasonCapacity
	}
	g.tab.insert(h, uint32(x+1), slot)
	return x, ""
}

// found is what identifier returns for a value probe found.
func found(x int32) (int32, Reason) {
	if x == blockedX {
		return 0, ReasonBlocked
	}
	return x, ""
}

// reasonOf returns the Reason of a normaliser error.
func reasonOf(err error) Reason {
	var ie *InvalidError
	if errors.As(err, &ie) && ie.Reason != "" {
		return ie.Reason
	}
	return ReasonMalformed
}

// intern adds a new identifier of type index ti with normal value v, or
// returns false when the graph is full.
func (g *Graph) intern(ti int, v string) (int32, bool) {
	x := g.n
	if x == math.MaxInt32 {
		return 0, false
	}
	ref, ok := g.vals.add(v)
	if !ok {
		return 0, false
	}
	if x>>pageBits == int32(len(g.recs)) {
		g.recs = append(g.recs, make([]rec, pageSize))
		if !g.inlineCounts {
			g.cnts = append(g.cnts, make([]int32, pageSize*len(g.r.limits)))
		}
	}
	g.n++
	*g.at(x) = rec{ref: ref, first: -1, last: -1, uf: -1, next: x, best: x, typ: uint8(ti), btyp: uint8(ti)}
	if s := g.types[ti].limitSlot; s >= 0 {
		g.setCount(x, s, 1)
	}
	g.persons++
	g.byID = nil
	return x, true
}

// source returns the index of source name s.
func (g *Graph) source(s string) int32 {
	if g.lastSrc >= 0 && g.sources[g.lastSrc] == s { // consecutive observations often share a source
		return g.lastSrc
	}
	if i, ok := g.sourceIdx[s]; ok {
		g.lastSrc = i
		return i
	}
	i := int32(len(g.sources))
	g.lastSrc = i
	s = strings.Clone(s)
	g.sources = append(g.sources, s)
	g.sourceIdx[s] = i
	return i
}

// seen records that identifier x was observed by observation o, at t, by
// source src. inOrder says t is no earlier than any observation before o
// (the usual case, which needs no comparison).
func (g *Graph) seen(x, o int32, t int64, src int32, inOrder bool) {
	r := g.at(x)
	switch {
	case r.first < 0:
		r.first, r.last = o, o
	case inOrder:
		r.last = o
	default:
		if t < g.obsTime[r.first] {
			r.first = o
		}
		if t >= g.obsTime[r.last] {
			r.last = o
		}
	}
	if src < 16 {
		r.srcMask |= 1 << uint(src)
		return
	}
	more := g.srcMore[x]
	if !slices.Contains(more, src) {
		g.srcMore[x] = append(more, src)
	}
}

// compareIdent orders identifiers by type priority, then type name, then value.
func (g *Graph) compareIdent(a, b int32) int {
	ra, rb := g.at(a), g.at(b)
	ta, tb := g.types[ra.typ], g.types[rb.typ]
	if c := cmp.Compare(ta.rank, tb.rank); c != 0 {
		return c
	}
	if c := strings.Compare(string(ta.name), string(tb.name)); c != 0 {
		return c
	}
	return bytes.Compare(g.vals.bytes(ra.ref), g.vals.bytes(rb.ref))
}
