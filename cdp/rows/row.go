package rows

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
)

// Pos is where a row came from: the source name and a 1-based line (CSV,
// NDJSON) or row (Parquet) number.
type Pos struct {
	Source string
	Line   int   // text inputs; 0 otherwise
	Row    int64 // Parquet; 0 otherwise
}

// value is one column's typed value in a Row.
type value struct {
	set  bool
	bad  bool
	str  string
	dec  decimal.Decimal
	num  int64 // Int; Bool as 0/1
	date calendar.Date
	time time.Time
}

// fieldErr is a problem found while decoding a row; col is -1 for the row.
type fieldErr struct {
	col int
	err error
}

// Row is one record read by a Reader, with typed access to its values by
// column index (the column's position in the Schema). A Reader reuses its
// Row: values stay valid after the next call to Next (strings, decimals and
// times are not overwritten in place), but the Row itself changes; copy
// what you keep.
//
// The getters panic when the column's Kind is not theirs, as a programming
// error. A column that is absent from the input, or empty, is unset: Has
// reports false and the getter returns the zero value.
//
// The Set methods are for format decoders (see Decoder); they parse or
// check a value and record any problem against the row.
type Row struct {
	schema *Schema
	pos    Pos
	vals   []value
	errs   []fieldErr
}

// NewRow returns an empty row of s, for decoders and tests.
func NewRow(s *Schema) *Row {
	return &Row{schema: s, vals: make([]value, len(s.cols))}
}

// Schema returns the row's schema.
func (r *Row) Schema() *Schema { return r.schema }

// Pos returns where the row came from.
func (r *Row) Pos() Pos { return r.pos }

// Has reports whether column i has a value.
func (r *Row) Has(i int) bool { return r.vals[i].set }

func (r *Row) get(i int, k Kind) *value {
	if c := r.schema.cols[i]; c.Kind != k {
		panic(fmt.Sprintf("rows: column %s is %v, not %v", c.Name, c.Kind, k))
	}
	return &r.vals[i]
}

// String returns the value of String column i.
func (r *Row) String(i int) string { return r.get(i, String).str }

// Decimal returns the value of Decimal column i.
func (r *Row) Decimal(i int) decimal.Decimal { return r.get(i, Decimal).dec }

// Int returns the value of Int column i.
func (r *Row) Int(i int) int64 { return r.get(i, Int).num }

// Bool returns the value of Bool column i.
func (r *Row) Bool(i int) bool { return r.get(i, Bool).num != 0 }

// Date returns the value of Date column i.
func (r *Row) Date(i int) calendar.Date { return r.get(i, Date).date }

// Time returns the value of Timestamp column i, in UTC.
func (r *Row) Time(i int) time.Time { return r.get(i, Timestamp).time }

// Value returns the value of column i as its Go type (string,
// decimal.Decimal, int64, bool, calendar.Date or time.Time), or nil when
// it is unset. It allocates; use the typed getters in loops.
func (r *Row) Value(i int) any {
	v := &r.vals[i]
	if !v.set {
		return nil
	}
	switch r.schema.cols[i].Kind {
	case String:
		return v.str
	case Decimal:
		return v.dec
	case Int:
		return v.num
	case Bool:
		return v.num != 0
	case Date:
		return v.date
	default:
		return v.time
	}
}

// Values returns every column's Value, in schema order.
func (r *Row) Values() []any {
	out := make([]any, len(r.vals))
	for i := range r.vals {
		out[i] = r.Value(i)
	}
	return out
}

// GoString formats the row as "name=value ..." for debugging (the %#v
// verb); values of PII columns are masked.
func (r *Row) GoString() string {
	var b strings.Builder
	for i, c := range r.schema.cols {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c.Name)
		b.WriteByte('=')
		switch {
		case !r.vals[i].set:
			b.WriteString("<unset>")
		case c.PII:
			b.WriteString("***")
		default:
			fmt.Fprint(&b, r.Value(i))
		}
	}
	return b.String()
}

// Begin starts a new record at pos: every value is unset and the row has
// no problems. Decoders call it before setting values.
func (r *Row) Begin(pos Pos) {
	r.pos = pos
	clear(r.vals)
	r.errs = r.errs[:0]
}

// Reject records a problem with column i (or with the whole row when i is
// -1). err's message must not contain the value of a PII column.
func (r *Row) Reject(i int, err error) {
	if i >= 0 {
		r.vals[i].set = false
		r.vals[i].bad = true
	}
	r.errs = append(r.errs, fieldErr{col: i, err: err})
}

// SetText sets column i from its text form, trimmed: it checks UTF-8 and
// MaxLen and parses the column's Kind (see Kind). An empty text leaves the
// column unset. A problem is recorded against the row.
func (r *Row) SetText(i int, s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	c := &r.schema.cols[i]
	if err := checkText(*c, s); err != nil {
		r.Reject(i, err)
		return
	}
	v := &r.vals[i]
	switch c.Kind {
	case String:
		v.str = s
	case Decimal:
		d, ok := parseDecimal(s)
		if !ok {
			r.Reject(i, invalid(*c, s, decimalHint(s)))
			return
		}
		v.dec = d
	case Int:
		n, why, ok := parseInt(s)
		if !ok {
			r.Reject(i, invalid(*c, s, why))
			return
		}
		v.num = n
	case Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			r.Reject(i, invalid(*c, s, "want true or false"))
			return
		}
		v.num = 0
		if b {
			v.num = 1
		}
	case Date:
		d, err := calendar.ParseDate(s)
		if err != nil {
			r.Reject(i, invalid(*c, s, dateHint(s)))
			return
		}
		v.date = d
	case Timestamp:
		t, ok := parseTime(s)
		if !ok {
			r.Reject(i, invalid(*c, s, timeHint(s)))
			return
		}
		v.time = t
	}
	v.set = true
}

// SetNumber sets column i from a JSON number literal s (already known to
// be valid JSON): a Decimal column reads it exactly (an exponent is
// allowed here), an Int column needs a whole number, a String column keeps
// the literal; other kinds refuse a number.
func (r *Row) SetNumber(i int, s string) {
	c := &r.schema.cols[i]
	v := &r.vals[i]
	switch c.Kind {
	case Decimal:
		d, ok := parseDecimal(s)
		if !ok {
			var err error
			if d, err = decimal.NewFromString(s); err != nil {
				r.Reject(i, invalid(*c, s, "not a JSON number"))
				return
			}
		}
		v.dec = d
	case Int:
		n, why, ok := parseInt(s)
		if !ok {
			r.Reject(i, invalid(*c, s, why))
			return
		}
		v.num = n
	case String:
		if err := checkText(*c, s); err != nil {
			r.Reject(i, err)
			return
		}
		v.str = s
	default:
		r.Reject(i, invalid(*c, s, "want a JSON string, not a number"))
		return
	}
	v.set = true
}

// SetDecimal sets Decimal column i.
func (r *Row) SetDecimal(i int, d decimal.Decimal) { v := r.get(i, Decimal); v.dec, v.set = d, true }

// SetInt sets Int column i.
func (r *Row) SetInt(i int, n int64) { v := r.get(i, Int); v.num, v.set = n, true }

// SetBool sets Bool column i.
func (r *Row) SetBool(i int, b bool) {
	v := r.get(i, Bool)
	v.num, v.set = 0, true
	if b {
		v.num = 1
	}
}

// SetDate sets Date column i.
func (r *Row) SetDate(i int, d calendar.Date) { v := r.get(i, Date); v.date, v.set = d, true }

// SetTime sets Timestamp column i to t in UTC.
func (r *Row) SetTime(i int, t time.Time) { v := r.get(i, Timestamp); v.time, v.set = t.UTC(), true }
