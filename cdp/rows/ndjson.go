package rows

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// NewNDJSON returns a Reader of an NDJSON input: one JSON object a line,
// whose keys are column names; keys of nested objects are named by their
// path joined with '.' ("identifiers.email"). Keys the schema does not
// know are ignored; blank lines are skipped; a UTF-8 byte-order mark is
// skipped and UTF-16 input refused. name identifies the input in errors.
//
// A value may be a JSON string (parsed as text, see Kind), a number (read
// exactly: decimals never pass through float64), true or false (Bool
// columns), or null (unset). A line longer than the MaxLineBytes option
// (default DefaultMaxLineBytes, 1 MiB) is a bad row, as are bad JSON, a
// key that matches a column only by case (unless FoldCase), a repeated
// key, and invalid UTF-8 (which encoding/json would silently replace).
//
// Options: MaxErrors, MaxLineBytes, FoldCase.
func NewNDJSON(r io.Reader, name string, s *Schema, opts ...Option) (*Reader, error) {
	br, c, err := openInput("NewNDJSON", r, name, s, opts)
	if err != nil {
		return nil, err
	}
	return newReader(s, &ndjsonDecoder{name: name, br: br, s: s, c: c, seen: make([]bool, s.Len())}, c), nil
}

type ndjsonDecoder struct {
	name string
	br   *bufio.Reader
	s    *Schema
	c    Config
	line int
	buf  []byte
	seen []bool
	path []string
}

// Decode reads lines up to the next non-blank one.
func (d *ndjsonDecoder) Decode(row *Row) error {
	for {
		b, tooLong, err := d.readLine()
		if err != nil && err != io.EOF {
			return err
		}
		if len(b) == 0 && !tooLong && err == io.EOF {
			return io.EOF
		}
		d.line++
		b = bytes.TrimSpace(b)
		if len(b) == 0 && !tooLong {
			continue
		}
		row.Begin(Pos{Source: d.name, Line: d.line})
		if tooLong {
			row.Reject(-1, fmt.Errorf("%w: the line is longer than %d bytes", ErrLineTooLong, d.c.MaxLineBytes))
			return nil
		}
		d.parse(row, b)
		return nil
	}
}

// readLine returns the next line without its newline; tooLong reports a
// line over the limit (the line ending, "\n" or "\r\n", not counted),
// whose bytes are skipped.
func (d *ndjsonDecoder) readLine() (line []byte, tooLong bool, err error) {
	chunk, err := d.br.ReadSlice('\n')
	d.buf = append(d.buf[:0], chunk...)
	for errors.Is(err, bufio.ErrBufferFull) {
		chunk, err = d.br.ReadSlice('\n')
		if !tooLong && len(d.buf)+len(chunk) <= d.c.MaxLineBytes+2 {
			d.buf = append(d.buf, chunk...)
		} else {
			tooLong = true
			d.buf = d.buf[:0]
		}
	}
	line = bytes.TrimSuffix(d.buf, []byte{'\n'})
	if tooLong || len(bytes.TrimSuffix(line, []byte{'\r'})) > d.c.MaxLineBytes {
		return nil, true, err
	}
	return line, false, err
}

// parse decodes one JSON object into row.
func (d *ndjsonDecoder) parse(row *Row, b []byte) {
	suspect := !utf8.Valid(b) // encoding/json would turn bad bytes into U+FFFD
	flagged := false
	clear(d.seen)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		row.Reject(-1, fmt.Errorf("%w: want a JSON object on each line", ErrSyntax))
		return
	}
	d.path = d.path[:0]
	if err := d.object(row, dec, suspect, &flagged); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		row.Reject(-1, fmt.Errorf("%w: bad JSON: %v", ErrSyntax, err))
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		row.Reject(-1, fmt.Errorf("%w: more than one JSON value on the line", ErrSyntax))
		return
	}
	if suspect && !flagged {
		row.Reject(-1, &valueError{kind: ErrInvalidUTF8, msg: "the line is not valid UTF-8 (save the file as UTF-8)"})
	}
}

// object reads the members of an object whose '{' was read, up to its '}'.
func (d *ndjsonDecoder) object(row *Row, dec *json.Decoder, suspect bool, flagged *bool) error {
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if tok == json.Delim('}') {
			return nil
		}
		key, _ := tok.(string)
		d.path = append(d.path, key)
		name := key
		if len(d.path) > 1 {
			name = strings.Join(d.path, ".")
		}
		col := d.s.Index(name)
		if col < 0 {
			if j := d.s.foldIndex(name); j >= 0 {
				if d.c.FoldCase {
					col = j
				} else if !d.seen[j] {
					d.seen[j] = true
					row.Reject(j, caseHint("key", name, d.s.cols[j].Name))
				}
			}
		}
		tok, err = dec.Token()
		if err != nil {
			return err
		}
		switch {
		case tok == json.Delim('{'):
			if err := d.object(row, dec, suspect, flagged); err != nil {
				return err
			}
			if col >= 0 {
				row.Reject(col, invalid(d.s.cols[col], "{…}", "want a string or a number, not an object"))
			}
		case tok == json.Delim('['):
			if err := skipArray(dec); err != nil {
				return err
			}
			if col >= 0 {
				row.Reject(col, invalid(d.s.cols[col], "[…]", "want a string or a number, not a list"))
			}
		case col < 0:
		case d.seen[col]:
			row.Reject(col, fmt.Errorf("%w: the key appears twice on the line", ErrSyntax))
		default:
			d.seen[col] = true
			d.set(row, col, tok, suspect, flagged)
		}
		d.path = d.path[:len(d.path)-1]
	}
}

// set stores one scalar JSON value.
func (d *ndjsonDecoder) set(row *Row, col int, tok json.Token, suspect bool, flagged *bool) {
	c := d.s.cols[col]
	switch v := tok.(type) {
	case nil:
	case string:
		if suspect && strings.ContainsRune(v, utf8.RuneError) {
			*flagged = true
			row.Reject(col, &valueError{kind: ErrInvalidUTF8, msg: "not valid UTF-8 text (save the file as UTF-8)"})
			return
		}
		row.SetText(col, v)
	case json.Number:
		row.SetNumber(col, string(v))
	case bool:
		if c.Kind != Bool {
			row.Reject(col, invalid(c, fmt.Sprint(v), "want a JSON string, not true or false"))
			return
		}
		row.SetBool(col, v)
	}
}

// skipArray reads tokens up to the end of an array whose '[' was read.
func skipArray(dec *json.Decoder) error {
	depth := 1
	for depth > 0 {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			depth++
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
	}
	return nil
}
