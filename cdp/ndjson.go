package cdp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
)

// ErrLineTooLong is the error of a line longer than the decoder's limit. It
// matches ErrInvalid. The decoder skips the line and goes on.
var ErrLineTooLong = fmt.Errorf("%w: line too long", ErrInvalid)

// LineError reports one bad NDJSON line. Line is 1-based and counts every
// line of the input, blank ones included. Err says what is wrong: a
// *FieldError naming the field, a JSON syntax error, ErrLineTooLong, a
// validation error, or the read error that ended decoding.
type LineError struct {
	Line int
	Err  error
}

// Error returns "cdp: line N: problem".
func (e *LineError) Error() string {
	msg := e.Err.Error()
	msg = strings.TrimPrefix(msg, "cdp: ")
	return fmt.Sprintf("cdp: line %d: %s", e.Line, msg)
}

// Unwrap returns Err.
func (e *LineError) Unwrap() error { return e.Err }

// DecodeErrors is the error a Decoder reports when lines were bad: the
// first bad lines (DecodeConfig.MaxErrors of them) in input order, and how
// many more were found and not kept. errors.As finds the first *LineError
// in it, and errors.Is(err, ErrInvalid) holds when a kept line was invalid.
type DecodeErrors struct {
	// List holds the first bad lines in input order and then, if a read
	// error ended decoding, a *LineError wrapping it (always kept).
	List []*LineError
	// More counts the bad lines found after List was full.
	More int
}

// Error returns one kept error a line, then "and M more bad lines" when
// some were not kept.
func (e *DecodeErrors) Error() string {
	var b strings.Builder
	for i, le := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(le.Error())
	}
	if e.More > 0 {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("and " + groupThousands(e.More) + " more bad line")
		if e.More != 1 {
			b.WriteByte('s')
		}
	}
	return b.String()
}

// Unwrap returns the kept line errors, for errors.Is and errors.As.
func (e *DecodeErrors) Unwrap() []error {
	out := make([]error, len(e.List))
	for i, le := range e.List {
		out[i] = le
	}
	return out
}

// Decoder reads newline-delimited JSON records (one profile or one event per
// line) from an io.Reader. Blank lines are skipped; a leading UTF-8 byte
// order mark is ignored. A bad line (invalid JSON, a field of the wrong type,
// a record that fails validation, a line too long) becomes a *LineError;
// by default decoding goes on, keeps the first DecodeConfig.MaxErrors of
// them and counts the others, so memory does not grow with a bad input;
// with StopAtFirstError it stops at the first. Use it like bufio.Scanner:
//
//	dec, err := cdp.NewEventDecoder(r, cdp.DecodeConfig{})
//	if err != nil {
//		// a bad DecodeConfig field
//	}
//	for ev := range dec.All() {
//		// use ev
//	}
//	if err := dec.Err(); err != nil {
//		// err is a *DecodeErrors listing the first bad lines
//	}
//
// A Decoder is not safe for concurrent use.
type Decoder[T any] struct {
	r      *bufio.Reader
	cfg    DecodeConfig
	decode func([]byte) (T, error)
	buf    []byte
	line   int
	errs   DecodeErrors
	bad    int // bad lines so far
	done   bool
}

// NewProfileDecoder returns a Decoder of profiles in the JSON form of
// Profile. Each profile is checked with Profile.Validate. A bad cfg field
// is a *ConfigError.
func NewProfileDecoder(r io.Reader, cfg DecodeConfig) (*Decoder[Profile], error) {
	return newDecoder(r, cfg, func(b []byte) (Profile, error) {
		var p Profile
		if err := json.Unmarshal(b, &p); err != nil {
			return Profile{}, jsonError(err)
		}
		return p, p.Validate()
	})
}

// NewEventDecoder returns a Decoder of events in the JSON form of Event.
// Each event is checked with Event.Validate. A bad cfg field is a
// *ConfigError.
func NewEventDecoder(r io.Reader, cfg DecodeConfig) (*Decoder[Event], error) {
	return newDecoder(r, cfg, func(b []byte) (Event, error) {
		var e Event
		if err := json.Unmarshal(b, &e); err != nil {
			return Event{}, jsonError(err)
		}
		return e, e.Validate()
	})
}

func newDecoder[T any](r io.Reader, cfg DecodeConfig, decode func([]byte) (T, error)) (*Decoder[T], error) {
	cfg, err := cfg.settings()
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, &ConfigError{Field: "r", Reason: "nil io.Reader"}
	}
	return &Decoder[T]{r: bufio.NewReaderSize(r, min(64<<10, cfg.MaxLineBytes+2)), cfg: cfg, decode: decode}, nil
}

// All returns an iterator over the valid records, in input order. It ends at
// the end of the input, at a read error, or, with StopAtFirstError, at the
// first bad line; then Err reports what went wrong. Breaking out of the loop
// early leaves the rest of the input unread: a later call to All resumes
// there.
func (d *Decoder[T]) All() iter.Seq[T] {
	return func(yield func(T) bool) {
		for !d.done {
			rec, ok := d.next()
			if ok && !yield(rec) {
				return
			}
		}
	}
}

// Line returns the number of lines read so far: the line of the record
// All last yielded.
func (d *Decoder[T]) Line() int { return d.line }

// Err returns nil when every line read so far was good, and otherwise a
// *DecodeErrors holding the first bad lines and the count of the others.
func (d *Decoder[T]) Err() error {
	if len(d.errs.List) == 0 && d.errs.More == 0 {
		return nil
	}
	return &DecodeErrors{List: slices.Clone(d.errs.List), More: d.errs.More}
}

// BadLines returns the number of bad lines read so far, kept or not (a
// read error that ended decoding is not a bad line).
func (d *Decoder[T]) BadLines() int { return d.bad }

// next reads one line and reports a decoded record, or ok=false for a
// blank or bad line (recorded) or the end of input (d.done set).
func (d *Decoder[T]) next() (rec T, ok bool) {
	line, tooLong, err := d.readLine()
	if err != nil && err != io.EOF {
		d.done = true
		// the read failed on the next line; always kept, past the cap
		d.errs.List = append(d.errs.List, &LineError{Line: d.line + 1, Err: err})
		return rec, false
	}
	if err == io.EOF {
		d.done = true
		if len(line) == 0 && !tooLong {
			return rec, false
		}
	}
	d.line++
	if tooLong {
		d.fail(d.line, ErrLineTooLong)
		return rec, false
	}
	if d.line == 1 {
		line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	}
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return rec, false
	}
	if line[0] != '{' {
		d.fail(d.line, &syntaxError{err: errors.New("want a JSON object on each line")})
		return rec, false
	}
	rec, err = d.decode(line)
	if err != nil {
		d.fail(d.line, err)
		var zero T
		return zero, false
	}
	return rec, true
}

// fail records a bad line: kept while fewer than MaxErrors are, counted
// otherwise.
func (d *Decoder[T]) fail(line int, err error) {
	d.bad++
	if len(d.errs.List) < d.cfg.MaxErrors {
		d.errs.List = append(d.errs.List, &LineError{Line: line, Err: err})
	} else {
		d.errs.More++
	}
	if d.cfg.StopAtFirstError {
		d.done = true
	}
}

// readLine returns the next line without its line ending. A line longer
// than the limit is consumed and dropped, and reported with tooLong. err is
// io.EOF for the last line (which may be empty) and any other read error
// as is.
func (d *Decoder[T]) readLine() (line []byte, tooLong bool, err error) {
	d.buf = d.buf[:0]
	for {
		frag, err := d.r.ReadSlice('\n')
		if !tooLong {
			if len(d.buf)+len(frag) > d.cfg.MaxLineBytes+2 {
				tooLong = true
				d.buf = d.buf[:0]
			} else {
				d.buf = append(d.buf, frag...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if tooLong {
			return nil, true, err
		}
		line := bytes.TrimSuffix(d.buf, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > d.cfg.MaxLineBytes {
			return nil, true, err
		}
		return line, false, err
	}
}

// ReadProfiles decodes every profile of an NDJSON stream, with the
// default DecodeConfig or the one given (at most one). It returns the
// valid profiles and, if any line was bad, a *DecodeErrors (see Decoder);
// a bad config is a *ConfigError and nothing is read.
func ReadProfiles(r io.Reader, cfg ...DecodeConfig) ([]Profile, error) {
	c, err := oneConfig(cfg)
	if err != nil {
		return nil, err
	}
	return readAll(NewProfileDecoder(r, c))
}

// ReadEvents decodes every event of an NDJSON stream, like ReadProfiles.
func ReadEvents(r io.Reader, cfg ...DecodeConfig) ([]Event, error) {
	c, err := oneConfig(cfg)
	if err != nil {
		return nil, err
	}
	return readAll(NewEventDecoder(r, c))
}

func readAll[T any](d *Decoder[T], err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	var out []T
	for rec := range d.All() {
		out = append(out, rec)
	}
	return out, d.Err()
}

// WriteProfiles writes each profile of ps to w as one line of JSON. Map keys
// are sorted, so the output is deterministic. It stops at the first error,
// naming the 1-based record that could not be encoded.
func WriteProfiles(w io.Writer, ps iter.Seq[Profile]) error { return writeNDJSON(w, ps) }

// WriteEvents writes each event of es to w as one line of JSON, like
// WriteProfiles.
func WriteEvents(w io.Writer, es iter.Seq[Event]) error { return writeNDJSON(w, es) }

func writeNDJSON[T any](w io.Writer, recs iter.Seq[T]) error {
	bw := bufio.NewWriter(w)
	n := 0
	for rec := range recs {
		n++
		b, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("cdp: record %d: %w", n, err)
		}
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return fmt.Errorf("cdp: writing record %d: %w", n, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("cdp: writing: %w", err)
	}
	return nil
}
