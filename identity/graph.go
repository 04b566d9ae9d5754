package identity

import (
	"bytes"
	"cmp"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
)

// Observation is a set of identifiers seen together, by a source, at a
// time. Identifiers seen together belong to one person, unless a rule
// refuses the link.
type Observation struct {
	Source      string
	ObservedAt  time.Time
	Identifiers []cdp.Identifier
}

// The rules a Conflict names.
const (
	// RuleTypeLimit refuses a link that would give a person more
	// identifiers of one type than Config.Limits allows.
	RuleTypeLimit = "type_limit"
	// RuleMaxIdentifiers refuses a link that would give a person more
	// identifiers than Config.MaxIdentifiers.
	RuleMaxIdentifiers = "max_identifiers"
)

// Graph stitches identifiers into persons. Create one with New or Load.
//
// Observations apply in order of ObservedAt, ties in the order they were
// added, whatever order Add receives them in: an observation older than one
// already applied marks the graph for a rebuild, which the next query
// performs (replaying the compact observation log in order). Within an
// observation, identifiers are sorted by type priority then value; the
// first one is the anchor, and each other identifier is linked to the
// anchor's person unless the merged person would break a rule, in which
// case that one link is refused and recorded as a Conflict while the rest
// of the observation still applies.
//
// A Graph is safe for concurrent use; every method takes one lock.
type Graph struct {
	mu sync.Mutex
	r  *rules

	types   []*typeRules
	tab     table // (type, normal value) → identifier, and the exact blocked values
	blocked []blockedValue
	vals    arena // the bytes of every value

	// Per identifier, in pages of pageSize records so that growing never
	// copies: the record, and the per-type counters of limited types
	// (len(r.limits) per identifier, meaningful at roots).
	recs         [][]rec
	cnts         [][]int32 // limit counters when !inlineCounts
	inlineCounts bool
	n            int32             // identifiers
	srcMore      map[int32][]int32 // sources with index ≥ 16, per identifier
	idCache      [][]string        // person IDs Resolve formatted, per root, in pages allocated on demand

	// Observation log, in the order added.
	sources   []string
	sourceIdx map[string]int32
	lastSrc   int32 // the source of the last observation, or -1
	obsTime   []int64
	obsSrc    []int32
	obsOff    []uint32 // identifiers of observation o: flat[obsOff[o]:obsOff[o+1]]
	flat      []int32

	lastTime    int64
	dirty       bool   // an observation arrived out of order: rebuild before the next query
	links       []link // the unions made, in order, when recordLinks (for Explain)
	recordLinks bool
	conflicts   []conflictRec
	persons     int

	// Counters.
	nObs    int
	dropped map[cdp.IdentifierType]map[Reason]int

	// Observations Add queued, not yet applied (see flush).
	pend    []pending
	pendIDs []cdp.Identifier

	byID    map[string]int32 // person ID → root; nil when stale
	scratch []int32
	hashes  []hashed
	touched uint64 // sink for the prefetching loads
}

const (
	pageBits = 12
	pageSize = 1 << pageBits
)

// rec is what a Graph keeps per identifier: 32 bytes, the bulk of a
// graph's memory.
type rec struct {
	ref     uint32    // the value, in the arena
	first   int32     // the observation that saw it first (earliest time); -1 none yet
	last    int32     // the observation that saw it last (latest time)
	uf      int32     // < 0: a root whose person has -uf identifiers; else the parent
	next    int32     // circular list of the members of a person
	best    int32     // at a root: the top-priority identifier of the person
	lim     [2]uint16 // at a root: the limit counters, when g.inlineCounts
	srcMask uint16    // sources with index < 16
	typ     uint8
	btyp    uint8 // at a root: the type of best
}

// at returns the record of identifier x.
func (g *Graph) at(x int32) *rec { return &g.recs[x>>pageBits][x&(pageSize-1)] }

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

// link is a union made by observation obs between its anchor (its first
// identifier) and identifier b.
type link struct{ b, obs int32 }

// conflictRec is a refused link.
type conflictRec struct {
	a, b, obs int32
	typ       int16 // limited type index for RuleTypeLimit, -1 otherwise
}

// New validates cfg and returns an empty graph. A bad field gives a
// *ConfigError (errors.Is ErrInvalidConfig).
func New(cfg Config) (*Graph, error) {
	r, err := compile(cfg)
	if err != nil {
		return nil, err
	}
	g := &Graph{
		r:         r,
		srcMore:   map[int32][]int32{},
		sourceIdx: map[string]int32{},
		lastSrc:   -1,
		dropped:   map[cdp.IdentifierType]map[Reason]int{},
		obsOff:    []uint32{0},
		lastTime:  math.MinInt64,
		tab:       newTable(),
	}
	g.inlineCounts = len(r.limits) <= 2 && !slices.ContainsFunc(r.limits, func(l int32) bool { return l > math.MaxUint16 })
	// Register the configured types first, in a fixed order.
	for _, t := range r.cfg.Priority {
		g.typeIndex(t)
	}
	for _, t := range r.limTypes {
		g.typeIndex(t)
	}
	// The exact blocked values that are normal go in the table.
	for _, t := range sortedKeys(r.cfg.Blocked) {
		if ti := g.typeIndex(t); ti >= 0 {
			tr := g.types[ti]
			for _, v := range tr.exact {
				if nv, err := tr.normalize(v); err == nil && nv == v {
					g.block(ti, v)
				}
			}
		}
	}
	return g, nil
}

// typeIndex returns the index of type t, registering it when new. It
// returns -1 for an empty type or when the type table is full.
func (g *Graph) typeIndex(t cdp.IdentifierType) int {
	for i, tr := range g.types {
		if tr.name == t {
			return i
		}
	}
	if t == "" || len(g.types) >= maxTypes {
		return -1
	}
	g.types = append(g.types, g.r.newType(t))
	return len(g.types) - 1
}

// lookupType returns the index of type t without registering it, or -1.
func (g *Graph) lookupType(t cdp.IdentifierType) int {
	for i, tr := range g.types {
		if tr.name == t {
			return i
		}
	}
	return -1
}

// minTime and maxTime bound the times a Graph stores as Unix nanoseconds.
var (
	minTime = time.Unix(0, math.MinInt64+1)
	maxTime = time.Unix(0, math.MaxInt64)
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
	lo := int32(len(g.pendIDs))
	g.pendIDs = append(g.pendIDs, obs.Identifiers...)
	g.pend = append(g.pend, pending{source: obs.Source, t: obs.ObservedAt.UnixNano(), lo: lo, hi: int32(len(g.pendIDs))})
	if len(g.pend) >= maxPending {
		g.flush()
	}
	return nil
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

func checkTime(t time.Time) error {
	if t.IsZero() {
		return errors.Join(ErrInvalidObservation, errors.New("identity: observation has no time"))
	}
	if t.Before(minTime) || t.After(maxTime) {
		return errors.Join(ErrInvalidObservation, errors.New("identity: observation time out of range: "+t.Format(time.RFC3339)))
	}
	return nil
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
	slices.SortFunc(ids, g.compareIdent)
	ids = slices.Compact(ids)

	src := g.source(source)
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
	if ra.uf > rb.uf || (ra.uf == rb.uf && a > b) { // a is the smaller person
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
