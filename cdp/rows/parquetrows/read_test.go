package parquetrows_test

import (
	"bytes"
	"context"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/cdp/rows/parquetrows"
)

func readAll(t *testing.T, r *rows.Reader) ([][]any, error) {
	t.Helper()
	defer r.Close()
	var out [][]any
	for r.Next(context.Background()) {
		out = append(out, r.Row().Values())
	}
	return out, r.Err()
}

func readBytes(t *testing.T, b []byte, s *rows.Schema, opts ...rows.Option) ([][]any, error) {
	t.Helper()
	r, err := parquetrows.NewReader(bytes.NewReader(b), int64(len(b)), "x.parquet", s, opts...)
	require.NoError(t, err)
	return readAll(t, r)
}

// fixedBE returns n as a big-endian two's complement of size bytes.
func fixedBE(n *big.Int, size int) []byte {
	b := make([]byte, size)
	if n.Sign() >= 0 {
		n.FillBytes(b)
		return b
	}
	m := new(big.Int).Add(n, new(big.Int).Lsh(big.NewInt(1), uint(8*size)))
	m.FillBytes(b)
	return b
}

func TestKinds(t *testing.T) {
	t.Parallel()
	big38, _ := new(big.Int).SetString("12345678901234567890123456789", 10) // 12345678901234567890.123456789 at scale 9
	neg, _ := new(big.Int).SetString("-5", 10)
	at := time.Date(2026, 2, 13, 13, 0, 0, 123456789, time.UTC)
	julian := deprecated.Int96{}
	nanos := uint64(13*time.Hour + 123456789)
	julian[0], julian[1], julian[2] = uint32(nanos), uint32(nanos>>32), uint32(2440588+at.Unix()/86400)
	cases := []struct {
		name string
		kind rows.Kind
		node parquet.Node
		in   any
		want any
	}{
		{"string", rows.String, parquet.String(), " Ana ", "Ana"},
		{"plain byte array", rows.String, parquet.Leaf(parquet.ByteArrayType), "x", "x"},
		{"decimal int32", rows.Decimal, parquet.Decimal(2, 9, parquet.Int32Type), int32(-12345), decimal.New(-12345, -2)},
		{"decimal int64", rows.Decimal, parquet.Decimal(2, 18, parquet.Int64Type), int64(150050), decimal.New(150050, -2)},
		{"decimal(38,9) fixed", rows.Decimal, parquet.Decimal(9, 38, parquet.FixedLenByteArrayType(16)), fixedBE(big38, 16),
			decimal.RequireFromString("12345678901234567890.123456789")},
		{"decimal negative fixed", rows.Decimal, parquet.Decimal(1, 38, parquet.FixedLenByteArrayType(16)), fixedBE(neg, 16), decimal.New(-5, -1)},
		{"decimal plain int64", rows.Decimal, parquet.Leaf(parquet.Int64Type), int64(7), decimal.New(7, 0)},
		{"decimal string", rows.Decimal, parquet.String(), "0.10", decimal.New(10, -2)},
		{"int32", rows.Int, parquet.Leaf(parquet.Int32Type), int32(-7), int64(-7)},
		{"int64", rows.Int, parquet.Int(64), int64(1 << 40), int64(1 << 40)},
		{"bool", rows.Bool, parquet.Leaf(parquet.BooleanType), true, true},
		{"date", rows.Date, parquet.Date(), int32(20497), calendar.Date{Year: 2026, Month: time.February, Day: 13}},
		{"date before 1970", rows.Date, parquet.Date(), int32(-1), calendar.Date{Year: 1969, Month: time.December, Day: 31}},
		{"timestamp millis", rows.Timestamp, parquet.Timestamp(parquet.Millisecond), at.UnixMilli(), at.Truncate(time.Millisecond)},
		{"timestamp micros", rows.Timestamp, parquet.Timestamp(parquet.Microsecond), at.UnixMicro(), at.Truncate(time.Microsecond)},
		{"timestamp nanos", rows.Timestamp, parquet.Timestamp(parquet.Nanosecond), at.UnixNano(), at},
		{"timestamp local", rows.Timestamp, parquet.TimestampAdjusted(parquet.Millisecond, false), at.UnixMilli(), at.Truncate(time.Millisecond)},
		{"timestamp int96", rows.Timestamp, parquet.Leaf(parquet.Int96Type), julian, at},
		{"timestamp string", rows.Timestamp, parquet.String(), "2026-02-13T10:00:00.123456789-03:00", at},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b := writeParquet(t, []field{{"v", c.node}}, [][]any{{c.in}}, 10)
			got, err := readBytes(t, b, rows.MustSchema(rows.Column{Name: "v", Kind: c.kind}))
			require.NoError(t, err)
			assert.Equal(t, [][]any{{c.want}}, got)
			if _, ok := c.want.(time.Time); ok {
				assert.Equal(t, time.UTC, got[0][0].(time.Time).Location())
			}
		})
	}
}

func TestWrongColumnType(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		kind rows.Kind
		node parquet.Node
		msg  string
	}{
		{"double for money", rows.Decimal, parquet.Leaf(parquet.DoubleType),
			"x.parquet: column v: wrong column type: stored as DOUBLE, which cannot hold money exactly: write it as DECIMAL(p,s)"},
		{"string for int", rows.Int, parquet.String(), "x.parquet: column v: wrong column type: stored as BYTE_ARRAY STRING, which cannot be read as int"},
		{"int for date", rows.Date, parquet.Leaf(parquet.Int32Type), "x.parquet: column v: wrong column type: stored as INT32 INT(32,true), which cannot be read as date"},
		{"date for timestamp", rows.Timestamp, parquet.Date(), "x.parquet: column v: wrong column type: stored as INT32 DATE, which cannot be read as timestamp"},
		{"decimal for int", rows.Int, parquet.Decimal(2, 18, parquet.Int64Type), "x.parquet: column v: wrong column type: stored as INT64 DECIMAL(18,2), which cannot be read as int"},
		{"int for string", rows.String, parquet.Int(64), "x.parquet: column v: wrong column type: stored as INT64 INT(64,true), which cannot be read as string"},
		{"bool for string", rows.String, parquet.Leaf(parquet.BooleanType), "x.parquet: column v: wrong column type: stored as BOOLEAN, which cannot be read as string"},
		{"repeated", rows.String, parquet.Repeated(parquet.String()), "x.parquet: column v: wrong column type: a nested or repeated column cannot be read as string"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b := writeParquet(t, []field{{"v", c.node}}, nil, 10)
			r, err := parquetrows.NewReader(bytes.NewReader(b), int64(len(b)), "x.parquet", rows.MustSchema(rows.Column{Name: "v", Kind: c.kind}))
			assert.Nil(t, r)
			require.ErrorIs(t, err, rows.ErrColumnType)
			assert.Equal(t, c.msg, err.Error())
		})
	}
}

func TestMissingAndCaseColumns(t *testing.T) {
	t.Parallel()
	b := writeParquet(t, []field{{"User_ID", parquet.String()}, {"amount", parquet.Decimal(2, 18, parquet.Int64Type)}}, [][]any{{"u1", int64(5)}}, 10)
	s := rows.MustSchema(rows.Column{Name: "user_id", Kind: rows.String, Required: true},
		rows.Column{Name: "cpf", Kind: rows.String, Required: true}, rows.Column{Name: "email", Kind: rows.String},
		rows.Column{Name: "amount", Kind: rows.Decimal})
	_, err := parquetrows.NewReader(bytes.NewReader(b), int64(len(b)), "x.parquet", s)
	require.ErrorIs(t, err, rows.ErrMissingColumn)
	assert.Equal(t, "x.parquet: column user_id: missing column: column \"User_ID\" differs from \"user_id\" only in case: rename it, or read with the FoldCase option\n"+
		"x.parquet: column cpf: missing column: the file has no such column", err.Error())

	s = rows.MustSchema(rows.Column{Name: "user_id", Kind: rows.String, Required: true}, rows.Column{Name: "email", Kind: rows.String},
		rows.Column{Name: "amount", Kind: rows.Decimal})
	got, err := readBytes(t, b, s, rows.FoldCase())
	require.NoError(t, err)
	assert.Equal(t, [][]any{{"u1", nil, decimal.New(5, -2)}}, got)
}

func TestNullableAndBadValues(t *testing.T) {
	t.Parallel()
	fields := []field{
		{"user_id", parquet.Optional(parquet.String())},
		{"email", parquet.Optional(parquet.String())},
		{"amount", parquet.Optional(parquet.Decimal(2, 18, parquet.Int64Type))},
		{"n", parquet.Optional(parquet.Uint(64))},
	}
	data := [][]any{
		{"u1", nil, int64(100), int64(1)},
		{nil, "a@b.c", nil, nil},                    // row 2: required user_id null
		{"u3", "bad\xffmail", int64(1), nil},        // row 3: invalid UTF-8 in a PII column
		{"u4", "  ", nil, int64(-1)},                // row 4: uint64 max
		{"  u5  ", "toolong@example.com", nil, nil}, // row 5: over MaxLen
	}
	b := writeParquet(t, fields, data, 2)
	s := rows.MustSchema(
		rows.Column{Name: "user_id", Kind: rows.String, Required: true},
		rows.Column{Name: "email", Kind: rows.String, PII: true, MaxLen: 10},
		rows.Column{Name: "amount", Kind: rows.Decimal},
		rows.Column{Name: "n", Kind: rows.Int},
	)
	got, err := readBytes(t, b, s)
	assert.Equal(t, [][]any{{"u1", nil, decimal.New(100, -2), int64(1)}}, got)
	assert.Equal(t, "x.parquet: row 2, column user_id: is required\n"+
		"x.parquet: row 3, column email: not valid UTF-8 text (save the file as UTF-8)\n"+
		"x.parquet: row 4, column n: invalid int: 18446744073709551615 is out of the signed 64-bit range\n"+
		"x.parquet: row 5, column email: has 19 characters, at most 10 are accepted", err.Error())
	assert.ErrorIs(t, err, rows.ErrInvalidUTF8)
	assert.ErrorIs(t, err, rows.ErrTooLong)
}

func TestBadFiles(t *testing.T) {
	t.Parallel()
	good := writeParquet(t, []field{{"v", parquet.String()}}, [][]any{{"a"}}, 10)
	s := rows.MustSchema(rows.Column{Name: "v", Kind: rows.String})
	for name, b := range map[string][]byte{
		"empty":     nil,
		"csv":       []byte("v\na\n"),
		"truncated": good[:len(good)-10],
		"no footer": good[:len(good)/2],
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := parquetrows.NewReader(bytes.NewReader(b), int64(len(b)), "bad.parquet", s)
			require.ErrorIs(t, err, parquetrows.ErrBadFile)
			var e *rows.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, "bad.parquet", e.Source)
		})
	}
}

func TestFolderOfParts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fields := []field{{"id", parquet.String()}, {"n", parquet.Int(64)}}
	write := func(name string, data [][]any) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), writeParquet(t, fields, data, 2), 0o644))
	}
	write(part(1), [][]any{{"c", int64(3)}, {"d", int64(4)}, {"e", int64(5)}})
	write(part(0), [][]any{{"a", int64(1)}, {"b", int64(2)}})
	write(part(2), nil)
	for _, junk := range []string{"_SUCCESS", "_committed_123", "_started_123", ".part-00000-abc.snappy.parquet.crc", ".hidden.parquet"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, junk), []byte("not parquet"), 0o644))
	}
	s := rows.MustSchema(rows.Column{Name: "id", Kind: rows.String}, rows.Column{Name: "n", Kind: rows.Int})
	fsys := os.DirFS(filepath.Dir(dir))
	r, err := parquetrows.Open(fsys, filepath.Base(dir), s)
	require.NoError(t, err)
	got, err := readAll(t, r)
	require.NoError(t, err)
	assert.Equal(t, [][]any{{"a", int64(1)}, {"b", int64(2)}, {"c", int64(3)}, {"d", int64(4)}, {"e", int64(5)}}, got)

	parts, err := parquetrows.Parts(fsys, filepath.Base(dir))
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Base(dir) + "/" + part(0), filepath.Base(dir) + "/" + part(1), filepath.Base(dir) + "/" + part(2)}, parts)

	// A single file by name works too.
	r, err = parquetrows.Open(fsys, filepath.Base(dir)+"/"+part(0), s)
	require.NoError(t, err)
	got, err = readAll(t, r)
	require.NoError(t, err)
	assert.Len(t, got, 2)
}

func TestFolderErrorsNameThePart(t *testing.T) {
	t.Parallel()
	good := writeParquet(t, []field{{"id", parquet.String()}}, [][]any{{"a"}}, 2)
	wrong := writeParquet(t, []field{{"id", parquet.Int(64)}}, [][]any{{int64(1)}}, 2)
	s := rows.MustSchema(rows.Column{Name: "id", Kind: rows.String})
	cases := []struct {
		name string
		fsys fstest.MapFS
		err  error
		msg  string
	}{
		{"wrong type in a later part", fstest.MapFS{"out/" + part(0): {Data: good}, "out/" + part(1): {Data: wrong}}, rows.ErrColumnType,
			"part-00001-abc.snappy.parquet: column id: wrong column type: stored as INT64 INT(64,true), which cannot be read as string"},
		{"truncated part", fstest.MapFS{"out/" + part(0): {Data: good}, "out/" + part(1): {Data: good[:20]}}, parquetrows.ErrBadFile, ""},
		{"no parts", fstest.MapFS{"out/_SUCCESS": {}}, parquetrows.ErrNoParts, "parquetrows: out: no Parquet part files"},
		{"partitioned", fstest.MapFS{"out/date=2026-01-01/" + part(0): {Data: good}}, nil,
			"parquetrows: out: sub-folder date=2026-01-01: partitioned folders are not supported; read each partition"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r, err := parquetrows.Open(c.fsys, "out", s)
			assert.Nil(t, r)
			require.Error(t, err)
			if c.err != nil {
				assert.ErrorIs(t, err, c.err)
			}
			if c.msg != "" {
				assert.Equal(t, c.msg, err.Error())
			} else {
				assert.Contains(t, err.Error(), part(1))
			}
		})
	}
}

func TestErrorCapAcrossRowGroups(t *testing.T) {
	t.Parallel()
	data := make([][]any, 0, 120)
	for range 120 {
		data = append(data, []any{nil})
	}
	b := writeParquet(t, []field{{"id", parquet.Optional(parquet.String())}}, data, 16)
	got, err := readBytes(t, b, rows.MustSchema(rows.Column{Name: "id", Kind: rows.String, Required: true}))
	assert.Empty(t, got)
	var es *rows.Errors
	require.ErrorAs(t, err, &es)
	assert.Len(t, es.List, 50)
	assert.Equal(t, 70, es.More)
	assert.Equal(t, int64(50), es.List[49].Row, "rows are numbered across row groups")
}
