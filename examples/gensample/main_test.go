package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/identity"
)

func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, generate(20, 50, dir, "2026-02-13", 3, "csv"))

	f, err := os.Open(filepath.Join(dir, "positions.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	assert.Len(t, rows, 51)
	assert.Equal(t, []string{"position_id", "user_id", "cpf", "product_name", "product_type", "maturity_date", "amount"}, rows[0])

	o, err := os.Open(filepath.Join(dir, "identities.ndjson"))
	require.NoError(t, err)
	defer o.Close()
	sc := bufio.NewScanner(o)
	n := 0
	for sc.Scan() {
		var obs struct {
			Identifiers map[string]string `json:"identifiers"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &obs))
		_, err := identity.NormalizeCPF(obs.Identifiers["cpf"])
		assert.NoError(t, err, "line %d: generated CPF %q", n+1, obs.Identifiers["cpf"])
		n++
	}
	assert.Equal(t, 20, n)

	// Same flags, same bytes.
	again := t.TempDir()
	require.NoError(t, generate(20, 50, again, "2026-02-13", 3, "csv"))
	for _, name := range []string{"positions.csv", "identities.ndjson"} {
		a, _ := os.ReadFile(filepath.Join(dir, name))
		b, _ := os.ReadFile(filepath.Join(again, name))
		assert.Equal(t, a, b, name)
	}
	assert.Error(t, generate(0, 1, dir, "2026-02-13", 1, "csv"))
	assert.Error(t, generate(1, 1, dir, "13/02/2026", 1, "csv"))
	assert.Error(t, generate(1, 1, dir, "2026-02-13", 1, "xlsx"))
}
