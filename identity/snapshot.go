package identity

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
)

// The snapshot format: the magic, the version (uvarint), the body, and a
// CRC-32C (Castagnoli) of everything before it, big-endian.
//
// Body of version 2, with integers as (u)varints and strings as a length
// then bytes: the fingerprint of Config.Key (empty without a key; see
// keyFingerprint); the type names; the source names; the identifiers (type
// index, value); the number of observations added; the observation log in
// the order added (time in Unix ns, source index, identifier count,
// identifier indexes); the dropped counters (type, then reason and count).
// Version 1 is version 2 without the fingerprint; Load reads it as saved
// without a key.
const (
	snapshotMagic   = "CDPIDSNP"
	snapshotVersion = 2
)

// maxFingerprint bounds the fingerprint length Load accepts.
const maxFingerprint = 64

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Save writes a snapshot of the graph to w: the observation log, which
// Load replays. It returns the first write error.
func (g *Graph) Save(w io.Writer) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.flush()
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<16)
	e := &encoder{w: bw}
	e.raw([]byte(snapshotMagic))
	e.uvarint(snapshotVersion)
	fp := keyFingerprint(g.r.cfg.Key)
	e.uvarint(uint64(len(fp)))
	e.raw(fp)

	e.uvarint(uint64(len(g.types)))
	for _, tr := range g.types {
		e.str(string(tr.name))
	}
	e.uvarint(uint64(len(g.sources)))
	for _, s := range g.sources {
		e.str(s)
	}
	e.uvarint(uint64(g.n))
	for x := int32(0); x < g.n; x++ {
		r := g.at(x)
		e.uvarint(uint64(r.typ))
		b := g.vals.bytes(r.ref)
		e.uvarint(uint64(len(b)))
		e.raw(b)
	}
	e.uvarint(uint64(g.nObs))
	e.uvarint(uint64(len(g.obsTime)))
	for o := range g.obsTime {
		e.varint(g.obsTime[o])
		e.uvarint(uint64(g.obsSrc[o]))
		ids := g.flat[g.obsOff[o]:g.obsOff[o+1]]
		e.uvarint(uint64(len(ids)))
		for _, x := range ids {
			e.uvarint(uint64(x))
		}
	}
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
// fingerprint want.
func load(r io.Reader, cfg Config, want []byte) (*Graph, error) {
	g, err := New(cfg)
	if err != nil {
		return nil, err
	}
	d := &decoder{r: &crcReader{r: r}}
	snap, err := d.snapshot()
	if err != nil {
		return nil, err
	}
	crc := d.r.sum()
	var sum [4]byte
	if _, err := io.ReadFull(d.r, sum[:]); err != nil {
		return nil, &SnapshotError{Reason: "missing checksum", Err: unexpected(err)}
	}
	if got := binary.BigEndian.Uint32(sum[:]); got != crc {
		return nil, &SnapshotError{Reason: fmt.Sprintf("checksum mismatch: stored %08x, computed %08x", got, crc)}
	}
	if !bytes.Equal(snap.fingerprint, want) {
		return nil, fmt.Errorf("identity: snapshot saved %s, loading %s: %w", describeKey(snap.fingerprint), describeKey(want), ErrKeyMismatch)
	}
	// Intern in the saved order first, so that saving the loaded graph
	// gives the same bytes (a value cfg blocks is not interned).
	for _, t := range snap.types {
		g.typeIndex(t)
	}
	g.tab.reserve(len(snap.idents))
	for _, id := range snap.idents {
		if ti := g.typeIndex(id.Type); ti >= 0 {
			g.identifier(id, hashed{ti: ti, h: g.tab.hash(ti, id.Value)})
		}
	}
	obs := Observation{}
	for _, o := range snap.obs {
		obs.Source = snap.sources[o.src]
		obs.ObservedAt = time.Unix(0, o.time)
		obs.Identifiers = obs.Identifiers[:0]
		for _, x := range o.ids {
			obs.Identifiers = append(obs.Identifiers, snap.idents[x])
		}
		g.queue(obs)
	}
	g.flush()
	g.nObs = snap.nObs
	for t, m := range snap.dropped {
		for r, n := range m {
			if g.dropped[t] == nil {
				g.dropped[t] = map[Reason]int{}
			}
			g.dropped[t][r] += n
		}
	}
	return g, nil
}

// describeKey names a key by its fingerprint, for an error message.
func describeKey(fp []byte) string {
	if len(fp) == 0 {
		return "without a key"
	}
	return fmt.Sprintf("with the key of fingerprint %x", fp[:min(len(fp), 4)])
}

type snapshot struct {
	fingerprint []byte // nil: saved without a key
	types       []cdp.IdentifierType
	sources     []string
	idents      []cdp.Identifier
	nObs        int
	obs         []snapObs
	dropped     map[cdp.IdentifierType]map[Reason]int
}

type snapObs struct {
	time int64
	src  int
	ids  []int32
}

type decoder struct {
	r   *crcReader
	err error
}

// crcReader buffers reads and keeps the CRC-32C of the bytes consumed.
type crcReader struct {
	r        io.Reader
	buf      [64 << 10]byte
	pos, end int
	hashed   int // buf[:hashed] is in crc
	crc      uint32
	err      error
}

func (c *crcReader) fill() error {
	c.sum()
	if c.err != nil {
		return c.err
	}
	n, err := c.r.Read(c.buf[:])
	c.pos, c.end, c.hashed = 0, n, 0
	if n == 0 && err == nil {
		err = io.ErrNoProgress
	}
	if n == 0 {
		c.err = err
		return err
	}
	if err != nil {
		c.err = err // returned once the buffer is consumed
	}
	return nil
}

// sum returns the CRC of every byte consumed so far.
func (c *crcReader) sum() uint32 {
	c.crc = crc32.Update(c.crc, castagnoli, c.buf[c.hashed:c.pos])
	c.hashed = c.pos
	return c.crc
}

// ReadByte implements io.ByteReader.
func (c *crcReader) ReadByte() (byte, error) {
	if c.pos == c.end {
		if err := c.fill(); err != nil {
			return 0, err
		}
	}
	b := c.buf[c.pos]
	c.pos++
	return b, nil
}

// Read implements io.Reader.
func (c *crcReader) Read(p []byte) (int, error) {
	if c.pos == c.end {
		if err := c.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, c.buf[c.pos:c.end])
	c.pos += n
	return n, nil
}

// unexpected turns io.EOF into io.ErrUnexpectedEOF: a snapshot never ends
// early on purpose.
func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

func (d *decoder) fail(reason string, err error) {
	if d.err == nil {
		d.err = &SnapshotError{Reason: reason, Err: err}
	}
}

func (d *decoder) uvarint(what string) uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	if err != nil {
		d.fail("reading "+what, unexpected(err))
		return 0
	}
	return v
}

// count reads a count and checks it against limit.
func (d *decoder) count(what string, limit uint64) int {
	v := d.uvarint(what)
	if d.err != nil {
		return 0
	}
	if v > limit {
		d.fail(fmt.Sprintf("%s: %d exceeds %d", what, v, limit), nil)
		return 0
	}
	return int(v)
}

func (d *decoder) varint(what string) int64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(d.r)
	if err != nil {
		d.fail("reading "+what, unexpected(err))
		return 0
	}
	return v
}

func (d *decoder) bytes(what string) []byte {
	n := d.count(what+" length", maxValueLen)
	if d.err != nil {
		return nil
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.fail("reading "+what, unexpected(err))
		return nil
	}
	return b
}

func (d *decoder) str(what string) string { return string(d.bytes(what)) }

// prealloc bounds the capacity reserved from a count read from the input,
// so a corrupt count cannot make Load allocate gigabytes up front.
func prealloc(n int) int { return min(n, 1<<16) }

func (d *decoder) snapshot() (*snapshot, error) {
	magic := make([]byte, len(snapshotMagic))
	if _, err := io.ReadFull(d.r, magic); err != nil {
		return nil, &SnapshotError{Reason: "reading magic", Err: unexpected(err)}
	}
	if string(magic) != snapshotMagic {
		return nil, &SnapshotError{Reason: "not an identity snapshot (bad magic)"}
	}
	v := d.uvarint("version")
	if d.err == nil && v != 1 && v != snapshotVersion {
		return nil, &SnapshotError{Reason: fmt.Sprintf("unsupported version %d (want 1 or %d)", v, snapshotVersion)}
	}
	s := &snapshot{dropped: map[cdp.IdentifierType]map[Reason]int{}}
	if v >= 2 {
		n := d.count("key fingerprint length", maxFingerprint)
		if d.err == nil && n > 0 {
			s.fingerprint = make([]byte, n)
			if _, err := io.ReadFull(d.r, s.fingerprint); err != nil {
				d.fail("reading key fingerprint", unexpected(err))
			}
		}
	}
	types := make([]cdp.IdentifierType, d.count("type count", maxTypes))
	for i := range types {
		types[i] = cdp.IdentifierType(d.str("type"))
		if d.err == nil && types[i] == "" {
			d.fail("empty type name", nil)
		}
	}
	s.types = types
	ns := d.count("source count", 1<<31)
	s.sources = make([]string, 0, prealloc(ns))
	for i := 0; i < ns && d.err == nil; i++ {
		s.sources = append(s.sources, d.str("source"))
	}
	ni := d.count("identifier count", 1<<31-1)
	s.idents = make([]cdp.Identifier, 0, prealloc(ni))
	for i := 0; i < ni && d.err == nil; i++ {
		t := d.count("identifier type", uint64(max(len(types)-1, 0)))
		v := d.str("identifier value")
		if d.err == nil && len(types) == 0 {
			d.fail("identifier without types", nil)
		}
		if d.err == nil {
			s.idents = append(s.idents, cdp.Identifier{Type: types[t], Value: v})
		}
	}
	s.nObs = d.count("observation count", 1<<62)
	nl := d.count("log length", uint64(s.nObs))
	s.obs = make([]snapObs, 0, prealloc(nl))
	for i := 0; i < nl && d.err == nil; i++ {
		o := snapObs{time: d.varint("observation time")}
		o.src = d.count("observation source", uint64(max(len(s.sources)-1, 0)))
		if d.err == nil && len(s.sources) == 0 {
			d.fail("observation without sources", nil)
		}
		k := d.count("observation size", uint64(ni))
		if d.err == nil && k == 0 {
			d.fail("empty observation", nil)
		}
		o.ids = make([]int32, 0, prealloc(k))
		for j := 0; j < k && d.err == nil; j++ {
			o.ids = append(o.ids, int32(d.count("observation identifier", uint64(max(ni-1, 0)))))
		}
		s.obs = append(s.obs, o)
	}
	nd := d.count("dropped type count", 1<<20)
	for i := 0; i < nd && d.err == nil; i++ {
		t := cdp.IdentifierType(d.str("dropped type"))
		nr := d.count("dropped reason count", 1<<20)
		m := map[Reason]int{}
		for j := 0; j < nr && d.err == nil; j++ {
			r := Reason(d.str("dropped reason"))
			m[r] = d.count("dropped count", 1<<62)
		}
		s.dropped[t] = m
	}
	if d.err != nil {
		return nil, d.err
	}
	return s, nil
}
