package parquetrows_test

import (
	"bytes"
	"context"
	"fmt"
	"testing/fstest"

	"github.com/parquet-go/parquet-go"

	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/cdp/rows/parquetrows"
)

func Example() {
	// A Spark-style output folder with one part file.
	type position struct {
		ID       string  `parquet:"position_id"`
		CPF      *string `parquet:"cpf,optional"`
		Maturity int32   `parquet:"maturity_date,date"`
		Amount   int64   `parquet:"amount,decimal(2:18)"`
	}
	var buf bytes.Buffer
	cpf := "123.456.789-09"
	if err := parquet.Write(&buf, []position{
		{ID: "P1", CPF: &cpf, Maturity: 20501, Amount: 150050},
		{ID: "P2", Maturity: 20502, Amount: 99},
	}); err != nil {
		fmt.Println(err)
		return
	}
	fsys := fstest.MapFS{
		"positions/part-00000-a.snappy.parquet": {Data: buf.Bytes()},
		"positions/_SUCCESS":                    {},
	}

	schema := rows.MustSchema(
		rows.Column{Name: "position_id", Kind: rows.String, Required: true},
		rows.Column{Name: "cpf", Kind: rows.String, PII: true},
		rows.Column{Name: "maturity_date", Kind: rows.Date, Required: true},
		rows.Column{Name: "amount", Kind: rows.Decimal, Required: true},
	)
	r, err := parquetrows.Open(fsys, "positions", schema)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	for r.Next(context.Background()) {
		row := r.Row()
		fmt.Println(row.Pos().Source, row.Pos().Row, row.String(0), row.Has(1), row.Date(2), row.Decimal(3).StringFixed(2))
	}
	fmt.Println("error:", r.Err())
	// Output:
	// part-00000-a.snappy.parquet 1 P1 true 2026-02-17 1500.50
	// part-00000-a.snappy.parquet 2 P2 false 2026-02-18 0.99
	// error: <nil>
}
