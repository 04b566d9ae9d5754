package cdp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"strings"
)

// DefaultMaxLineBytes is the longest NDJSON line a Decoder accepts unless
// told otherwise (MaxLineBytes): 16 MiB.
const DefaultMaxLineBytes = 16 << 20

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

// DecodeErrors is the error a Decoder reports when lines were bad: every
// *LineError in input order. errors.As finds the first *LineError in it, and
// errors.Is(err, ErrInvalid) holds when any line was invalid.
type DecodeErrors []*LineError

// Error returns the number of bad lines and the first three problems.
func (es DecodeErrors) Error() string {
	const shown = 3
	var b strings.Builder
	fmt.Fprintf(&b, "cdp: %d bad line", len(es))
	if len(es) != 1 {
		b.WriteString("s")
	}
	for i, e := range es {
		if i == shown {
			fmt.Fprintf(&b, "; and %d more", len(es)-shown)
			break
		}
		b.WriteString("; ")
		b.WriteString(strings.TrimPrefix(e.Error(), "cdp: "))
	}
	return b.String()
}

// Unwrap returns the line errors, for errors.Is and errors.As.
func (es DecodeErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// DecodeOption configures a Decoder.
type DecodeOption func(*decodeConfig)

type decodeConfig struct {
	stopAtFirst bool
	maxLine     int
}

// StopAtFirstError makes the decoder stop at the first bad line instead of
// skipping it and going on.
func StopAtFirstError() DecodeOption {
	return func(c *decodeConfig) { c.stopAtFirst = true }
}

// MaxLineBytes sets the longest line accepted, in bytes, not counting the
// line ending. A longer line is reported as a *LineError wrapping
// ErrLineTooLong and skipped without being held in memory. n < 1 keeps
// DefaultMaxLineBytes.
func MaxLineBytes(n int) DecodeOption {
	return func(c *decodeConfig) {
		if n >= 1 {
			c.maxLine = min(n, math.MaxInt/2)
		}
	}
}

// Decoder reads newline-delimited JSON records (one profile or one event per
// line) from an io.Reader. Blank lines are skipped; a leading UTF-8 byte
// order mark is ignored. A bad line (invalid JSON, a field of the wrong type,
// a record that fails validation, a line too long) becomes a *LineError;
// by default decoding goes on and collects them all, with StopAtFirstError
// it stops at the first. Use it like bufio.Scanner:
//
//	dec := cdp.NewEventDecoder(r)
//	for ev := range dec.All() {
//		// use ev
//	}
//	if err := dec.Err(); err != nil {
//		// err is a DecodeErrors listing every bad line
//	}
//
// A Decoder is not safe for concurrent use.
type Decoder[T any] struct {
	r      *bufio.Reader
	cfg    decodeConfig
	decode func([]byte) (T, error)
	buf    []byte
	line   int
	errs   DecodeErrors
	done   bool
}

// NewProfileDecoder returns a Decoder of profiles in the JSON form of
// Profile. Each profile is checked with Profile.Validate.
func NewProfileDecoder(r io.Reader, opts ...DecodeOption) *Decoder[Profile] {
	return newDecoder(r, opts, func(b []byte) (Profile, error) {
		var p Profile
		if err := json.Unmarshal(b, &p); err != nil {
			return Profile{}, jsonError(err)
		}
		return p, p.Validate()
	})
}

// NewEventDecoder returns a Decoder of events in the JSON form of Event.
// Each event is checked with Event.Validate.
func NewEventDecoder(r io.Reader, opts ...DecodeOption) *Decoder[Event] {
	return newDecoder(r, opts, func(b []byte) (Event, error) {
		var e Event
		if err := json.Unmarshal(b, &e); err != nil {
			return Event{}, jsonError(err)
		}
		return e, e.Validate()
	})
}

func newDecoder[T any](r io.Reader, opts []DecodeOption, decode func([]byte) (T, error)) *Decoder[T] {
	cfg := decodeConfig{maxLine: DefaultMaxLineBytes}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	return &Decoder[T]{r: bufio.NewReaderSize(r, min(64<<10, cfg.maxLine+2)), cfg: cfg, decode: decode}
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
// DecodeErrors holding a *LineError per bad line.
func (d *Decoder[T]) Err() error {
	if len(d.errs) == 0 {
		return nil
	}
	return d.errs
}

// next reads one line and reports a decoded record, or ok=false for a
// blank or bad line (recorded) or the end of input (d.done set).
func (d *Decoder[T]) next() (rec T, ok bool) {
	line, tooLong, err := d.readLine()
	if err != nil && err != io.EOF {
		d.done = true
		d.fail(d.line+1, err) // the read failed on the next line
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

func (d *Decoder[T]) fail(line int, err error) {
	d.errs = append(d.errs, &LineError{Line: line, Err: err})
	if d.cfg.stopAtFirst {
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
			if len(d.buf)+len(frag) > d.cfg.maxLine+2 {
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
		if len(line) > d.cfg.maxLine {
			return nil, true, err
		}
		return line, false, err
	}
}

// ReadProfiles decodes every profile of an NDJSON stream. It returns the
// valid profiles and, if any line was bad, a DecodeErrors (see Decoder).
func ReadProfiles(r io.Reader, opts ...DecodeOption) ([]Profile, error) {
	return readAll(NewProfileDecoder(r, opts...))
}

// ReadEvents decodes every event of an NDJSON stream. It returns the valid
// events and, if any line was bad, a DecodeErrors (see Decoder).
func ReadEvents(r io.Reader, opts ...DecodeOption) ([]Event, error) {
	return readAll(NewEventDecoder(r, opts...))
}

func readAll[T any](d *Decoder[T]) ([]T, error) {
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
