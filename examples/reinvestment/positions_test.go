package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
)

func TestReadPositions(t *testing.T) {
	in := "amount,extra,maturity_date,product_type,product_name,cpf,user_id,position_id\n" +
		"1234.56,x,2026-02-16,CDB,CDB Banco Alfa,,u-1,P1\n" +
		"0.10,y,2026-02-19,LCI,LCI Beta, 529.982.247-25 ,,P2\n"
	got, err := readPositions(strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, []Position{
		{ID: "P1", UserID: "u-1", ProductName: "CDB Banco Alfa", ProductType: "CDB",
			Maturity: calendar.MustParseDate("2026-02-16"), Amount: decimal.RequireFromString("1234.56"), Line: 2},
		{ID: "P2", CPF: "529.982.247-25", ProductName: "LCI Beta", ProductType: "LCI",
			Maturity: calendar.MustParseDate("2026-02-19"), Amount: decimal.RequireFromString("0.10"), Line: 3},
	}, got)
	assert.Equal(t, "0.10", got[1].Amount.StringFixed(2))
}

func TestReadPositionsBadInput(t *testing.T) {
	const header = "position_id,user_id,cpf,product_name,product_type,maturity_date,amount\n"
	cases := []struct {
		name string
		in   string
		want []string // every message expected, in order
	}{
		{"empty file", "", []string{"line 1: empty file: want a header with position_id,user_id,cpf,product_name,product_type,maturity_date,amount"}},
		{"missing columns", "position_id,user_id,amount\n", []string{"line 1: header lacks column(s) cpf, product_name, product_type, maturity_date"}},
		{"bad date", header + "P1,u-1,,CDB,CDB,2026-02-30,10\n", []string{`line 2, column maturity_date: calendar: invalid date "2026-02-30": day 30 out of range for 2026-02`}},
		{"bad amount", header + "P1,u-1,,CDB,CDB,2026-02-20,1.234,56\n", []string{"line 2: has 8 fields, the header has 7"}},
		{"comma decimal", header + "P1,u-1,,CDB,CDB,2026-02-20,\"1234,56\"\n", []string{`line 2, column amount: "1234,56" is not a decimal amount like 1234.56`}},
		{"negative amount", header + "P1,u-1,,CDB,CDB,2026-02-20,-5\n", []string{`line 2, column amount: "-5" is negative: want an amount >= 0`}},
		{"exponent", header + "P1,u-1,,CDB,CDB,2026-02-20,1e3\n", []string{`line 2, column amount: "1e3" is not a decimal amount like 1234.56`}},
		{"no holder", header + "P1,,,CDB,CDB,2026-02-20,1\n", []string{"line 2, column user_id: user_id and cpf are both empty: one is required"}},
		{"duplicate id", header + "P1,u-1,,CDB,CDB,2026-02-20,1\nP1,u-2,,CDB,CDB,2026-02-20,1\n", []string{`line 3, column position_id: "P1" repeats the position on line 2`}},
		{"several errors", header + "P1,u-1,,CDB,CDB,2026-02-20,x\n,u-2,,,CDB,2026-02-20,1\n", []string{
			`line 2, column amount: "x" is not a decimal amount like 1234.56`,
			"line 3, column position_id: is required",
			"line 3, column product_name: is required",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readPositions(strings.NewReader(tc.in))
			require.Error(t, err)
			assert.Nil(t, got)
			assert.Equal(t, strings.Join(tc.want, "\n"), err.Error())
			var ie *InputError
			assert.True(t, errors.As(err, &ie), "error %v is not an *InputError", err)
		})
	}
}

func TestParseAmount(t *testing.T) {
	for _, ok := range []string{"0", "0.10", "1234.56", "1000000000000.0001"} {
		d, err := parseAmount(ok)
		require.NoError(t, err, ok)
		assert.True(t, d.Equal(decimal.RequireFromString(ok)), ok)
	}
	for _, bad := range []string{"", ".5", "5.", "1.2.3", "1,5", "+1", "-1", "1e2", "NaN", " 1"} {
		_, err := parseAmount(bad)
		assert.Error(t, err, "%q should be refused", bad)
	}
}
