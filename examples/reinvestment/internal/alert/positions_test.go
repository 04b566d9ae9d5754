package alert

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
)

// readCSV reads positions from CSV text.
func readCSV(t *testing.T, in string) ([]Position, error) {
	t.Helper()
	r, err := jobkit.BytesRows([]byte(in), "positions.csv", jobkit.FormatCSV, Schema)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var got []Position
	_, err = Read(context.Background(), r.Reader, func(p Position) { got = append(got, p) })
	return got, err
}

func TestReadPositions(t *testing.T) {
	in := "\ufeffamount,extra,maturity_date,product_type,product_name,cpf,user_id,position_id\n" +
		"1234.56,x,2026-02-16,CDB,CDB Banco Alfa,,u-1,P1\n" +
		"0.10,y,2026-02-19,LCI,LCI Beta, 529.982.247-25 ,,P2\n"
	got, err := readCSV(t, in)
	require.NoError(t, err)
	assert.Equal(t, []Position{
		{ID: "P1", UserID: "u-1", ProductName: "CDB Banco Alfa", ProductType: "CDB",
			Maturity: calendar.MustParseDate("2026-02-16"), Amount: decimal.RequireFromString("1234.56")},
		{ID: "P2", CPF: "52998224725", ProductName: "LCI Beta", ProductType: "LCI",
			Maturity: calendar.MustParseDate("2026-02-19"), Amount: decimal.RequireFromString("0.10")},
	}, got)
	assert.Equal(t, "0.10", got[1].Amount.StringFixed(2))
}

func TestReadPositionsBadInput(t *testing.T) {
	const header = "position_id,user_id,cpf,product_name,product_type,maturity_date,amount\n"
	cases := []struct {
		name string
		in   string
		want []string // substrings of the error, in order
	}{
		{"missing columns", "position_id,user_id,amount\n", []string{"column product_name: missing column", "column maturity_date: missing column"}},
		{"semicolons", strings.ReplaceAll(header, ",", ";"), []string{"';'"}},
		{"bad date", header + "P1,u-1,,CDB,CDB,2026-02-30,10\n", []string{"line 2, column maturity_date"}},
		{"comma decimal", header + "P1,u-1,,CDB,CDB,2026-02-20,\"1234,56\"\n", []string{"line 2, column amount", "1234.56"}},
		{"negative amount", header + "P1,u-1,,CDB,CDB,2026-02-20,-5\n", []string{"line 2, column amount: is negative"}},
		{"no holder", header + "P1,,,CDB,CDB,2026-02-20,1\n", []string{"line 2, column user_id: user_id and cpf are both empty"}},
		{"wrong check digits", header + "P1,,529.982.247-26,CDB,CDB,2026-02-20,1\n", []string{"line 2, column cpf: is not a valid CPF"}},
		{"duplicate id", header + "P1,u-1,,CDB,CDB,2026-02-20,1\nP1,u-2,,CDB,CDB,2026-02-20,1\n", []string{`line 3, column position_id: "P1" repeats the position of line 2`}},
		{"Latin-1", header + "P1,u-1,,Cr\xe9dito,CDB,2026-02-20,1\n", []string{"line 2, column product_name", "UTF-8"}},
		{"too long", header + "P1,u-1,,CDB " + strings.Repeat("x", MaxProductName) + ",CDB,2026-02-20,1\n", []string{"line 2, column product_name"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readCSV(t, tc.in)
			require.Error(t, err)
			assert.LessOrEqual(t, len(got), 1, "only a good row before the bad one is passed on")
			msg := err.Error()
			for _, w := range tc.want {
				assert.Contains(t, msg, w)
			}
			assert.NotContains(t, msg, "529.982.247", "a CPF is never quoted")
			assert.NotContains(t, msg, "\ufffd")
		})
	}
}

func TestReadPositionsCountsTheRest(t *testing.T) {
	var b strings.Builder
	b.WriteString("position_id,user_id,cpf,product_name,product_type,maturity_date,amount\n")
	for i := range 120 {
		fmt.Fprintf(&b, "P%d,u-1,,CDB,CDB,2026-02-20,x\n", i)
	}
	_, err := readCSV(t, b.String())
	var errs *rows.Errors
	require.ErrorAs(t, err, &errs)
	assert.Equal(t, 120, errs.Rows)
	assert.Contains(t, err.Error(), "and 70 more")
	assert.Equal(t, 120, jobkit.BadRows(err))
}
