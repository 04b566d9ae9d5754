package identity

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
)

// The readers follow the module's NDJSON reading policy (see
// cdp.DefaultMaxLineBytes): a line over the limit is a bad line and reading
// goes on; the first bad lines are kept, the rest only counted.
const (
	// MaxLineBytes is the longest NDJSON line the readers accept, not
	// counting the line ending: cdp.DefaultMaxLineBytes (1 MiB). A longer
	// line is a *LineError wrapping ErrLineTooLong, and reading goes on.
	MaxLineBytes = cdp.DefaultMaxLineBytes
	// MaxLineErrors is how many bad lines ReadStats.Errors keeps:
	// cdp.DefaultMaxErrors (50). BadLines counts them all.
	MaxLineErrors = cdp.DefaultMaxErrors
)

// ReadStats reports what an NDJSON reader did.
type ReadStats struct {
	Lines        int // lines read, blank ones included
	Observations int // observations passed on (with at least one valid identifier)
	Empty        int // good lines whose identifiers were all dropped
	Identifiers  int // identifiers passed on
	BadLines     int // lines rejected (see Errors)
	// Seen counts the identifiers of good lines per type, before
	// normalisation: a caller can tell a type it does not use (a typo such
	// as "e_mail") from one that is absent.
	Seen map[cdp.IdentifierType]int
	// Errors holds the first MaxLineErrors bad lines, in input order.
	Errors []*LineError
	// Dropped counts identifiers dropped, per type and reason.
	Dropped map[cdp.IdentifierType]map[Reason]int
}

// Err returns the bad lines as one error, or nil when every line was good:
// errors.Join of Errors (one a line) and, when more were counted than kept,
// a last line "and 9,950 more bad lines".
func (s ReadStats) Err() error {
	if s.BadLines == 0 {
		return nil
	}
	errs := make([]error, 0, len(s.Errors)+1)
	for _, e := range s.Errors {
		errs = append(errs, e)
	}
	if s.BadLines > len(s.Errors) {
		errs = append(errs, moreBadLines(s.BadLines-len(s.Errors)))
	}
	return errors.Join(errs...)
}

func (s *ReadStats) drop(t cdp.IdentifierType, r Reason) {
	if s.Dropped == nil {
		s.Dropped = map[cdp.IdentifierType]map[Reason]int{}
	}
	m := s.Dropped[t]
	if m == nil {
		m = map[Reason]int{}
		s.Dropped[t] = m
	}
	m[r]++
}

// utf8BOM is the byte-order mark some tools write at the start of UTF-8.
var utf8BOM = []byte("\ufeff")

func (s *ReadStats) see(ids []cdp.Identifier) {
	if s.Seen == nil {
		s.Seen = make(map[cdp.IdentifierType]int)
	}
	for _, id := range ids {
		s.Seen[id.Type]++
	}
}

func (s *ReadStats) bad(line int, err error) {
	s.BadLines++
	if len(s.Errors) < MaxLineErrors {
		s.Errors = append(s.Errors, &LineError{Line: line, Err: err})
	}
}

// ReadObservations reads NDJSON observations from r, one a line:
//
//	{"source":"crm","observed_at":"2026-11-20T10:00:00Z","identifiers":{"user_id":"u-1","email":"Ana@Example.com"}}
//
// observed_at is RFC 3339; identifiers maps a type to a string value (or
// a list of strings, for several values of one type). Each value is
// normalised with the standard normaliser of its type (NormalizeID for
// other types); an invalid one is dropped and counted in
// ReadStats.Dropped, not fatal. Identifiers are passed on sorted by type
// then value. Blank lines are skipped.
//
// A bad line (bad JSON, a missing or invalid observed_at, no identifiers
// object or an empty one, a value that is not a string) is counted and kept
// in ReadStats.Errors as a *LineError with its 1-based line number, and
// reading goes on; ReadStats.Err returns them as one error. fn is called
// for each observation with at least one valid identifier; reading stops
// at the first error fn returns, which ReadObservations returns as is. The
// returned error is otherwise only a read error of r.
func ReadObservations(r io.Reader, fn func(Observation) error) (ReadStats, error) {
	var st ReadStats
	err := readLines(r, &st, func(obs Observation) error {
		ids := obs.Identifiers[:0]
		for _, id := range obs.Identifiers {
			if id.Type == "" {
				st.drop(id.Type, ReasonType)
				continue
			}
			v, err := standardNormalizer(id.Type)(id.Value)
			if err != nil {
				st.drop(id.Type, reasonOf(err))
				continue
			}
			ids = append(ids, cdp.Identifier{Type: id.Type, Value: v})
		}
		if len(ids) == 0 {
			st.Empty++
			return nil
		}
		slices.SortFunc(ids, func(a, b cdp.Identifier) int {
			if c := strings.Compare(string(a.Type), string(b.Type)); c != 0 {
				return c
			}
			return strings.Compare(a.Value, b.Value)
		})
		obs.Identifiers = ids
		st.Observations++
		st.Identifiers += len(ids)
		return fn(obs)
	})
	return st, err
}

// ReadNDJSON reads NDJSON observations from r (the format of
// ReadObservations) and adds each to the graph, normalising with the
// graph's rules; dropped identifiers (invalid or blocked) are counted in
// the returned ReadStats as well as in Stats. The error is a read error of
// r; bad lines are in ReadStats (see ReadStats.Err).
func (g *Graph) ReadNDJSON(r io.Reader) (ReadStats, error) {
	var st ReadStats
	err := readLines(r, &st, func(obs Observation) error {
		g.mu.Lock()
		defer g.mu.Unlock()
		before := st.dropCount()
		g.add(obs, st.drop)
		kept := len(obs.Identifiers) - (st.dropCount() - before)
		if kept == 0 {
			st.Empty++
			return nil
		}
		st.Observations++
		st.Identifiers += kept
		return nil
	})
	return st, err
}

func (s *ReadStats) dropCount() int {
	n := 0
	for _, m := range s.Dropped {
		for _, c := range m {
			n += c
		}
	}
	return n
}

// line is the JSON form of an observation.
type line struct {
	Source      *string                    `json:"source"`
	ObservedAt  *string                    `json:"observed_at"`
	Identifiers map[string]json.RawMessage `json:"identifiers"`
}

// readLines decodes r line by line, calling fn with each good line's
// observation (identifiers raw, sorted by type then value).
func readLines(r io.Reader, st *ReadStats, fn func(Observation) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	for {
		var tooLong bool
		var err error
		buf, tooLong, err = readLine(br, buf)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if st.Lines == 0 {
			buf = bytes.TrimPrefix(buf, utf8BOM) // as the CSV readers do
		}
		if len(buf) > 0 || tooLong {
			st.Lines++
			if tooLong {
				st.bad(st.Lines, ErrLineTooLong)
			} else if obs, lerr := parseLine(buf); lerr != nil {
				st.bad(st.Lines, lerr)
			} else if obs != nil {
				st.see(obs.Identifiers)
				if ferr := fn(*obs); ferr != nil {
					return ferr
				}
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
	}
}

// readLine reads the next line into buf[:0], with its line ending. A line
// longer than MaxLineBytes without its ending is consumed but not kept
// (memory stays bounded) and reported with tooLong and no bytes. err is io.EOF at the
// end of the input, or the read error.
func readLine(br *bufio.Reader, buf []byte) (line []byte, tooLong bool, err error) {
	buf = buf[:0]
	for {
		var chunk []byte
		chunk, err = br.ReadSlice('\n')
		if !tooLong && len(buf)+len(chunk) <= MaxLineBytes+2 {
			buf = append(buf, chunk...)
		} else {
			tooLong = true
			buf = buf[:0]
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			break
		}
	}
	if !tooLong {
		body := bytes.TrimSuffix(buf, []byte("\n"))
		tooLong = len(bytes.TrimSuffix(body, []byte("\r"))) > MaxLineBytes
	}
	if tooLong {
		return buf[:0], true, err
	}
	return buf, false, err
}

// moreBadLines is the last line of a capped list of bad lines.
func moreBadLines(n int) error {
	s := "s"
	if n == 1 {
		s = ""
	}
	return fmt.Errorf("and %s more bad line%s", groupThousands(n), s)
}

// groupThousands formats n ≥ 0 with commas between groups of three
// digits: 9950 as "9,950".
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// parseLine decodes one line; it returns nil, nil for a blank line.
func parseLine(b []byte) (*Observation, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, nil
	}
	var l line
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("bad JSON: %w", err)
	}
	if l.ObservedAt == nil || *l.ObservedAt == "" {
		return nil, errors.New("missing observed_at")
	}
	t, err := time.Parse(time.RFC3339Nano, *l.ObservedAt)
	if err != nil {
		return nil, fmt.Errorf("observed_at: %w", err)
	}
	if err := checkTime(t); err != nil {
		return nil, err
	}
	if len(l.Identifiers) == 0 {
		return nil, errors.New("no identifiers")
	}
	obs := &Observation{ObservedAt: t}
	if l.Source != nil {
		obs.Source = *l.Source
	}
	types := make([]string, 0, len(l.Identifiers))
	for k := range l.Identifiers {
		types = append(types, k)
	}
	slices.Sort(types)
	for _, k := range types {
		raw := l.Identifiers[k]
		var one string
		if err := json.Unmarshal(raw, &one); err == nil {
			obs.Identifiers = append(obs.Identifiers, cdp.Identifier{Type: cdp.IdentifierType(k), Value: one})
			continue
		}
		var many []string
		if err := json.Unmarshal(raw, &many); err != nil {
			return nil, fmt.Errorf("identifier %q: want a string or a list of strings", k)
		}
		for _, v := range many {
			obs.Identifiers = append(obs.Identifiers, cdp.Identifier{Type: cdp.IdentifierType(k), Value: v})
		}
	}
	return obs, nil
}
