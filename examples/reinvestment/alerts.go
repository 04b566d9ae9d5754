package main

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

// duePosition is a position inside the alert window with its expiry facts.
type duePosition = calendar.Due[Position]

// alert is what one person's contact must show: the positions that mature
// within the lead, their exact total and the earliest payment date.
type alert struct {
	PersonID   string
	Positions  []duePosition // by payment date, maturity, product name, position id
	Amount     decimal.Decimal
	NextExpiry calendar.Date
}

// alerts turns the due positions grouped by person into alerts, sorted by
// person ID.
func alerts(g *calendar.DueGroups[string, Position]) []alert {
	groups := g.Groups(func(x, y Position) int {
		if c := strings.Compare(x.ProductName, y.ProductName); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	out := make([]alert, len(groups))
	for i, grp := range groups {
		a := alert{PersonID: grp.Key, Positions: grp.Items, NextExpiry: grp.Next()}
		for _, p := range grp.Items {
			a.Amount = a.Amount.Add(p.Item.Amount)
		}
		out[i] = a
	}
	return out
}

// buildAlerts detects due positions and groups them by person. personOf maps
// a position to the person that holds it. Alerts come sorted by person ID.
func buildAlerts(positions []Position, det calendar.ExpiryDetector, asOf calendar.Date, personOf func(Position) string) []alert {
	var g calendar.DueGroups[string, Position]
	for _, p := range positions {
		if e := det.Check(asOf, p.Maturity); e.Due {
			g.Add(personOf(p), duePosition{Item: p, Expiry: e})
		}
	}
	return alerts(&g)
}

// productsText lists every due position for the advisor, one a line:
// "CDB Banco Alfa (CDB): vence em 18/02/2026, R$ 1.234,56".
func (a alert) productsText() string {
	var b strings.Builder
	for i, p := range a.Positions {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Item.ProductName)
		if p.Item.ProductType != "" {
			fmt.Fprintf(&b, " (%s)", p.Item.ProductType)
		}
		fmt.Fprintf(&b, ": vence em %s", p.Expiry.Maturity.FormatBR())
		if p.Expiry.Effective != p.Expiry.Maturity {
			fmt.Fprintf(&b, " (pago em %s)", p.Expiry.Effective.FormatBR())
		}
		fmt.Fprintf(&b, ", %s", cdp.FormatBRL(p.Item.Amount))
	}
	return b.String()
}
