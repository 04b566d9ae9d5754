package rows_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp/rows"
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

const positionsHeader = "position_id,user_id,cpf,product_name,product_type,maturity_date,amount\n"

// positionsBody returns n CSV lines shaped like the generated sample.
func positionsBody(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "P%08d,u-%07d,123.456.789-09,CDB Banco Alfa,CDB,2026-02-%02d,%d.%02d\n", i+1, i%30000, 1+i%28, 100+i*7%500000, i%100)
	}
	return b.Bytes()
}

// repeatReader yields the header, then body times times.
type repeatReader struct {
	head, body []byte
	times      int
	cur        *bytes.Reader
}

func newRepeat(head, body []byte, times int) *repeatReader {
	return &repeatReader{head: head, body: body, times: times, cur: bytes.NewReader(head)}
}

func (r *repeatReader) Read(p []byte) (int, error) {
	for {
		n, err := r.cur.Read(p)
		if n > 0 || err != io.EOF {
			return n, err
		}
		if r.times == 0 {
			return 0, io.EOF
		}
		r.times--
		r.cur = bytes.NewReader(r.body)
	}
}

// readCount reads every row and returns how many were good.
func readCount(tb testing.TB, r *rows.Reader) int {
	n := 0
	for r.Next(context.Background()) {
		row := r.Row()
		_ = row.Decimal(6)
		n++
	}
	require.NoError(tb, r.Err())
	return n
}

// BenchmarkCSVPositions reads positions rows; one op is one row.
func BenchmarkCSVPositions(b *testing.B) {
	const chunk = 1000
	body := positionsBody(chunk)
	b.ReportAllocs()
	b.SetBytes(int64(len(body) / chunk))
	r, err := rows.NewCSV(newRepeat([]byte(positionsHeader), body, (b.N+chunk-1)/chunk), "p.csv", positions)
	require.NoError(b, err)
	b.ResetTimer()
	for i := 0; i < b.N && r.Next(context.Background()); i++ {
		_ = r.Row().Decimal(6)
	}
}

// BenchmarkNDJSONPositions reads the same rows as NDJSON; one op is one row.
func BenchmarkNDJSONPositions(b *testing.B) {
	var body bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&body, `{"position_id":"P%08d","user_id":"u-%07d","cpf":"123.456.789-09","product_name":"CDB Banco Alfa","product_type":"CDB","maturity_date":"2026-02-%02d","amount":%d.%02d}`+"\n",
			i+1, i, 1+i%28, 100+i*7%500000, i%100)
	}
	b.ReportAllocs()
	r, err := rows.NewNDJSON(newRepeat(nil, body.Bytes(), (b.N+999)/1000), "p.ndjson", positions)
	require.NoError(b, err)
	b.ResetTimer()
	for i := 0; i < b.N && r.Next(context.Background()); i++ {
		_ = r.Row().Decimal(6)
	}
}

// TestCSVMemoryFlat checks that bytes allocated per row do not grow with
// the input: reading 10 times more rows allocates about 10 times more.
func TestCSVMemoryFlat(t *testing.T) {
	body := positionsBody(1000)
	perRow := func(times int) float64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r, err := rows.NewCSV(newRepeat([]byte(positionsHeader), body, times), "p.csv", positions)
		require.NoError(t, err)
		n := readCount(t, r)
		runtime.ReadMemStats(&after)
		require.Equal(t, times*1000, n)
		return float64(after.TotalAlloc-before.TotalAlloc) / float64(n)
	}
	small := perRow(20)
	large := perRow(200)
	assert.InDelta(t, small, large, small*0.25, "bytes allocated per row: %.0f for 20k rows, %.0f for 200k rows", small, large)
}
