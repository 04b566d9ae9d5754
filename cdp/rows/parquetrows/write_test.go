package parquetrows_test

import (
	"bytes"
	"fmt"
	"sort"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/stretchr/testify/require"
)

// field is one column of a test file: a name and a Parquet node.
type field struct {
	name string
	node parquet.Node
}

// writeParquet writes rows (one Go value per field: nil for null, int32,
// int64, bool, string, []byte for FIXED_LEN_BYTE_ARRAY, deprecated.Int96)
// with an explicit schema, rowsPerGroup rows in each row group.
func writeParquet(t testing.TB, fields []field, data [][]any, rowsPerGroup int64) []byte {
	t.Helper()
	g := parquet.Group{}
	for _, f := range fields {
		g[f.name] = f.node
	}
	schema := parquet.NewSchema("test", g)
	type leaf struct {
		col      int
		optional bool
	}
	leaves := make([]leaf, len(fields))
	for i, f := range fields {
		l, ok := schema.Lookup(f.name)
		require.True(t, ok, f.name)
		leaves[i] = leaf{col: l.ColumnIndex, optional: f.node.Optional()}
	}
	var buf bytes.Buffer
	w := parquet.NewWriter(&buf, schema, parquet.MaxRowsPerRowGroup(rowsPerGroup), parquet.PageBufferSize(4096))
	for _, d := range data {
		require.Len(t, d, len(fields))
		row := make(parquet.Row, 0, len(fields))
		for i, x := range d {
			def := 0
			if x != nil && leaves[i].optional {
				def = 1
			}
			row = append(row, toValue(t, x).Level(0, def, leaves[i].col))
		}
		sort.Slice(row, func(a, b int) bool { return row[a].Column() < row[b].Column() })
		_, err := w.WriteRows([]parquet.Row{row})
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func toValue(t testing.TB, x any) parquet.Value {
	switch v := x.(type) {
	case nil:
		return parquet.NullValue()
	case int32:
		return parquet.Int32Value(v)
	case int64:
		return parquet.Int64Value(v)
	case bool:
		return parquet.BooleanValue(v)
	case string:
		return parquet.ByteArrayValue([]byte(v))
	case []byte:
		return parquet.FixedLenByteArrayValue(v)
	case deprecated.Int96:
		return parquet.Int96Value(v)
	case float64:
		return parquet.DoubleValue(v)
	}
	t.Fatalf("toValue: unsupported %T", x)
	return parquet.Value{}
}

// name is a helper for part file names.
func part(i int) string { return fmt.Sprintf("part-%05d-abc.snappy.parquet", i) }
