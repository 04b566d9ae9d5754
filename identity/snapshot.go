package identity

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"slices"
	"time"
)

// The snapshot format: the magic, the version (uvarint), the body, and a
// CRC-32C (Castagnoli) of everything before it, big-endian.
//
// Body of version 3, with integers as (u)varints and strings and byte
// strings as a length then bytes: the fingerprint of Config.Key (empty
// without a key; see keyFingerprint); the fingerprint of the interning
// rules (empty with caller normalisers; see internFingerprint); the type
// names; the source names; the identifiers (type index, value); the number
// of observations added; the observation log in the order added (time in
// Unix ns, source index, identifier count, identifier indexes); the
// dropped counters (type, then reason and count). Version 2 is version 3
// without the interning fingerprint, and version 1 is version 2 without
// the key fingerprint (Load reads it as saved without a key). Version 4,
// which Save writes, stores the identifiers and the log of version 3 as
// blocks of fixed-size integers and the value arena itself (see
// saveBody4).
const (
	snapshotMagic   = "CDPIDSNP"
	snapshotVersion = 4
)

// maxFingerprint bounds the fingerprint length Load accepts.
const maxFingerprint = 64

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Save writes a snapshot of the graph to w: the identifiers and the
// observation log, which Load stitches again. It returns the first write
// error. The bytes depend only on the observations added, in their order,
// and the config: saving a loaded graph gives the bytes saved.
func (g *Graph) Save(w io.Writer) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.flush()
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<16)
	e := &encoder{w: bw}
	e.raw([]byte(snapshotMagic))
	e.uvarint(snapshotVersion)
	for _, fp := range [][]byte{keyFingerprint(g.r.cfg.Key), internFingerprint(&g.r.cfg)} {
		e.uvarint(uint64(len(fp)))
		e.raw(fp)
	}

	e.uvarint(uint64(len(g.types)))
	for _, tr := range g.types {
		e.str(string(tr.name))
	}
	e.uvarint(uint64(len(g.sources)))
	for _, s := range g.sources {
		e.str(s)
	}
	g.saveBody4(e)
	types := slices.Sorted(maps.Keys(g.dropped))
	e.uvarint(uint64(len(types)))
	for _, t := range types {
		e.str(string(t))
		reasons := slices.Sorted(maps.Keys(g.dropped[t]))
		e.uvarint(uint64(len(reasons)))
		for _, r := range reasons {
			e.str(string(r))
			e.uvarint(uint64(g.dropped[t][r]))
		}
	}
	if e.err != nil {
		return e.err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc.Sum32())
	_, err := w.Write(sum[:])
	return err
}

type encoder struct {
	w   *bufio.Writer
	err error
	buf [binary.MaxVarintLen64]byte
}

func (e *encoder) raw(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}
func (e *encoder) uvarint(v uint64) { e.raw(e.buf[:binary.PutUvarint(e.buf[:], v)]) }
func (e *encoder) varint(v int64)   { e.raw(e.buf[:binary.PutVarint(e.buf[:], v)]) }
func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

// Load reads a snapshot written by Save and returns a graph with the rules
// of cfg, as if every saved observation had been added to New(cfg) in the
// order it was first added (so a value cfg blocks links nothing). Adding
// observations afterwards gives the same graph as one run over all of
// them. A bad cfg gives a *ConfigError; a truncated, corrupt or
// unknown-version snapshot gives a *SnapshotError (errors.Is
// ErrCorruptSnapshot) and no graph. A snapshot saved under another
// Config.Key than cfg's (or with a key when cfg has none, or the reverse)
// is refused with an error matching ErrKeyMismatch: its persons would get
// other IDs than the ones the jobs that saved it published.
//
// The graph is the same whatever cfg, but Load is several times faster
// when cfg blocks and normalises values as the saving graph's config did
// (the usual case: the same Blocked, BlockedPatterns and
// RepairLegacyMobile, no Normalizers, and a snapshot of version 3 or
// later): the saved values are then interned as they are (from version 4,
// the saved value arena becomes the graph's, and the table of values is
// filled on a second goroutine while the log is stitched). Otherwise
// every saved value goes through cfg's normalisers and blocklists again,
// as Add would. Limits and MaxIdentifiers may differ without slowing
// Load: the log is stitched again under cfg's in either case. A Priority
// that orders the saved types otherwise costs a sort per observation.
func Load(r io.Reader, cfg Config) (*Graph, error) {
	return load(r, cfg, keyFingerprint(cfg.Key))
}

// LoadRekeyed is Load for a key rotation: it reads a snapshot saved under
// oldKey (nil or empty: saved without a key) and returns a graph with the
// rules and the key of cfg; saving it records cfg's key. The persons are
// the same; their IDs change. Map each old ID to its new one with
// KeyedCanonicalID(oldKey, id) and Graph.CanonicalID(id) of the person's
// first identifier (Person.Identifiers[0]) before publishing new IDs. A
// snapshot saved under another key than oldKey gives ErrKeyMismatch.
func LoadRekeyed(r io.Reader, cfg Config, oldKey []byte) (*Graph, error) {
	if len(oldKey) > 0 && len(oldKey) < MinKeyLen {
		return nil, &ConfigError{Field: "oldKey", Reason: fmt.Sprintf("must be at least %d bytes, got %d", MinKeyLen, len(oldKey))}
	}
	return load(r, cfg, keyFingerprint(oldKey))
}

// load is Load of a snapshot that must have been saved under the key with
// fingerprint want. It builds the graph as it reads and checks the
// checksum, then the key, at the end.
func load(r io.Reader, cfg Config, want []byte) (*Graph, error) {
	g, err := New(cfg)
	if err != nil {
		return nil, err
	}
	d := &decoder{r: &crcReader{r: r}}
	s, err := d.header()
	if err != nil {
		return nil, err
	}
	// Intern the types in the saved order first, so that saving the
	// loaded graph gives the same bytes.
	typeMap := make([]int, len(s.types))
	for i, t := range s.types {
		typeMap[i] = g.typeIndex(t)
	}
	direct := !slices.Contains(typeMap, -1) && len(s.intern) > 0 && bytes.Equal(s.intern, internFingerprint(&g.r.cfg))
	switch {
	case s.version >= 4:
		d.body4(g, s, typeMap, direct)
	case direct:
		d.bodyDirect(g, s, typeMap)
	default:
		d.body(s)
	}
	d.droppedCounts(s)
	if d.err != nil {
		return nil, d.err
	}
	crc := d.r.sum()
	var sum [4]byte
	if _, err := io.ReadFull(d.r, sum[:]); err != nil {
		return nil, &SnapshotError{Reason: "missing checksum", Err: unexpected(err)}
	}
	if got := binary.BigEndian.Uint32(sum[:]); got != crc {
		return nil, &SnapshotError{Reason: fmt.Sprintf("checksum mismatch: stored %08x, computed %08x", got, crc)}
	}
	if !bytes.Equal(s.fingerprint, want) {
		return nil, fmt.Errorf("identity: snapshot saved %s, loading %s: %w", describeKey(s.fingerprint), describeKey(want), ErrKeyMismatch)
	}
	if !direct {
		g.replay(s)
	}
	g.nObs = s.nObs
	for t, m := range s.dropped {
		for r, n := range m {
			if g.dropped[t] == nil {
				g.dropped[t] = map[Reason]int{}
			}
			g.dropped[t][r] += n
		}
	}
	return g, nil
}

// replay adds the identifiers and the observations of s, read by body, as
// Add would: each value is normalised and checked against the blocklists
// of g's config (a value it blocks is not interned).
func (g *Graph) replay(s *snapshot) {
	g.tab.reserve(len(s.idents))
	for _, id := range s.idents {
		if ti := g.typeIndex(id.Type); ti >= 0 {
			g.identifier(id, hashed{ti: ti, h: g.tab.hash(ti, id.Value)})
		}
	}
	obs := Observation{}
	for _, o := range s.obs {
		obs.Source = s.sources[o.src]
		obs.ObservedAt = time.Unix(0, o.time)
		obs.Identifiers = obs.Identifiers[:0]
		for _, x := range o.ids {
			obs.Identifiers = append(obs.Identifiers, s.idents[x])
		}
		g.queue(obs)
	}
	g.flush()
}

// describeKey names a key by its fingerprint, for an error message.
func describeKey(fp []byte) string {
	if len(fp) == 0 {
		return "without a key"
	}
	return fmt.Sprintf("with the key of fingerprint %x", fp[:min(len(fp), 4)])
}
