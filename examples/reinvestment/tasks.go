package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// task is the advisor's call, with a deterministic marker: one task per
// HubSpot contact and payment date, however often the job runs. The marker
// derives from the contact's HubSpot id, never from a person's
// identifiers, and survives a rotation of CDP_IDENTITY_KEY.
func (a alert) task(contactID, owner string, o options) hubspot.Task {
	// Due at noon in São Paulo on the last business day before the
	// payment, or on the as-of date when that is already past.
	d := o.cal.PreviousBusinessDay(a.NextExpiry)
	if d.Before(o.asOf) {
		d = o.asOf
	}
	return hubspot.Task{Key: "reinvestment:" + contactID + ":" + a.NextExpiry.String(), ContactID: contactID, OwnerID: owner,
		Subject: a.taskSubject(), Body: a.taskBody(), Due: time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, o.loc), Priority: "HIGH", Type: "CALL"}
}

// taskSubject is the line an advisor sees in the task queue: the amount, and
// the maturity and payment dates of the first position to be paid
// ("vence em 16/02/2026, pago em 18/02/2026" when the maturity falls on a
// non-business day).
func (a alert) taskSubject() string {
	first := a.Positions[0].Expiry
	s := fmt.Sprintf("Reinvestimento: %s vence em %s", cdp.FormatBRL(a.Amount), first.Maturity.FormatBR())
	if first.Effective != first.Maturity {
		s += ", pago em " + first.Effective.FormatBR()
	}
	if len(a.Positions) > 1 {
		s += fmt.Sprintf(" (%d posições)", len(a.Positions))
	}
	return s
}

// taskBody says what matures, when, and what the advisor may and may not do.
func (a alert) taskBody() string {
	var b strings.Builder
	last := a.Positions[len(a.Positions)-1].Expiry.Effective
	if len(a.Positions) == 1 {
		fmt.Fprintf(&b, "O cliente tem 1 posição de renda fixa com pagamento em %s:\n", last.FormatBR())
	} else {
		fmt.Fprintf(&b, "O cliente tem %d posições de renda fixa com pagamento até %s:\n", len(a.Positions), last.FormatBR())
	}
	for _, line := range strings.Split(a.productsText(), "\n") {
		b.WriteString("- ")
		b.WriteString(line)
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "Valor disponível para reinvestimento: %s.\n", cdp.FormatBRL(a.Amount))
	b.WriteString("Ligue antes do pagamento e apresente as opções de reinvestimento. " +
		"Nada pode ser reinvestido sem o consentimento do cliente.")
	return b.String()
}
