package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// platformRow is one row of the platform source, in every format.
type platformRow struct {
	UserID       *string `parquet:"user_id,optional"`
	Email        *string `parquet:"email,optional"`
	CPF          *string `parquet:"cpf,optional"`
	Cents        int64   `parquet:"total_invested,decimal(2:18)"`
	Profile      string  `parquet:"investor_profile"`
	OptIn        bool    `parquet:"opt_in_marketing"`
	NextMaturity *int32  `parquet:"next_maturity,optional,date"` // days since 1970-01-01
	UpdatedAt    int64   `parquet:"updated_at,timestamp(millisecond:utc)"`
}

func str(s string) *string { return &s }

func day(s string) *int32 {
	t, _ := time.Parse(time.DateOnly, s)
	d := int32(t.Unix() / 86400)
	return &d
}

var updated = time.Date(2026, 2, 10, 12, 0, 0, 0, time.UTC).UnixMilli()

var platformRows = []platformRow{
	{str("u-1001"), str("ana.souza@exemplo.com.br"), str("529.982.247-25"), 25000000, "arrojado", true, day("2026-03-16"), updated},
	{str("u-1002"), str("bruno.lima@exemplo.com.br"), str("11144477735"), 150050, "moderado", true, nil, updated},
	{str("u-1003"), str("carla.dias@exemplo.com.br"), nil, 8000000, "conservador", true, day("2026-04-01"), updated},
	{str("u-1005"), nil, str("158.392.645-39"), 3000010, "moderado", true, nil, updated},
}

// encode writes rows as CSV, NDJSON or Parquet.
func encode(t *testing.T, format string, rows []platformRow) string {
	t.Helper()
	var b bytes.Buffer
	if format == "parquet" {
		require.NoError(t, parquet.Write(&b, rows))
		return b.String()
	}
	if format == "csv" {
		b.WriteString("user_id,email,cpf,total_invested,investor_profile,opt_in_marketing,next_maturity,updated_at\n")
	}
	for _, r := range rows {
		cells := []string{opt(r.UserID), opt(r.Email), opt(r.CPF), fmt.Sprintf("%d.%02d", r.Cents/100, r.Cents%100), r.Profile,
			fmt.Sprint(r.OptIn), "", time.UnixMilli(r.UpdatedAt).UTC().Format(time.RFC3339)}
		if r.NextMaturity != nil {
			cells[6] = time.Unix(int64(*r.NextMaturity)*86400, 0).UTC().Format(time.DateOnly)
		}
		if format == "csv" {
			b.WriteString(strings.Join(cells, ",") + "\n")
			continue
		}
		obj := map[string]any{"total_invested": json.Number(cells[3]), "investor_profile": cells[4], "opt_in_marketing": r.OptIn, "updated_at": cells[7]}
		for i, k := range []string{"user_id", "email", "cpf", "", "", "", "next_maturity"} {
			if k != "" && cells[i] != "" {
				obj[k] = cells[i]
			}
		}
		line, err := json.Marshal(obj)
		require.NoError(t, err)
		b.Write(append(line, '\n'))
	}
	return b.String()
}

func opt(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestFormatsGiveTheSameWrites(t *testing.T) {
	var got []map[string]map[string]string
	for _, format := range []string{"csv", "ndjson", "parquet"} {
		srv := hubspottest.NewServer()
		name := "platform." + format
		spec := sampleDir(t, map[string]string{name: encode(t, format, platformRows),
			"spec.json": specWith(t, `"platform.csv"`, fmt.Sprintf("%q", name))})
		r := runJob(t, realEnv(srv), "-spec", spec, "-state", filepath.Join(t.TempDir(), "state.json"), "-tier", "unlimited")
		require.Equal(t, exitOK, r.code, "%s: %s", format, r.stderr)
		got = append(got, contacts(srv, managed...))
		srv.Close()
	}
	require.Len(t, got[0], 3, "ana, bruno and carla: fabio has no platform row, so no total, and is no member")
	assert.Equal(t, "250000.00", got[0]["ana.souza@exemplo.com.br"]["cdp_total_invested"])
	assert.Equal(t, got[0], got[1], "NDJSON")
	assert.Equal(t, got[0], got[2], "Parquet")
}
