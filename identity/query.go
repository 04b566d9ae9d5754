package identity

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"iter"
	"maps"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
)

// Person is one stitched person: a canonical ID and every identifier that
// reaches them, sorted by type priority then value.
type Person struct {
	ID          string
	Identifiers []Seen
}

// Seen is an identifier of a person with when it was first and last
// observed (in UTC) and the sources that observed it, sorted by name.
type Seen struct {
	Identifier cdp.Identifier
	FirstSeen  time.Time
	LastSeen   time.Time
	Sources    []string
}

// Latest returns the most recently observed identifier of type t (ties:
// the smallest value), and false when the person has none.
func (p Person) Latest(t cdp.IdentifierType) (cdp.Identifier, bool) {
	var best *Seen
	for i := range p.Identifiers {
		s := &p.Identifiers[i]
		if s.Identifier.Type != t {
			continue
		}
		if best == nil || s.LastSeen.After(best.LastSeen) ||
			(s.LastSeen.Equal(best.LastSeen) && s.Identifier.Value < best.Identifier.Value) {
			best = s
		}
	}
	if best == nil {
		return cdp.Identifier{}, false
	}
	return best.Identifier, true
}

// Of returns the person's identifiers of type t, in value order.
func (p Person) Of(t cdp.IdentifierType) []Seen {
	var out []Seen
	for _, s := range p.Identifiers {
		if s.Identifier.Type == t {
			out = append(out, s)
		}
	}
	return out
}

// CanonicalID returns the unkeyed ID of the person whose top-priority
// identifier is id, the ID a Graph without Config.Key gives: a prefix
// naming the type ("u_" user_id, "c_" cpf, "e_" email, "p_" phone, "h_"
// hubspot_id, "a_" anonymous_id, "x_" any other type) followed by the
// first 16 hex digits of SHA-256(type + ":" + value). id must be
// normalised. The result is stable from run to run, so jobs on separate
// partitions agree on it; a never-observed identifier can be given the ID
// of a person of its own this way. Anyone can recompute it from a
// candidate value, so it does not hide a CPF or an e-mail address: see
// Config.Key, KeyedCanonicalID and Graph.CanonicalID.
func CanonicalID(id cdp.Identifier) string {
	return formatID(prefixOf(id.Type), hashOf(id.Type, []byte(id.Value)))
}

// KeyedCanonicalID returns the ID a Graph whose Config.Key is key gives the
// person whose top-priority identifier is id (normalised): the type prefix
// and the first 16 hex digits of HMAC-SHA-256(key, type + ":" + value). An
// empty key gives CanonicalID. It serves to map the IDs of one key to
// another's when a key is rotated (see LoadRekeyed).
func KeyedCanonicalID(key []byte, id cdp.Identifier) string {
	return formatID(prefixOf(id.Type), newIDHasher(key).hash(id.Type, []byte(id.Value)))
}

// CanonicalID returns the ID this graph gives the person whose
// top-priority identifier is id (normalised): KeyedCanonicalID with the
// graph's Config.Key, or CanonicalID when it has none.
func (g *Graph) CanonicalID(id cdp.Identifier) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return formatID(prefixOf(id.Type), g.idh.hash(id.Type, []byte(id.Value)))
}

// hashOf returns the first 64 bits of SHA-256(t + ":" + v).
func hashOf(t cdp.IdentifierType, v []byte) uint64 {
	h := sha256.New()
	h.Write([]byte(t))
	h.Write([]byte{':'})
	h.Write(v)
	var sum [sha256.Size]byte
	return binary.BigEndian.Uint64(h.Sum(sum[:0]))
}

// idHasher hashes canonical IDs: SHA-256 without a key, HMAC-SHA-256 with
// one, reusing its state and buffers (a Graph uses its hasher under its
// lock; it is not safe for concurrent use).
type idHasher struct {
	mac hash.Hash // nil without a key
	buf []byte
	sum [sha256.Size]byte
}

func newIDHasher(key []byte) *idHasher {
	if len(key) == 0 {
		return &idHasher{}
	}
	return &idHasher{mac: hmac.New(sha256.New, key)}
}

// hash returns the first 64 bits of the (keyed) hash of t + ":" + v.
func (h *idHasher) hash(t cdp.IdentifierType, v []byte) uint64 {
	if h.mac == nil {
		return hashOf(t, v)
	}
	h.buf = append(append(append(h.buf[:0], t...), ':'), v...)
	h.mac.Reset()
	h.mac.Write(h.buf)
	return binary.BigEndian.Uint64(h.mac.Sum(h.sum[:0]))
}

// keyFingerprint identifies a key without revealing it: the first 16
// bytes of HMAC-SHA-256(key, a fixed label), or nil for no key.
func keyFingerprint(key []byte) []byte {
	if len(key) == 0 {
		return nil
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("customerdata/identity: key fingerprint v1"))
	return mac.Sum(nil)[:16]
}

func formatID(prefix string, h uint64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], h)
	var out [24]byte
	n := copy(out[:], prefix)
	hex.Encode(out[n:], b[:])
	return string(out[:n+16])
}

// ident returns identifier x as a cdp.Identifier.
func (g *Graph) ident(x int32) cdp.Identifier {
	r := g.at(x)
	return cdp.Identifier{Type: g.types[r.typ].name, Value: string(g.vals.bytes(r.ref))}
}

// personID returns the canonical ID of the person whose root is r.
func (g *Graph) personID(r int32) string {
	b := g.at(g.at(r).best)
	tr := g.types[b.typ]
	return formatID(tr.prefix, g.idh.hash(tr.name, g.vals.bytes(b.ref)))
}

// cachedPersonID is personID, remembered per root until the person
// changes, so that resolving a person's identifiers over and over formats
// its ID once. The cache costs 16 bytes per identifier of each page of
// 4,096 identifiers it is used in.
func (g *Graph) cachedPersonID(r int32) string {
	page := int(r >> pageBits)
	if page >= len(g.idCache) {
		g.idCache = append(g.idCache, make([][]string, page+1-len(g.idCache))...)
	}
	p := g.idCache[page]
	if p == nil {
		p = make([]string, pageSize)
		g.idCache[page] = p
	}
	id := &p[r&(pageSize-1)]
	if *id == "" {
		*id = g.personID(r)
	}
	return *id
}

// forgetID drops the cached ID of root r, whose person changed.
func (g *Graph) forgetID(r int32) {
	if page := int(r >> pageBits); page < len(g.idCache) && g.idCache[page] != nil {
		g.idCache[page][r&(pageSize-1)] = ""
	}
}

// lookup finds identifier id, normalising it when it is not found as is.
// g.mu is held.
func (g *Graph) lookup(id cdp.Identifier) (int32, bool) {
	ti := g.lookupType(id.Type)
	if ti < 0 {
		return 0, false
	}
	if x, _, ok := g.probe(ti, id.Value, g.tab.hash(ti, id.Value)); ok {
		return x, x != blockedX
	}
	v, err := g.types[ti].normalize(id.Value)
	if err != nil || v == id.Value {
		return 0, false
	}
	x, _, ok := g.probe(ti, v, g.tab.hash(ti, v))
	return x, ok && x != blockedX
}

// Normalize returns id with its value normalised by the graph's normaliser
// for its type, or an *InvalidError (errors.Is ErrInvalid). It does not
// check the blocklist.
func (g *Graph) Normalize(id cdp.Identifier) (cdp.Identifier, error) {
	if id.Type == "" {
		return id, invalid(id.Type, id.Value, ReasonType)
	}
	g.mu.Lock()
	tr := g.rulesOf(id.Type)
	g.mu.Unlock()
	v, err := tr.normalize(id.Value)
	if err != nil {
		return id, &InvalidError{Type: id.Type, Value: id.Value, Reason: reasonOf(err)}
	}
	return cdp.Identifier{Type: id.Type, Value: v}, nil
}

// rulesOf returns the rules of t: the graph's if registered, else freshly
// compiled (without registering t). g.mu is held.
func (g *Graph) rulesOf(t cdp.IdentifierType) *typeRules {
	if ti := g.lookupType(t); ti >= 0 {
		return g.types[ti]
	}
	return g.r.newType(t)
}

// Resolve returns the canonical ID of the person id belongs to. The value
// is normalised first (a value already normal is found without
// normalising). It returns false for an identifier never observed, invalid
// or blocked.
func (g *Graph) Resolve(id cdp.Identifier) (personID string, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ensure()
	x, ok := g.lookup(id)
	if !ok {
		return "", false
	}
	return g.cachedPersonID(g.find(x)), true
}

// ResolveRow returns the person behind a row that carries several
// identifiers (a position's user_id and CPF, say): the person of the first
// identifier, in the order given, that the graph knows. When none is known
// the row is a person of its own, whose ID is CanonicalID of its first
// valid identifier (keyed like every other ID), and linked is false. Values
// are normalised first; empty, invalid and blocked ones are skipped. ok is
// false when no identifier is usable.
func (g *Graph) ResolveRow(ids ...cdp.Identifier) (personID string, linked, ok bool) {
	for _, id := range ids {
		if id.Value == "" {
			continue
		}
		if p, found := g.Resolve(id); found {
			return p, true, true
		}
	}
	for _, id := range ids {
		if id.Value == "" {
			continue
		}
		v, err := Normalize(id.Type, id.Value)
		if err != nil {
			continue
		}
		return g.CanonicalID(cdp.Identifier{Type: id.Type, Value: v}), false, true
	}
	return "", false, false
}

// Person returns the person with canonical ID personID.
func (g *Graph) Person(personID string) (Person, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ensure()
	if g.byID == nil {
		g.byID = make(map[string]int32, g.persons)
		for x := int32(0); x < g.n; x++ {
			if g.at(x).uf < 0 {
				g.byID[g.personID(x)] = x
			}
		}
	}
	r, ok := g.byID[personID]
	if !ok {
		return Person{}, false
	}
	return g.person(r, personID), true
}

// PersonOf returns the person id belongs to (normalised first).
func (g *Graph) PersonOf(id cdp.Identifier) (Person, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ensure()
	x, ok := g.lookup(id)
	if !ok {
		return Person{}, false
	}
	r := g.find(x)
	return g.person(r, g.personID(r)), true
}

// person builds the person whose root is r. g.mu is held.
func (g *Graph) person(r int32, id string) Person {
	members := make([]int32, 0, -g.at(r).uf)
	for x := r; ; {
		members = append(members, x)
		x = g.at(x).next
		if x == r {
			break
		}
	}
	slices.SortFunc(members, g.compareIdent)
	p := Person{ID: id, Identifiers: make([]Seen, len(members))}
	for i, x := range members {
		r := g.at(x)
		p.Identifiers[i] = Seen{
			Identifier: g.ident(x),
			FirstSeen:  g.timeOf(r.first),
			LastSeen:   g.timeOf(r.last),
			Sources:    g.sourcesOf(x),
		}
	}
	return p
}

// timeOf returns the time of observation o in UTC, or the zero time for -1.
func (g *Graph) timeOf(o int32) time.Time {
	if o < 0 {
		return time.Time{}
	}
	return time.Unix(0, g.obsTime[o]).UTC()
}

func (g *Graph) sourcesOf(x int32) []string {
	var out []string
	for m := g.at(x).srcMask; m != 0; m &= m - 1 {
		out = append(out, g.sources[lowBit(m)])
	}
	for _, s := range g.srcMore[x] {
		out = append(out, g.sources[s])
	}
	slices.Sort(out)
	return out
}

func lowBit(m uint16) int { return bits.TrailingZeros16(m) }

// Persons returns every person, sorted by ID. The persons are computed
// when the iteration starts; the graph is not locked while the caller's
// loop body runs.
func (g *Graph) Persons() iter.Seq[Person] {
	return func(yield func(Person) bool) {
		g.mu.Lock()
		g.ensure()
		type root struct {
			id string
			r  int32
		}
		roots := make([]root, 0, g.persons)
		for x := int32(0); x < g.n; x++ {
			if g.at(x).uf < 0 {
				roots = append(roots, root{g.personID(x), x})
			}
		}
		slices.SortFunc(roots, func(a, b root) int { return strings.Compare(a.id, b.id) })
		persons := make([]Person, len(roots))
		for i, rt := range roots {
			persons[i] = g.person(rt.r, rt.id)
		}
		g.mu.Unlock()
		for _, p := range persons {
			if !yield(p) {
				return
			}
		}
	}
}

// Conflict is a link an observation asked for and a rule refused: the
// observation (with its identifiers normalised and sorted), the two
// identifiers that were not linked (the observation's anchor first), the
// rule (RuleTypeLimit or RuleMaxIdentifiers) and, for RuleTypeLimit, the
// type whose limit would have been exceeded.
type Conflict struct {
	Observation Observation
	Identifiers []cdp.Identifier
	Rule        string
	Type        cdp.IdentifierType
}

// Conflicts returns every refused link, in the order observations apply.
func (g *Graph) Conflicts() []Conflict {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ensure()
	out := make([]Conflict, len(g.conflicts))
	for i, c := range g.conflicts {
		out[i] = g.conflict(c)
	}
	return out
}

func (g *Graph) conflict(c conflictRec) Conflict {
	out := Conflict{
		Observation: g.observation(c.obs),
		Identifiers: []cdp.Identifier{g.ident(c.a), g.ident(c.b)},
		Rule:        RuleMaxIdentifiers,
	}
	if c.typ >= 0 {
		out.Rule = RuleTypeLimit
		out.Type = g.r.limTypes[c.typ]
	}
	return out
}

// observation rebuilds observation o from the log.
func (g *Graph) observation(o int32) Observation {
	ids := g.flat[g.obsOff[o]:g.obsOff[o+1]]
	out := Observation{
		Source:      g.sources[g.obsSrc[o]],
		ObservedAt:  time.Unix(0, g.obsTime[o]).UTC(),
		Identifiers: make([]cdp.Identifier, len(ids)),
	}
	for i, x := range ids {
		out.Identifiers[i] = g.ident(x)
	}
	return out
}

// Stats counts what a graph holds and what it dropped.
type Stats struct {
	Observations int // observations added (including those left with no identifier)
	Identifiers  int // distinct identifiers
	Persons      int
	Links        int // links made
	Conflicts    int // links refused
	// Dropped counts identifiers dropped, per type and reason (invalid
	// values and ReasonBlocked).
	Dropped map[cdp.IdentifierType]map[Reason]int
}

// Stats returns the graph's counters.
func (g *Graph) Stats() Stats {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ensure()
	d := make(map[cdp.IdentifierType]map[Reason]int, len(g.dropped))
	for t, m := range g.dropped {
		d[t] = maps.Clone(m)
	}
	return Stats{
		Observations: g.nObs,
		Identifiers:  int(g.n),
		Persons:      g.persons,
		Links:        int(g.n) - g.persons, // each link merged two persons
		Conflicts:    len(g.conflicts),
		Dropped:      d,
	}
}
