package parquetrows

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp/rows"
)

// conv stores one non-null Parquet value into column i of row. text
// conversions are done by the decoder (see column.text).
type conv func(row *rows.Row, i int, v parquet.Value)

// column is how one schema column is read from a file.
type column struct {
	leaf int  // leaf column index in the file
	text bool // BYTE_ARRAY text, parsed by rows.Row.SetText
	conv conv // otherwise
}

// describe names a Parquet type for messages: "INT64 TIMESTAMP(...)".
func describe(t parquet.Type) string {
	phys := t.Kind().String()
	if lt := t.LogicalType(); lt != nil && lt.Value != nil {
		return phys + " " + lt.String()
	}
	if ct := t.ConvertedType(); ct != nil {
		return fmt.Sprintf("%s (converted type %d)", phys, int32(*ct))
	}
	return phys
}

// plan maps the schema to the file's columns, checking every type before
// any row is read. It returns one entry per schema column (leaf -1 when
// the file lacks an optional column).
func plan(name string, ps *parquet.Schema, s *rows.Schema, foldCase bool) ([]column, error) {
	fields := ps.Fields()
	out := make([]column, s.Len())
	var errs rows.Errors
	fail := func(col string, err error) {
		errs.List = append(errs.List, &rows.Error{Source: name, Column: col, Err: err})
	}
	for i := range out {
		c := s.Column(i)
		out[i].leaf = -1
		var f parquet.Field
		for _, x := range fields {
			if x.Name() == c.Name {
				f = x
				break
			}
		}
		if f == nil {
			for _, x := range fields {
				if strings.EqualFold(x.Name(), c.Name) {
					if foldCase {
						f = x
					} else {
						fail(c.Name, fmt.Errorf("%w: column %q differs from %q only in case: rename it, or read with the FoldCase option", rows.ErrMissingColumn, x.Name(), c.Name))
					}
					break
				}
			}
		}
		if f == nil {
			if c.Required && (len(errs.List) == 0 || errs.List[len(errs.List)-1].Column != c.Name) {
				fail(c.Name, fmt.Errorf("%w: the file has no such column", rows.ErrMissingColumn))
			}
			continue
		}
		if !f.Leaf() || f.Repeated() {
			fail(c.Name, fmt.Errorf("%w: a nested or repeated column cannot be read as %v", rows.ErrColumnType, c.Kind))
			continue
		}
		leaf, _ := ps.Lookup(f.Name())
		col, err := columnFor(c, f.Type())
		if err != nil {
			fail(c.Name, err)
			continue
		}
		col.leaf = leaf.ColumnIndex
		out[i] = col
	}
	switch len(errs.List) {
	case 0:
		return out, nil
	case 1:
		return nil, errs.List[0]
	}
	return nil, &errs
}

// columnFor picks the conversion of a Parquet type into c's Kind.
func columnFor(c rows.Column, t parquet.Type) (column, error) {
	var lt format.LogicalTypeValue
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	ct := t.ConvertedType()
	phys := t.Kind()
	isText := phys == parquet.ByteArray && (lt == nil || isString(lt))
	switch c.Kind {
	case rows.String:
		if isText {
			return column{text: true}, nil
		}
	case rows.Decimal:
		if d, ok := lt.(*format.DecimalType); ok {
			return column{conv: decimalConv(phys, d.Scale)}, nil
		}
		if isText {
			return column{text: true}, nil
		}
		if (phys == parquet.Int32 || phys == parquet.Int64) && signedInt(lt) {
			return column{conv: decimalConv(phys, 0)}, nil
		}
		if phys == parquet.Float || phys == parquet.Double {
			return column{}, fmt.Errorf("%w: stored as %s, which cannot hold money exactly: write it as DECIMAL(p,s)", rows.ErrColumnType, describe(t))
		}
	case rows.Int:
		if phys == parquet.Int32 || phys == parquet.Int64 {
			if signedInt(lt) {
				return column{conv: func(r *rows.Row, i int, v parquet.Value) { r.SetInt(i, intOf(v)) }}, nil
			}
			if it, ok := lt.(*format.IntType); ok && !it.IsSigned {
				return column{conv: uintConv}, nil
			}
		}
	case rows.Bool:
		if phys == parquet.Boolean {
			return column{conv: func(r *rows.Row, i int, v parquet.Value) { r.SetBool(i, v.Boolean()) }}, nil
		}
	case rows.Date:
		if _, ok := lt.(*format.DateType); ok || (lt == nil && ct != nil && *ct == deprecated.Date) {
			return column{conv: dateConv}, nil
		}
		if isText {
			return column{text: true}, nil
		}
	case rows.Timestamp:
		if ts, ok := lt.(*format.TimestampType); ok && phys == parquet.Int64 {
			return column{conv: timeConv(ts.Unit.Value.Duration())}, nil
		}
		if lt == nil && ct != nil && phys == parquet.Int64 {
			switch *ct {
			case deprecated.TimestampMillis:
				return column{conv: timeConv(time.Millisecond)}, nil
			case deprecated.TimestampMicros:
				return column{conv: timeConv(time.Microsecond)}, nil
			}
		}
		if phys == parquet.Int96 {
			return column{conv: int96Conv}, nil
		}
		if isText {
			return column{text: true}, nil
		}
	}
	return column{}, fmt.Errorf("%w: stored as %s, which cannot be read as %v", rows.ErrColumnType, describe(t), c.Kind)
}

func isString(lt format.LogicalTypeValue) bool {
	switch lt.(type) {
	case *format.StringType, *format.EnumType:
		return true
	}
	return false
}

// signedInt reports a plain or signed-integer annotated INT32/INT64.
func signedInt(lt format.LogicalTypeValue) bool {
	if lt == nil {
		return true
	}
	it, ok := lt.(*format.IntType)
	return ok && it.IsSigned
}

// intOf returns an INT32 or INT64 value as an int64.
func intOf(v parquet.Value) int64 {
	if v.Kind() == parquet.Int32 {
		return int64(v.Int32())
	}
	return v.Int64()
}

func uintConv(r *rows.Row, i int, v parquet.Value) {
	u := v.Uint64()
	if v.Kind() == parquet.Int32 {
		u = uint64(v.Uint32())
	}
	if u > math.MaxInt64 {
		r.Reject(i, rows.Fail(fmt.Sprintf("invalid int: %d is out of the signed 64-bit range", u)))
		return
	}
	r.SetInt(i, int64(u))
}

// decimalConv reads an unscaled integer exactly: INT32/INT64 directly,
// FIXED_LEN_BYTE_ARRAY/BYTE_ARRAY as big-endian two's complement.
func decimalConv(phys parquet.Kind, scale int32) conv {
	if phys == parquet.Int32 || phys == parquet.Int64 {
		return func(r *rows.Row, i int, v parquet.Value) { r.SetDecimal(i, decimal.New(intOf(v), -scale)) }
	}
	return func(r *rows.Row, i int, v parquet.Value) {
		b := v.ByteArray()
		n := new(big.Int).SetBytes(b)
		if len(b) > 0 && b[0]&0x80 != 0 {
			n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
		}
		r.SetDecimal(i, decimal.NewFromBigInt(n, -scale))
	}
}

// dateConv reads DATE: days since 1970-01-01.
func dateConv(r *rows.Row, i int, v parquet.Value) {
	r.SetDate(i, calendar.DateOf(time.Unix(int64(v.Int32())*86400, 0).UTC()))
}

// timeConv reads TIMESTAMP in unit since the epoch. A timestamp not
// adjusted to UTC is read as if its wall clock were UTC.
func timeConv(unit time.Duration) conv {
	switch unit {
	case time.Millisecond:
		return func(r *rows.Row, i int, v parquet.Value) { r.SetTime(i, time.UnixMilli(v.Int64())) }
	case time.Microsecond:
		return func(r *rows.Row, i int, v parquet.Value) { r.SetTime(i, time.UnixMicro(v.Int64())) }
	}
	return func(r *rows.Row, i int, v parquet.Value) { r.SetTime(i, time.Unix(0, v.Int64())) }
}

// julianUnixEpoch is the Julian day number of 1970-01-01.
const julianUnixEpoch = 2440588

// int96Conv reads Spark's legacy INT96 timestamp: nanoseconds of the day
// (8 bytes, little-endian) then the Julian day (4 bytes).
func int96Conv(r *rows.Row, i int, v parquet.Value) {
	x := v.Int96()
	nanos := int64(uint64(x[1])<<32 | uint64(x[0]))
	days := int64(x[2]) - julianUnixEpoch
	r.SetTime(i, time.Unix(days*86400, nanos))
}
