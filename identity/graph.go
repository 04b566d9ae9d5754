package identity

import (
	"errors"
	"math"
	"slices"
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
	mu  sync.Mutex
	r   *rules
	idh *idHasher // canonical ID hashes, keyed by Config.Key

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
		idh:       newIDHasher(r.cfg.Key),
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

func checkTime(t time.Time) error {
	if t.IsZero() {
		return errors.Join(ErrInvalidObservation, errors.New("identity: observation has no time"))
	}
	if t.Before(minTime) || t.After(maxTime) {
		return errors.Join(ErrInvalidObservation, errors.New("identity: observation time out of range: "+t.Format(time.RFC3339)))
	}
	return nil
}
