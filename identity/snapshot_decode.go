package identity

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"

	"github.com/warrenbrasil/customerdata/cdp"
)

// snapshot is what Load reads besides the graph it builds: the header,
// and, when the values must be interned again (see Graph.replay), the
// identifiers and the log.
type snapshot struct {
	fingerprint []byte // of the key; nil: saved without a key
	intern      []byte // of the interning rules; nil: unknown
	version     int
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
	long     []byte // what next returns when the buffer holds too little
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

// uvarint reads a uvarint, in the buffer when it holds enough bytes (the
// usual case) rather than a byte at a time.
func (c *crcReader) uvarint() (uint64, error) {
	if c.pos < c.end && c.buf[c.pos] < 0x80 {
		v := uint64(c.buf[c.pos])
		c.pos++
		return v, nil
	}
	if c.end-c.pos >= binary.MaxVarintLen64 {
		if v, n := binary.Uvarint(c.buf[c.pos:c.end]); n > 0 {
			c.pos += n
			return v, nil
		}
	}
	return binary.ReadUvarint(c) // near the end of the buffer, or an error
}

// next returns the next n bytes, valid until the next read.
func (c *crcReader) next(n int) ([]byte, error) {
	if c.end-c.pos >= n {
		b := c.buf[c.pos : c.pos+n : c.pos+n]
		c.pos += n
		return b, nil
	}
	if cap(c.long) < n {
		c.long = make([]byte, n)
	}
	b := c.long[:n]
	_, err := io.ReadFull(c, b)
	return b, err
}

// readFull fills p. Past what the buffer holds, a large p is read
// straight from the underlying reader, without copying it through the
// buffer.
func (c *crcReader) readFull(p []byte) error {
	n := copy(p, c.buf[c.pos:c.end])
	c.pos += n
	p = p[n:]
	if len(p) < len(c.buf) {
		_, err := io.ReadFull(c, p)
		return err
	}
	c.sum()
	c.pos, c.end, c.hashed = 0, 0, 0
	if c.err != nil {
		return c.err
	}
	k, err := io.ReadFull(c.r, p)
	c.crc = crc32.Update(c.crc, castagnoli, p[:k])
	if err != nil {
		c.err = err
	}
	return err
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
	v, err := d.r.uvarint()
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
	ux := d.uvarint(what)
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

// next reads a byte string of at most limit bytes, valid until the next
// read.
func (d *decoder) next(what string, limit uint64) []byte {
	if d.err != nil {
		return nil
	}
	n, err := d.r.uvarint()
	if err != nil {
		d.fail("reading "+what+" length", unexpected(err))
		return nil
	}
	if n > limit {
		d.fail(fmt.Sprintf("%s length: %d exceeds %d", what, n, limit), nil)
		return nil
	}
	b, err := d.r.next(int(n))
	if err != nil {
		d.fail("reading "+what, unexpected(err))
		return nil
	}
	return b
}

func (d *decoder) str(what string) string { return string(d.next(what, maxValueLen)) }

// fingerprint reads a fingerprint: nil when empty.
func (d *decoder) fingerprint(what string) []byte {
	b := d.next(what, maxFingerprint)
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}

// prealloc bounds the capacity reserved from a count read from the input,
// so a corrupt count cannot make Load allocate gigabytes up front.
func prealloc(n int) int { return min(n, 1<<16) }

// header reads the snapshot up to the identifiers: magic, version,
// fingerprints, types and sources.
func (d *decoder) header() (*snapshot, error) {
	magic := make([]byte, len(snapshotMagic))
	if _, err := io.ReadFull(d.r, magic); err != nil {
		return nil, &SnapshotError{Reason: "reading magic", Err: unexpected(err)}
	}
	if string(magic) != snapshotMagic {
		return nil, &SnapshotError{Reason: "not an identity snapshot (bad magic)"}
	}
	v := d.uvarint("version")
	if d.err == nil && (v < 1 || v > snapshotVersion) {
		return nil, &SnapshotError{Reason: fmt.Sprintf("unsupported version %d (want 1 to %d)", v, snapshotVersion)}
	}
	s := &snapshot{dropped: map[cdp.IdentifierType]map[Reason]int{}, version: int(v)}
	if v >= 2 {
		s.fingerprint = d.fingerprint("key fingerprint")
	}
	if v >= 3 {
		s.intern = d.fingerprint("interning fingerprint")
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
	if d.err != nil {
		return nil, d.err
	}
	return s, nil
}

// body reads the identifiers and the log into s, for Graph.replay.
func (d *decoder) body(s *snapshot) {
	ni := d.count("identifier count", 1<<31-1)
	s.idents = make([]cdp.Identifier, 0, prealloc(ni))
	for i := 0; i < ni && d.err == nil; i++ {
		t := d.count("identifier type", uint64(max(len(s.types)-1, 0)))
		v := d.str("identifier value")
		if d.err == nil && len(s.types) == 0 {
			d.fail("identifier without types", nil)
		}
		if d.err == nil {
			s.idents = append(s.idents, cdp.Identifier{Type: s.types[t], Value: v})
		}
	}
	s.nObs = d.count("observation count", 1<<62)
	nl := d.count("log length", uint64(s.nObs))
	s.obs = make([]snapObs, 0, prealloc(nl))
	for i := 0; i < nl && d.err == nil; i++ {
		o := snapObs{time: d.varint("observation time")}
		o.src = d.source(s)
		k := d.size(ni)
		o.ids = make([]int32, 0, prealloc(k))
		for j := 0; j < k && d.err == nil; j++ {
			o.ids = append(o.ids, int32(d.count("observation identifier", uint64(max(ni-1, 0)))))
		}
		s.obs = append(s.obs, o)
	}
}

// source reads the source index of an observation.
func (d *decoder) source(s *snapshot) int {
	src := d.count("observation source", uint64(max(len(s.sources)-1, 0)))
	if d.err == nil && len(s.sources) == 0 {
		d.fail("observation without sources", nil)
	}
	return src
}

// size reads the identifier count of an observation, of ni identifiers in
// all.
func (d *decoder) size(ni int) int {
	k := d.count("observation size", uint64(ni))
	if d.err == nil && k == 0 {
		d.fail("empty observation", nil)
	}
	return k
}

// droppedCounts reads the dropped counters into s.
func (d *decoder) droppedCounts(s *snapshot) {
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
}
