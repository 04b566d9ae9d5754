// Command quickstart is the README's quick start: the SDK's packages wired
// together in one page. It stitches two observations into one person, finds
// the person's position that matures within two ANBIMA business days, and
// upserts their HubSpot contact through a delivery pipeline, against an
// in-process HubSpot.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
	"github.com/warrenbrasil/customerdata/identity"
)

func main() {
	// Production keys person IDs with a secret (16+ random bytes); without
	// one they are a plain hash anyone can recompute from a CPF.
	if err := run(context.Background(), os.Stdout, []byte(os.Getenv("CDP_IDENTITY_KEY"))); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer, idKey []byte) error {
	// 1. Identity: two systems, one person.
	g, err := identity.New(identity.Config{Key: idKey}) // default rules: 1 user_id and 1 CPF per person
	if err != nil {
		return err
	}
	at := time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
	for _, obs := range []identity.Observation{
		{Source: "platform", ObservedAt: at, Identifiers: []cdp.Identifier{{Type: cdp.UserID, Value: "u-1"}, {Type: cdp.Email, Value: "Ana@Exemplo.com.br"}}},
		{Source: "core_banking", ObservedAt: at, Identifiers: []cdp.Identifier{{Type: cdp.CPF, Value: "529.982.247-25"}, {Type: cdp.Email, Value: "ana@exemplo.com.br"}}},
	} {
		if err := g.Add(obs); err != nil {
			return err
		}
	}
	person, _ := g.PersonOf(cdp.Identifier{Type: cdp.CPF, Value: "52998224725"})
	email, _ := person.Latest(cdp.Email)
	fmt.Fprintf(w, "person=%s email=%s\n", person.ID, email.Masked()) // never print the full address

	// 2. Calendar: as of Friday before Carnival 2026, a Monday-16 maturity
	// is paid Wednesday 18, one business day ahead.
	det := calendar.ExpiryDetector{Calendar: calendar.ANBIMA(), Lead: 2}
	e := det.Check(calendar.MustParseDate("2026-02-13"), calendar.MustParseDate("2026-02-16"))
	fmt.Fprintf(w, "due=%v paid=%s business days left=%d\n", e.Due, e.Effective, e.DaysLeft)

	// 3. HubSpot, through the delivery pipeline (an in-process HubSpot here;
	// hubspot.New(token) talks to the real one).
	srv := hubspottest.NewServer()
	defer srv.Close()
	client, err := hubspot.New(srv.Token, hubspot.WithBaseURL(srv.URL))
	if err != nil {
		return err
	}
	if _, err := client.Properties.EnsureSchema(ctx, "contacts",
		hubspot.PropertyGroup{Name: "cdp_investments", Label: "Investimentos (CDP)"},
		[]hubspot.Property{{Name: "cdp_reinvestable_amount", Label: "Valor disponível para reinvestimento",
			Type: "number", FieldType: "number", GroupName: "cdp_investments"}}); err != nil {
		return err
	}
	contacts, err := hubspot.NewContactsDestination(client, "email")
	if err != nil {
		return err
	}
	p, err := destination.New(contacts, destination.Config[hubspot.Properties]{}) // defaults: batches of 100, retries, dead letters kept
	if err != nil {
		return err
	}
	props := hubspot.Properties{"cdp_reinvestable_amount": cdp.NumberValue(decimal.RequireFromString("1234.56"))}
	fp, _ := destination.Fingerprint(props)
	if err := p.Enqueue(ctx, destination.Record[hubspot.Properties]{Key: email.Value, Payload: props, Fingerprint: fp}); err != nil {
		return err
	}
	report, err := p.Close(ctx) // flushes, waits, and says what happened to every record
	if err != nil {
		return err
	}
	c, _ := srv.Contact(email.Value)
	fmt.Fprintf(w, "delivered=%d dead-lettered=%d amount=%s\n", report.Delivered, report.DeadLettered, c.Properties["cdp_reinvestable_amount"])
	return nil
}
