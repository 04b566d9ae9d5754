package alert

import (
	"fmt"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// Task is the advisor's call, with a deterministic marker: one task per
// HubSpot contact and payment date, however often the job runs. The marker
// derives from the contact's HubSpot id, never from a person's
// Identifiers, and survives a rotation of CDP_IDENTITY_KEY.
func (a Alert) Task(contactID, owner string, cal *calendar.Calendar, asOf calendar.Date, loc *time.Location) hubspot.Task {
	// Due at noon in São Paulo on the last business day before the
	// payment, or on the as-of date when that is already past.
	d := cal.PreviousBusinessDay(a.NextExpiry)
	if d.Before(asOf) {
		d = asOf
	}
	return hubspot.Task{Key: "reinvestment:" + contactID + ":" + a.NextExpiry.String(), ContactID: contactID, OwnerID: owner,
		Subject: a.TaskSubject(), Body: a.TaskBody(), Due: time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, loc), Priority: "HIGH", Type: "CALL"}
}

// TaskSubject is the line an advisor sees in the task queue: the amount, and
// the maturity and payment dates of the first position to be paid
// ("vence em 16/02/2026, pago em 18/02/2026" when the maturity falls on a
// non-business day).
func (a Alert) TaskSubject() string {
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

// TaskBody says what matures, when, and what the advisor may and may not do.
func (a Alert) TaskBody() string {
	var b strings.Builder
	last := a.Positions[len(a.Positions)-1].Expiry.Effective
	if len(a.Positions) == 1 {
		fmt.Fprintf(&b, "O cliente tem 1 posição de renda fixa com pagamento em %s:\n", last.FormatBR())
	} else {
		fmt.Fprintf(&b, "O cliente tem %d posições de renda fixa com pagamento até %s:\n", len(a.Positions), last.FormatBR())
	}
	for _, line := range strings.Split(a.ProductsText(), "\n") {
		b.WriteString("- ")
		b.WriteString(line)
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "Valor disponível para reinvestimento: %s.\n", cdp.FormatBRL(a.Amount))
	b.WriteString("Ligue antes do pagamento e apresente as opções de reinvestimento. " +
		"Nada pode ser reinvestido sem o consentimento do cliente.")
	return b.String()
}
