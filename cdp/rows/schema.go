package rows

import (
	"errors"
	"fmt"
	"strings"
)

// Kind is the type of a column's values.
type Kind uint8

// The kinds of column values. Text forms (CSV cells, NDJSON strings) are
// trimmed of surrounding white space before they are parsed.
const (
	// String is UTF-8 text, trimmed; Column.MaxLen bounds its length in runes.
	String Kind = iota + 1
	// Decimal is an exact decimal.Decimal: an optional sign, digits, and an
	// optional '.' followed by digits ("1234.56", "-0.5"). A decimal comma
	// ("1.234,56"), a thousands separator or an exponent in text is refused
	// with a hint. An NDJSON number is read exactly (never via float64).
	Decimal
	// Int is a signed 64-bit integer in base 10.
	Int
	// Bool is true or false (also 1/0, t/f, TRUE/FALSE, as strconv.ParseBool).
	Bool
	// Date is a calendar.Date written YYYY-MM-DD.
	Date
	// Timestamp is an RFC 3339 time ("2026-02-13T10:00:00-03:00"),
	// returned in UTC.
	Timestamp
)

var kindNames = [...]string{String: "string", Decimal: "decimal", Int: "int", Bool: "bool", Date: "date", Timestamp: "timestamp"}

// String returns the kind's name ("decimal"), or "Kind(N)" for an unknown one.
func (k Kind) String() string {
	if k >= String && k <= Timestamp {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Column describes one column of a Schema.
type Column struct {
	// Name is the CSV header, NDJSON key or Parquet column name. An NDJSON
	// key inside a nested object is named by its path joined with '.'
	// ("identifiers.email").
	Name string
	// Kind is the type of the values.
	Kind Kind
	// Required makes a missing column and an empty value errors. An
	// optional column may be absent from the input; its empty values are
	// unset (Row.Has reports false).
	Required bool
	// MaxLen is the longest String value accepted, in runes; 0 means no
	// limit. It applies to String columns only.
	MaxLen int
	// PII marks personal data (e-mail, CPF, phone): error messages about
	// the column never quote its value.
	PII bool
}

// Schema is an ordered, validated list of columns. A Schema is immutable
// and safe for concurrent use; rows refer to columns by their index in it.
type Schema struct {
	cols  []Column
	index map[string]int
}

// Errors returned by NewSchema.
var errSchema = errors.New("rows: invalid schema")

// NewSchema returns a schema of cols, in order. Names must be non-empty,
// unique (case-insensitively, so that hints about case stay unambiguous)
// and free of surrounding space; kinds must be known; MaxLen must be
// non-negative and set only on String columns.
func NewSchema(cols ...Column) (*Schema, error) {
	if len(cols) == 0 {
		return nil, fmt.Errorf("%w: no columns", errSchema)
	}
	s := &Schema{cols: append([]Column(nil), cols...), index: make(map[string]int, len(cols))}
	folded := make(map[string]string, len(cols))
	for i, c := range cols {
		switch {
		case c.Name == "" || strings.TrimSpace(c.Name) != c.Name:
			return nil, fmt.Errorf("%w: column %d: name %q is empty or has surrounding space", errSchema, i, c.Name)
		case c.Kind < String || c.Kind > Timestamp:
			return nil, fmt.Errorf("%w: column %s: unknown kind %v", errSchema, c.Name, c.Kind)
		case c.MaxLen < 0:
			return nil, fmt.Errorf("%w: column %s: negative MaxLen", errSchema, c.Name)
		case c.MaxLen > 0 && c.Kind != String:
			return nil, fmt.Errorf("%w: column %s: MaxLen applies to string columns only", errSchema, c.Name)
		}
		if prev, dup := folded[strings.ToLower(c.Name)]; dup {
			return nil, fmt.Errorf("%w: column %s repeats column %s", errSchema, c.Name, prev)
		}
		folded[strings.ToLower(c.Name)] = c.Name
		s.index[c.Name] = i
	}
	return s, nil
}

// MustSchema is like NewSchema but panics on error; it is meant for
// schemas declared as package-level values in programs and tests.
func MustSchema(cols ...Column) *Schema {
	s, err := NewSchema(cols...)
	if err != nil {
		panic(err)
	}
	return s
}

// Len returns the number of columns.
func (s *Schema) Len() int { return len(s.cols) }

// Column returns the i-th column.
func (s *Schema) Column(i int) Column { return s.cols[i] }

// Columns returns a copy of the columns, in order.
func (s *Schema) Columns() []Column { return append([]Column(nil), s.cols...) }

// Index returns the index of the column named name (exact match), or -1.
func (s *Schema) Index(name string) int {
	if i, ok := s.index[name]; ok {
		return i
	}
	return -1
}

// foldIndex returns the index of the column whose name equals name
// case-insensitively, or -1.
func (s *Schema) foldIndex(name string) int {
	for i, c := range s.cols {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}
