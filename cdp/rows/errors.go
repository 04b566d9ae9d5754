package rows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sentinel errors, for errors.Is. Every error about the input is an *Error
// (for errors.As) wrapping one of these.
var (
	// ErrRequired: a required value is empty or absent.
	ErrRequired = errors.New("is required")
	// ErrMissingColumn: the input has no column for a required schema column.
	ErrMissingColumn = errors.New("missing column")
	// ErrInvalid: a value does not parse as its column's kind.
	ErrInvalid = errors.New("invalid value")
	// ErrInvalidUTF8: a text value is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrTooLong: a string is longer than its column's MaxLen.
	ErrTooLong = errors.New("value too long")
	// ErrLineTooLong: a line (an NDJSON line, a CSV record) is longer than
	// the reader's MaxLineBytes.
	ErrLineTooLong = errors.New("line too long")
	// ErrHeader: the header (or the start of the file) is unusable: empty
	// file, duplicate column, another separator, another encoding.
	ErrHeader = errors.New("bad header")
	// ErrSyntax: a record is not well formed (CSV quoting, JSON syntax,
	// field count).
	ErrSyntax = errors.New("bad syntax")
	// ErrColumnType: a typed input (Parquet) stores a column in a type
	// that cannot be read as the schema's Kind.
	ErrColumnType = errors.New("wrong column type")
)

// Error is a problem with the input at one place: a source (file) name,
// a line of a text input or a row of a Parquet file, and a column. The
// zero values of Line, Row and Column mean "not about one line, row or
// column". Messages never quote the value of a column marked PII.
type Error struct {
	Source string // the input's name, as given to the reader
	Line   int    // 1-based line of a CSV or NDJSON input (0: none)
	Row    int64  // 1-based row of a Parquet file (0: none)
	Column string // column name ("" when the error is about the whole line)
	Err    error  // what is wrong; wraps one of the Err* sentinels
}

// Error returns "source: line N, column C: problem".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Source)
	sep := ": "
	if e.Source == "" {
		sep = ""
	}
	if e.Line > 0 {
		b.WriteString(sep)
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		sep = ", "
	} else if e.Row > 0 {
		b.WriteString(sep)
		b.WriteString("row ")
		b.WriteString(strconv.FormatInt(e.Row, 10))
		sep = ", "
	}
	if e.Column != "" {
		b.WriteString(sep)
		b.WriteString("column ")
		b.WriteString(e.Column)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errors is what a Reader returns when rows were bad: the first errors (up
// to the reader's MaxErrors) and how many more were found and not kept.
type Errors struct {
	List []*Error // the first errors, in input order
	More int      // errors found after List was full
	Rows int      // bad rows in all (a row may have several errors)
}

// Error returns one error a line, then "and N more errors" when some were
// not kept.
func (e *Errors) Error() string {
	var b strings.Builder
	for i, x := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(x.Error())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\nand %d more errors", e.More)
	}
	return b.String()
}

// Unwrap returns the kept errors, so errors.Is and errors.As see them.
func (e *Errors) Unwrap() []error {
	out := make([]error, len(e.List))
	for i, x := range e.List {
		out[i] = x
	}
	return out
}

// valueError is a problem with one value: its message and the sentinel it wraps.
type valueError struct {
	kind error
	msg  string
}

func (e *valueError) Error() string { return e.msg }
func (e *valueError) Unwrap() error { return e.kind }

// maxQuoted bounds how much of a bad value a message quotes.
const maxQuoted = 40

// invalid returns an ErrInvalid error for value s of column c: "invalid
// decimal "x": reason", without the value when c is PII.
func invalid(c Column, s, reason string) error {
	msg := "invalid " + c.Kind.String() + " " + quote(c, s)
	if reason != "" {
		msg += ": " + reason
	}
	return &valueError{kind: ErrInvalid, msg: msg}
}

// quote returns s quoted (and shortened) for a message, or a placeholder
// when c holds personal data.
func quote(c Column, s string) string {
	if c.PII {
		return "(value not shown: personal data)"
	}
	if utf8.RuneCountInString(s) > maxQuoted {
		r := []rune(s)
		s = string(r[:maxQuoted]) + "…"
	}
	return strconv.Quote(s)
}

// Fail returns an *Error-ready value error wrapping ErrInvalid with msg,
// for format decoders (such as parquetrows) that find a value they cannot
// convert; msg must not contain the value of a PII column.
func Fail(msg string) error { return &valueError{kind: ErrInvalid, msg: msg} }
