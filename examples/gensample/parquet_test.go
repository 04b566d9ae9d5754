package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/cdp/rows/parquetrows"
)

var positionsSchema = rows.MustSchema(
	rows.Column{Name: "position_id", Kind: rows.String, Required: true},
	rows.Column{Name: "user_id", Kind: rows.String},
	rows.Column{Name: "cpf", Kind: rows.String, PII: true},
	rows.Column{Name: "product_name", Kind: rows.String, Required: true},
	rows.Column{Name: "product_type", Kind: rows.String},
	rows.Column{Name: "maturity_date", Kind: rows.Date, Required: true},
	rows.Column{Name: "amount", Kind: rows.Decimal, Required: true},
)

// identitySchema returns the observation columns; NDJSON nests the
// identifiers under "identifiers", Parquet has them at the top level.
func identitySchema(prefix string) *rows.Schema {
	return rows.MustSchema(
		rows.Column{Name: "source", Kind: rows.String, Required: true},
		rows.Column{Name: "observed_at", Kind: rows.Timestamp, Required: true},
		rows.Column{Name: prefix + "user_id", Kind: rows.String},
		rows.Column{Name: prefix + "email", Kind: rows.String, PII: true},
		rows.Column{Name: prefix + "cpf", Kind: rows.String, PII: true},
		rows.Column{Name: prefix + "phone", Kind: rows.String, PII: true},
	)
}

func values(t *testing.T, r *rows.Reader) [][]any {
	t.Helper()
	defer r.Close()
	var out [][]any
	for r.Next(context.Background()) {
		out = append(out, r.Row().Values())
	}
	require.NoError(t, r.Err())
	return out
}

func TestParquetMatchesText(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, generate(120, 700, dir, "2026-02-13", 5, "all"))
	fsys := os.DirFS(dir)

	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join(dir, name))
		require.NoError(t, err)
		t.Cleanup(func() { f.Close() })
		return f
	}
	csvR, err := rows.NewCSV(open("positions.csv"), "positions.csv", positionsSchema)
	require.NoError(t, err)
	pqR, err := parquetrows.Open(fsys, "positions.parquet", positionsSchema)
	require.NoError(t, err)
	fromCSV, fromParquet := values(t, csvR), values(t, pqR)
	require.Len(t, fromCSV, 700)
	assert.Equal(t, fromCSV, fromParquet)

	ndR, err := rows.NewNDJSON(open("identities.ndjson"), "identities.ndjson", identitySchema("identifiers."))
	require.NoError(t, err)
	piR, err := parquetrows.Open(fsys, "identities.parquet", identitySchema(""))
	require.NoError(t, err)
	fromNDJSON, fromParquet := values(t, ndR), values(t, piR)
	require.Len(t, fromNDJSON, 120)
	assert.Equal(t, fromNDJSON, fromParquet)
	assert.Nil(t, fromNDJSON[49][3], "person 50 has no e-mail")
	assert.Nil(t, fromNDJSON[1][5], "person 2 has no phone")
}

func TestParquetOnly(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, generate(3, 4, dir, "2026-02-13", 1, "parquet"))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"identities.parquet", "positions.parquet"}, names)
}
