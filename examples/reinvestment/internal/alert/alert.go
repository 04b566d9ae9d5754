// Package alert is the reinvestment job's domain: the positions input and
// its checks, the alerts (due positions grouped by person), and the words
// HubSpot shows: the contact properties, the product lines and the
// advisor's task, in Portuguese.
package alert

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/cdp/rows"
)

// Due is a position inside the alert window with its expiry facts.
type Due = calendar.Due[Position]

// Alert is what one person's contact must show: the positions that mature
// within the lead, their exact total and the earliest payment date.
type Alert struct {
	Person     string
	Positions  []Due // by payment date, maturity, product name, position id
	Amount     decimal.Decimal
	NextExpiry calendar.Date
}

// Group turns the due positions grouped by person into Group, sorted by
// person ID.
func Group(g *calendar.DueGroups[string, Position]) []Alert {
	groups := g.Groups(func(x, y Position) int {
		if c := strings.Compare(x.ProductName, y.ProductName); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	out := make([]Alert, len(groups))
	for i, grp := range groups {
		a := Alert{Person: grp.Key, Positions: grp.Items, NextExpiry: grp.Next()}
		for _, p := range grp.Items {
			a.Amount = a.Amount.Add(p.Item.Amount)
		}
		out[i] = a
	}
	return out
}

// ProductsText lists every due position for the advisor, one a line:
// "CDB Banco Alfa (CDB): vence em 18/02/2026, R$ 1.234,56".
func (a Alert) ProductsText() string {
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

// Collect streams the positions of r (see Read), keeps those due as of
// asOf and groups them by the person person returns; a due position whose
// person is not kept (false: another partition's) is counted in skipped.
func Collect(ctx context.Context, r *rows.Reader, det calendar.ExpiryDetector, asOf calendar.Date, person func(Position) (string, bool)) (alerts []Alert, read, skipped int, err error) {
	var g calendar.DueGroups[string, Position]
	read, err = Read(ctx, r, func(p Position) {
		if e := det.Check(asOf, p.Maturity); e.Due {
			if id, keep := person(p); keep {
				g.Add(id, Due{Item: p, Expiry: e})
			} else {
				skipped++
			}
		}
	})
	return Group(&g), read, skipped, err
}

// Totals counts the due positions of alerts and sums their amounts.
func Totals(alerts []Alert) (positions int, amount decimal.Decimal) {
	for _, a := range alerts {
		positions += len(a.Positions)
		amount = amount.Add(a.Amount)
	}
	return positions, amount
}
