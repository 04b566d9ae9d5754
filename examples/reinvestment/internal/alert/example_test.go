package alert_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/examples/reinvestment/internal/alert"
)

// Two positions of one person fall due as of the Friday before Carnival
// 2026: one alert, in payment order, with the words the advisor reads.
func Example() {
	det := calendar.ExpiryDetector{Calendar: calendar.ANBIMA(), Lead: 2}
	asOf := calendar.MustParseDate("2026-02-13")
	var g calendar.DueGroups[string, alert.Position]
	for _, p := range []alert.Position{
		{ID: "P2", UserID: "u-1", ProductName: "CDB Alfa", ProductType: "CDB", Maturity: calendar.MustParseDate("2026-02-19"), Amount: decimal.RequireFromString("1000.20")},
		{ID: "P1", UserID: "u-1", ProductName: "LCI Beta", ProductType: "LCI", Maturity: calendar.MustParseDate("2026-02-16"), Amount: decimal.RequireFromString("0.10")},
	} {
		g.Add("person-1", alert.Due{Item: p, Expiry: det.Check(asOf, p.Maturity)})
	}
	a := alert.Group(&g)[0]
	fmt.Println(a.TaskSubject())
	fmt.Println(a.ProductsText())
	// Output:
	// Reinvestimento: R$ 1.000,30 vence em 16/02/2026, pago em 18/02/2026 (2 posições)
	// LCI Beta (LCI): vence em 16/02/2026 (pago em 18/02/2026), R$ 0,10
	// CDB Alfa (CDB): vence em 19/02/2026, R$ 1.000,20
}
