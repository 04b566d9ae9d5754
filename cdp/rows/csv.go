package rows

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// NewCSV reads the header of a CSV input and returns a Reader of its rows.
// name identifies the input in errors (a file's base name, say).
//
// The header names the columns, in any order; columns the schema does not
// know are ignored. A UTF-8 byte-order mark is skipped. Each bad row is an
// error naming the line and column (see Reader). NewCSV fails with an
// *Error, or an *Errors listing every missing column, when the input is
// empty, UTF-16 encoded, not UTF-8 in its header, separated by another
// character than the Comma option (the message says so), has a schema
// column twice, or lacks a required column (a name that differs only in
// case is named, unless FoldCase is given).
//
// Options: MaxErrors, MaxLineBytes, FoldCase, Comma.
func NewCSV(r io.Reader, name string, s *Schema, opts ...Option) (*Reader, error) {
	br, c, err := openInput("NewCSV", r, name, s, opts)
	if err != nil {
		return nil, err
	}
	lim := &limitReader{r: br, max: int64(c.MaxLineBytes)}
	cr := csv.NewReader(lim)
	cr.Comma = c.Comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	d := &csvDecoder{name: name, cr: cr, lim: lim}
	header, err := cr.Read()
	if err != nil {
		return nil, d.readError(err, 1, strings.Join(names(s), ","))
	}
	if err := d.mapHeader(header, s, c); err != nil {
		return nil, err
	}
	return newReader(s, d, c), nil
}

func names(s *Schema) []string {
	out := make([]string, len(s.cols))
	for i, c := range s.cols {
		out[i] = c.Name
	}
	return out
}

type csvDecoder struct {
	name    string
	cr      *csv.Reader
	lim     *limitReader
	nfields int
	idx     []int // schema column -> field index, -1 when absent
	line    int   // line of the last record
}

// mapHeader maps schema columns to header fields.
func (d *csvDecoder) mapHeader(header []string, s *Schema, c Config) error {
	d.nfields = len(header)
	d.line = 1
	fail := func(col string, err error) error {
		return &Error{Source: d.name, Line: 1, Column: col, Err: err}
	}
	for _, h := range header {
		if !utf8.ValidString(h) {
			return fail("", fmt.Errorf("%w: the header is not UTF-8: save the file as UTF-8 (in Excel: \"CSV UTF-8\")", ErrHeader))
		}
	}
	if hint := separatorHint(header, c.Comma); hint != "" && s.Len() > 1 {
		return fail("", fmt.Errorf("%w: %s", ErrHeader, hint))
	}
	d.idx = make([]int, s.Len())
	for i := range d.idx {
		d.idx[i] = -1
	}
	folded := make([]int, s.Len()) // field index + 1 of a case-only match
	for f, h := range header {
		h = strings.TrimSpace(h)
		i := s.Index(h)
		if i < 0 {
			if j := s.foldIndex(h); j >= 0 {
				if c.FoldCase {
					i = j
				} else if folded[j] == 0 {
					folded[j] = f + 1
				}
			}
		}
		if i < 0 {
			continue
		}
		if d.idx[i] >= 0 {
			return fail(s.cols[i].Name, fmt.Errorf("%w: the column appears twice in the header", ErrHeader))
		}
		d.idx[i] = f
	}
	var errs Errors
	for i, col := range s.cols {
		switch {
		case d.idx[i] >= 0:
		case folded[i] > 0:
			errs.List = append(errs.List, fail(col.Name, caseHint("header", strings.TrimSpace(header[folded[i]-1]), col.Name)).(*Error))
		case col.Required:
			errs.List = append(errs.List, fail(col.Name, fmt.Errorf("%w: the header has no such column", ErrMissingColumn)).(*Error))
		}
	}
	switch len(errs.List) {
	case 0:
		return nil
	case 1:
		return errs.List[0]
	}
	return &errs
}

// readError turns a csv or read error into an *Error at line.
func (d *csvDecoder) readError(err error, line int, want string) error {
	var pe *csv.ParseError
	switch {
	case errors.Is(err, errLimit):
		return &Error{Source: d.name, Line: line, Err: fmt.Errorf("%w: a record is longer than %d bytes", ErrLineTooLong, d.lim.max)}
	case err == io.EOF && line == 1:
		return &Error{Source: d.name, Line: 1, Err: fmt.Errorf("%w: empty file: want a header with %s", ErrHeader, want)}
	case errors.As(err, &pe):
		return &Error{Source: d.name, Line: pe.Line, Err: fmt.Errorf("%w: %v (a '\"' inside a field must be doubled, and the field quoted)", ErrSyntax, pe.Err)}
	}
	return err
}

// Decode reads one record.
func (d *csvDecoder) Decode(row *Row) error {
	d.lim.n = 0
	rec, err := d.cr.Read()
	if err == io.EOF {
		return io.EOF
	}
	if err != nil {
		return d.readError(err, d.line+1, "")
	}
	d.line, _ = d.cr.FieldPos(0)
	row.Begin(Pos{Source: d.name, Line: d.line})
	if len(rec) != d.nfields {
		row.Reject(-1, fmt.Errorf("%w: the line has %d fields, the header has %d", ErrSyntax, len(rec), d.nfields))
		return nil
	}
	for i, f := range d.idx {
		if f >= 0 {
			row.SetText(i, rec[f])
		}
	}
	return nil
}

// errLimit is returned by limitReader once a record has used up its bytes.
var errLimit = errors.New("record too long")

// limitReader fails once more than max bytes are read since n was reset.
type limitReader struct {
	r      io.Reader
	n, max int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n > l.max {
		return 0, errLimit
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}
