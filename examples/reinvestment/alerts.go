package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
)

// duePosition is a position inside the alert window with its expiry facts.
type duePosition struct {
	Position
	Expiry calendar.Expiry
}

// alert is what one person's contact must show: the positions that mature
// within the lead, their exact total and the earliest payment date.
type alert struct {
	PersonID   string
	Positions  []duePosition // by effective maturity, product name, position id
	Amount     decimal.Decimal
	NextExpiry calendar.Date
}

// alertGroups groups due positions by person as they are read.
type alertGroups struct {
	byPerson map[string]*alert
}

// add files a due position under its person.
func (g *alertGroups) add(person string, p duePosition) {
	if g.byPerson == nil {
		g.byPerson = make(map[string]*alert)
	}
	a := g.byPerson[person]
	if a == nil {
		a = &alert{PersonID: person}
		g.byPerson[person] = a
	}
	a.Positions = append(a.Positions, p)
}

// alerts returns the alerts sorted by person ID, each with its positions
// sorted by payment date, maturity, product name and position id.
func (g *alertGroups) alerts() []alert {
	alerts := make([]alert, 0, len(g.byPerson))
	for _, a := range g.byPerson {
		slices.SortFunc(a.Positions, func(x, y duePosition) int {
			return cmp.Or(x.Expiry.Effective.Compare(y.Expiry.Effective),
				x.Maturity.Compare(y.Maturity),
				strings.Compare(x.ProductName, y.ProductName),
				strings.Compare(x.ID, y.ID))
		})
		a.NextExpiry = a.Positions[0].Expiry.Effective
		for _, p := range a.Positions {
			a.Amount = a.Amount.Add(p.Amount)
		}
		alerts = append(alerts, *a)
	}
	slices.SortFunc(alerts, func(x, y alert) int { return strings.Compare(x.PersonID, y.PersonID) })
	return alerts
}

// buildAlerts detects due positions and groups them by person. personOf maps
// a position to the person that holds it. Alerts come sorted by person ID.
func buildAlerts(positions []Position, det calendar.ExpiryDetector, asOf calendar.Date, personOf func(Position) string) []alert {
	var g alertGroups
	for _, p := range positions {
		if e := det.Check(asOf, p.Maturity); e.Due {
			g.add(personOf(p), duePosition{Position: p, Expiry: e})
		}
	}
	return g.alerts()
}

// plainAmount writes an amount as the number property holds it: exact, with
// its scale ("9596.00"), never an exponent.
func plainAmount(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// productsText lists every due position for the advisor, one a line:
// "CDB Banco Alfa (CDB): vence em 18/02/2026, R$ 1.234,56".
func (a alert) productsText() string {
	var b strings.Builder
	for i, p := range a.Positions {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.ProductName)
		if p.ProductType != "" {
			fmt.Fprintf(&b, " (%s)", p.ProductType)
		}
		fmt.Fprintf(&b, ": vence em %s", brDate(p.Expiry.Maturity))
		if p.Expiry.Effective != p.Expiry.Maturity {
			fmt.Fprintf(&b, " (pago em %s)", brDate(p.Expiry.Effective))
		}
		fmt.Fprintf(&b, ", %s", formatBRL(p.Amount))
	}
	return b.String()
}

// brDate writes a date as Brazilians read it: 18/02/2026.
func brDate(d calendar.Date) string {
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// formatBRL formats an amount as Brazilian reais for people to read:
// R$ 1.234,56. It rounds half away from zero to the cent; the exact amount
// is what goes into the number property.
func formatBRL(d decimal.Decimal) string {
	s := d.Abs().StringFixed(2)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if d.IsNegative() && s != "0.00" {
		b.WriteByte('-')
	}
	b.WriteString("R$ ")
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	b.WriteByte(',')
	b.WriteString(frac)
	return b.String()
}
