package parquetrows_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/cdp/rows/parquetrows"
)

var positions = rows.MustSchema(
	rows.Column{Name: "position_id", Kind: rows.String, Required: true, MaxLen: 64},
	rows.Column{Name: "user_id", Kind: rows.String, MaxLen: 64},
	rows.Column{Name: "cpf", Kind: rows.String, PII: true, MaxLen: 14},
	rows.Column{Name: "product_name", Kind: rows.String, Required: true, MaxLen: 200},
	rows.Column{Name: "product_type", Kind: rows.String, MaxLen: 32},
	rows.Column{Name: "maturity_date", Kind: rows.Date, Required: true},
	rows.Column{Name: "amount", Kind: rows.Decimal, Required: true},
)

var positionFields = []field{
	{"position_id", parquet.String()},
	{"user_id", parquet.Optional(parquet.String())},
	{"cpf", parquet.Optional(parquet.String())},
	{"product_name", parquet.String()},
	{"product_type", parquet.String()},
	{"maturity_date", parquet.Date()},
	{"amount", parquet.Decimal(2, 18, parquet.Int64Type)},
}

// positionsFile writes n positions in row groups of perGroup rows.
func positionsFile(tb testing.TB, n int, perGroup int64) []byte {
	data := make([][]any, n)
	for i := range data {
		var user, cpf any = fmt.Sprintf("u-%07d", i%30000), nil
		if i%4 == 1 {
			cpf = "123.456.789-09"
		}
		data[i] = []any{fmt.Sprintf("P%08d", i+1), user, cpf, "CDB Banco Alfa", "CDB", int32(20497 + i%60), int64(10000 + i*7%5000000)}
	}
	return writeParquet(tb, positionFields, data, perGroup)
}

// BenchmarkParquetPositions reads positions rows; one op is one row.
func BenchmarkParquetPositions(b *testing.B) {
	const n = 100_000
	file := positionsFile(b, n, 10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; {
		r, err := parquetrows.NewReader(bytes.NewReader(file), int64(len(file)), "p.parquet", positions)
		require.NoError(b, err)
		for done < b.N && r.Next(context.Background()) {
			_ = r.Row().Decimal(6)
			done++
		}
		require.NoError(b, r.Err())
	}
}

// TestParquetMemoryFlat checks that memory is bounded by a row group, not
// by the file: the bytes allocated per row stay flat when a file has ten
// times more row groups (a reader that kept rows, or whole columns, would
// allocate more per row as the file grows).
func TestParquetMemoryFlat(t *testing.T) {
	perRow := func(groups int) float64 {
		file := positionsFile(t, groups*2000, 2000)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r, err := parquetrows.NewReader(bytes.NewReader(file), int64(len(file)), "p.parquet", positions)
		require.NoError(t, err)
		n := 0
		for r.Next(context.Background()) {
			n++
		}
		require.NoError(t, r.Err())
		runtime.ReadMemStats(&after)
		require.Equal(t, groups*2000, n)
		return float64(after.TotalAlloc-before.TotalAlloc) / float64(n)
	}
	small := perRow(5)
	large := perRow(50)
	assert.InDelta(t, small, large, small*0.25, "bytes allocated per row: %.0f for 5 row groups, %.0f for 50", small, large)
}
