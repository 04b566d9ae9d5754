package rows_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp/rows"
)

func Example() {
	schema := rows.MustSchema(
		rows.Column{Name: "position_id", Kind: rows.String, Required: true, MaxLen: 64},
		rows.Column{Name: "cpf", Kind: rows.String, PII: true},
		rows.Column{Name: "maturity_date", Kind: rows.Date, Required: true},
		rows.Column{Name: "amount", Kind: rows.Decimal, Required: true},
	)
	const (
		colID = iota
		colCPF
		colMaturity
		colAmount
	)
	in := "\ufeffamount,position_id,maturity_date,cpf,extra\n" +
		"1500.50,P1,2026-02-17,123.456.789-09,x\n" +
		"\"1.234,56\",P2,2026-02-18,,x\n" +
		"10,P3,17/02/2026,not-a-cpf,x\n"
	r, err := rows.NewCSV(strings.NewReader(in), "positions.csv", schema)
	if err != nil {
		fmt.Println(err)
		return
	}
	for r.Next(context.Background()) {
		row := r.Row()
		fmt.Println(row.String(colID), row.Date(colMaturity), row.Decimal(colAmount), row.Has(colCPF))
	}
	fmt.Println(r.Err())
	// Output:
	// P1 2026-02-17 1500.5 true
	// positions.csv: line 3, column amount: invalid decimal "1.234,56": use '.' for the decimal point and no thousands separator, as in 1234.56 (a decimal comma like 1.234,56 is not accepted)
	// positions.csv: line 4, column maturity_date: invalid date "17/02/2026": write dates as YYYY-MM-DD (13/02/2026 is 2026-02-13)
}
