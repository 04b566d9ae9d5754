package rows

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/warrenbrasil/customerdata/cdp"
)

// Defaults of the reader options: the module's NDJSON reading policy (see
// cdp.DefaultMaxLineBytes and cdp.DefaultMaxErrors), shared with the cdp
// and identity readers.
const (
	// DefaultMaxErrors is how many errors a Reader keeps (50); it counts
	// the rest.
	DefaultMaxErrors = cdp.DefaultMaxErrors
	// DefaultMaxLineBytes is the longest NDJSON line (and, roughly, CSV
	// record) accepted, not counting the line ending: 1 MiB. It bounds a
	// reader's memory.
	DefaultMaxLineBytes = cdp.DefaultMaxLineBytes
	// ctxEvery is how many records pass between two checks of the context.
	ctxEvery = 1024
)

// Decoder reads records of one format into a Row. Format packages (such
// as parquetrows) implement it; NewCSV and NewNDJSON use their own.
type Decoder interface {
	// Decode reads the next record: it calls row.Begin, then sets values
	// and records problems with the row's Set and Reject methods. It
	// returns io.EOF when there are no more records. Any other error stops
	// the reading; an *Error says where.
	Decode(row *Row) error
}

// Option configures a reader (see Config). Options are checked by the constructor,
// which fails on a bad one.
type Option func(*Config) error

// Config is the result of a list of options, for format packages (such
// as parquetrows) that take the same options.
type Config struct {
	MaxErrors    int  // see the MaxErrors option
	MaxLineBytes int  // see the MaxLineBytes option
	FoldCase     bool // see the FoldCase option
	Comma        rune // see the Comma option
}

// NewConfig applies opts to the defaults, failing on a bad option.
func NewConfig(opts ...Option) (Config, error) {
	c := Config{MaxErrors: DefaultMaxErrors, MaxLineBytes: DefaultMaxLineBytes, Comma: ','}
	for _, o := range opts {
		if o == nil {
			return c, errors.New("rows: nil Option")
		}
		if err := o(&c); err != nil {
			return c, err
		}
	}
	return c, nil
}

// MaxErrors sets how many errors a reader keeps (default
// DefaultMaxErrors); later ones are counted in Errors.More. n must be at
// least 1.
func MaxErrors(n int) Option {
	return func(c *Config) error {
		if n < 1 {
			return fmt.Errorf("rows: MaxErrors(%d): want at least 1", n)
		}
		c.MaxErrors = n
		return nil
	}
}

// MaxLineBytes sets the longest line accepted (default
// DefaultMaxLineBytes). An NDJSON line over it is a bad row and reading
// goes on; a CSV record over it (give or take a 4 KiB read buffer) stops
// the reading, since CSV cannot resynchronise. n must be at least 64.
func MaxLineBytes(n int) Option {
	return func(c *Config) error {
		if n < 64 {
			return fmt.Errorf("rows: MaxLineBytes(%d): want at least 64", n)
		}
		c.MaxLineBytes = n
		return nil
	}
}

// FoldCase matches column names (CSV headers, NDJSON keys, Parquet
// columns) to the schema case-insensitively. Without it a name that
// differs from a schema column only in case is an error with a hint.
func FoldCase() Option {
	return func(c *Config) error { c.FoldCase = true; return nil }
}

// Comma sets the CSV field separator (default ','), for example ';' for
// the files Excel saves in Brazilian Portuguese. Other readers ignore it.
func Comma(r rune) Option {
	return func(c *Config) error {
		if r == '"' || r == '\r' || r == '\n' || r == 0xFFFD || r <= 0 {
			return fmt.Errorf("rows: Comma(%q): not a usable separator", r)
		}
		c.Comma = r
		return nil
	}
}

// Stats counts what a Reader read.
type Stats struct {
	Rows int // records decoded
	Bad  int // records with at least one error (including Reader.Reject)
}

// Reader reads typed rows from a Decoder, collecting the errors of bad
// rows: Next skips a bad row, records its errors (the first MaxErrors of
// them, counting the rest) and goes on, so one pass reports every problem.
// A Reader is not safe for concurrent use.
//
//	for r.Next(ctx) {
//		row := r.Row()
//		...
//	}
//	if err := r.Err(); err != nil { ... }
type Reader struct {
	dec       Decoder
	row       *Row
	maxErrors int
	errs      Errors
	stats     Stats
	rowBad    bool // the current row has been counted as bad
	fatal     error
	done      bool
}

// NewReader returns a Reader of the rows dec decodes for schema s. Only
// MaxErrors applies here; format constructors take the other options.
func NewReader(s *Schema, dec Decoder, opts ...Option) (*Reader, error) {
	if s == nil || dec == nil {
		return nil, errors.New("rows: NewReader needs a schema and a decoder")
	}
	c, err := NewConfig(opts...)
	if err != nil {
		return nil, err
	}
	return newReader(s, dec, c), nil
}

func newReader(s *Schema, dec Decoder, c Config) *Reader {
	return &Reader{dec: dec, row: NewRow(s), maxErrors: c.MaxErrors}
}

// Next advances to the next good row and reports whether there is one.
// It returns false at the end of the input, on a read error, or when ctx
// is done (checked every 1,024 records); Err says which.
func (r *Reader) Next(ctx context.Context) bool {
	if r.done {
		return false
	}
	for {
		if r.stats.Rows%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return r.stop(err)
			}
		}
		err := r.dec.Decode(r.row)
		if err == io.EOF {
			return r.stop(nil)
		}
		if err != nil {
			return r.stop(err)
		}
		r.stats.Rows++
		r.rowBad = false
		r.checkRequired()
		if len(r.row.errs) == 0 {
			return true
		}
		for _, fe := range r.row.errs {
			r.record(fe.col, fe.err)
		}
	}
}

func (r *Reader) stop(err error) bool {
	r.done = true
	r.fatal = err
	return false
}

// checkRequired rejects the row's unset required columns that have no
// other error, unless the whole row is already bad.
func (r *Reader) checkRequired() {
	row := r.row
	for _, fe := range row.errs {
		if fe.col < 0 {
			return
		}
	}
	for i := range row.vals {
		if v := &row.vals[i]; !v.set && !v.bad && row.schema.cols[i].Required {
			row.errs = append(row.errs, fieldErr{col: i, err: ErrRequired})
		}
	}
}

// record adds an error about column col (-1: the row) of the current row.
func (r *Reader) record(col int, err error) {
	if !r.rowBad {
		r.rowBad = true
		r.stats.Bad++
		r.errs.Rows++
	}
	if len(r.errs.List) >= r.maxErrors {
		r.errs.More++
		return
	}
	e := &Error{Source: r.row.pos.Source, Line: r.row.pos.Line, Row: r.row.pos.Row, Err: err}
	if col >= 0 {
		e.Column = r.row.schema.cols[col].Name
	}
	r.errs.List = append(r.errs.List, e)
}

// Row returns the current row. It is valid until the next call to Next.
func (r *Reader) Row() *Row { return r.row }

// Reject records a problem the caller found with the current row (a
// duplicate key, a rule across columns), under the same cap and with the
// same position as the reader's own errors. col is the column index, or
// -1 for the whole row. err's message must not contain personal data.
func (r *Reader) Reject(col int, err error) { r.record(col, err) }

// Close releases what the decoder holds (open Parquet files) when it is
// an io.Closer, and stops the reader. It is safe to call more than once;
// reading to the end closes nothing by itself for CSV and NDJSON, whose
// io.Reader belongs to the caller.
func (r *Reader) Close() error {
	r.done = true
	if c, ok := r.dec.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// Stats returns the counts so far.
func (r *Reader) Stats() Stats { return r.stats }

// Err returns nil when every row was good. Otherwise it returns an
// *Errors holding the first errors and the count of the others (and the
// error that stopped the reading, if any, as the last one), or, when no
// row was bad, the error that stopped the reading itself: an *Error for
// bad input, ctx.Err(), or a read error of the underlying reader.
func (r *Reader) Err() error {
	fatal := r.fatal
	if len(r.errs.List) == 0 && r.errs.More == 0 {
		return fatal
	}
	out := r.errs
	out.List = append([]*Error(nil), r.errs.List...)
	if fatal == nil {
		return &out
	}
	var e *Error
	if errors.As(fatal, &e) {
		out.List = append(out.List, e)
		return &out
	}
	return errors.Join(&out, fatal)
}
