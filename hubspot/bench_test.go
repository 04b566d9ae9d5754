package hubspot

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

func benchContacts(n int) []UpsertInput {
	in := make([]UpsertInput, n)
	for i := range in {
		in[i] = UpsertInput{ID: fmt.Sprintf("customer%03d@example.com", i), Properties: Properties{
			"firstname":           cdp.StringValue("Ana"),
			"lastname":            cdp.StringValue("Silva"),
			"cdp_expiring_amount": cdp.NumberValue(decimal.New(int64(1_500_000+i), -2)),
			"cdp_expiry_date":     cdp.DateValue(calendar.Date{Year: 2026, Month: time.December, Day: 1}),
			"cdp_last_seen":       cdp.TimestampValue(time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)),
			"cdp_vip":             cdp.BoolValue(i%2 == 0),
			"cdp_products":        cdp.StringsValue("CDB", "LCI"),
		}}
	}
	return in
}

func BenchmarkEncodeValue(b *testing.B) {
	values := map[string]cdp.Value{
		"number":    cdp.NumberValue(decimal.RequireFromString("1234567.89")),
		"date":      cdp.DateValue(calendar.Date{Year: 2026, Month: time.December, Day: 1}),
		"timestamp": cdp.TimestampValue(time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)),
		"strings":   cdp.StringsValue("CDB", "LCI", "LCA"),
	}
	for name, v := range values {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := EncodeValue(v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBuildUpsertRequest encodes 100 contacts of 7 properties and
// marshals the batch/upsert body: the client-side cost of one full batch.
func BenchmarkBuildUpsertRequest(b *testing.B) {
	c, err := New("t", WithLimits(Unlimited()))
	if err != nil {
		b.Fatal(err)
	}
	in := benchContacts(MaxBatchInputs)
	b.ReportAllocs()
	for b.Loop() {
		body, _, err := c.upsertInputs("email", in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := newRequest(http.MethodPost, "/crm/v3/objects/contacts/batch/upsert", batchRequest{Inputs: body}, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEndToEnd upserts batches of 100 contacts against the in-memory
// HubSpot without a rate limit and reports records per second.
func BenchmarkEndToEnd(b *testing.B) {
	_, c := newFake(b)
	ctx := context.Background()
	_, err := c.Properties.EnsureSchema(ctx, "contacts", PropertyGroup{Name: "cdp", Label: "CDP"}, []Property{
		{Name: "cdp_expiring_amount", Label: "Amount", Type: "number", FieldType: "number"},
		{Name: "cdp_expiry_date", Label: "Expiry", Type: "date", FieldType: "date"},
		{Name: "cdp_last_seen", Label: "Last seen", Type: "datetime", FieldType: "date"},
		{Name: "cdp_vip", Label: "VIP", Type: "bool", FieldType: "booleancheckbox",
			Options: []PropertyOption{{Label: "Yes", Value: "true"}, {Label: "No", Value: "false"}}},
		{Name: "cdp_products", Label: "Products", Type: "enumeration", FieldType: "checkbox",
			Options: []PropertyOption{{Label: "CDB", Value: "CDB"}, {Label: "LCI", Value: "LCI"}}},
	})
	if err != nil {
		b.Fatal(err)
	}
	in := benchContacts(MaxBatchInputs)
	b.ReportAllocs()
	start := time.Now()
	n := 0
	for b.Loop() {
		out, err := c.Contacts.BatchUpsert(ctx, "email", in)
		if err != nil {
			b.Fatal(err)
		}
		if out[0].Err != nil {
			b.Fatal(out[0].Err)
		}
		n += len(in)
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "records/s")
}
