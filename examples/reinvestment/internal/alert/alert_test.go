package alert

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"

	"github.com/warrenbrasil/customerdata/calendar"
)

func TestBuildAlerts(t *testing.T) {
	det := calendar.ExpiryDetector{Calendar: calendar.ANBIMA(), Lead: 2}
	asOf := calendar.MustParseDate("2026-02-13") // Friday before Carnival 2026
	d := calendar.MustParseDate
	amt := decimal.RequireFromString
	positions := []Position{
		{ID: "1", UserID: "a", ProductName: "LCI Beta", ProductType: "LCI", Maturity: d("2026-02-16"), Amount: amt("0.10")},    // Carnival Monday: paid Wed 18
		{ID: "2", UserID: "a", ProductName: "CDB Alfa", ProductType: "CDB", Maturity: d("2026-02-19"), Amount: amt("1000.20")}, // Thu 19: 2 business days
		{ID: "3", UserID: "a", ProductName: "CDB Alfa", ProductType: "CDB", Maturity: d("2026-02-20"), Amount: amt("99")},      // Fri 20: 3 business days
		{ID: "4", UserID: "b", ProductName: "Tesouro", Maturity: d("2026-02-13"), Amount: amt("5")},                            // today: not due
		{ID: "5", CPF: "c", ProductName: "CRI Delta", ProductType: "CRI", Maturity: d("2026-02-14"), Amount: amt("1234.56")},   // Saturday: paid Wed 18
	}
	personOf := func(p Position) string {
		if p.UserID != "" {
			return "user:" + p.UserID
		}
		return "cpf:" + p.CPF
	}
	got := build(positions, det, asOf, personOf)
	if assert.Len(t, got, 2) {
		assert.Equal(t, "cpf:c", got[0].Person)
		assert.Equal(t, "user:a", got[1].Person)
		assert.Equal(t, "1000.30", got[1].Amount.StringFixed(2))
		assert.True(t, got[1].Amount.Equal(amt("1000.3")))
		assert.Equal(t, d("2026-02-18"), got[1].NextExpiry)
		assert.Equal(t, "LCI Beta (LCI): vence em 16/02/2026 (pago em 18/02/2026), R$ 0,10\n"+
			"CDB Alfa (CDB): vence em 19/02/2026, R$ 1.000,20", got[1].ProductsText())
		assert.Equal(t, "CRI Delta (CRI): vence em 14/02/2026 (pago em 18/02/2026), R$ 1.234,56", got[0].ProductsText())
	}
}

// Build detects due positions and groups them by person. personOf maps
// a position to the person that holds it. Alerts come sorted by person ID.
func build(positions []Position, det calendar.ExpiryDetector, asOf calendar.Date, personOf func(Position) string) []Alert {
	var g calendar.DueGroups[string, Position]
	for _, p := range positions {
		if e := det.Check(asOf, p.Maturity); e.Due {
			g.Add(personOf(p), Due{Item: p, Expiry: e})
		}
	}
	return Group(&g)
}
