package hubspot_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// Writes the facts an advisor needs onto contacts of an in-memory HubSpot:
// the schema first, then a batch upsert by e-mail with one bad address.
func Example() {
	srv := hubspottest.NewServer()
	defer srv.Close()
	c, err := hubspot.New(srv.Token, hubspot.WithBaseURL(srv.URL), hubspot.WithLimits(hubspot.Unlimited()))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	res, err := c.Properties.EnsureSchema(ctx, "contacts",
		hubspot.PropertyGroup{Name: "cdp", Label: "Customer data"},
		[]hubspot.Property{
			{Name: "cdp_expiring_amount", Label: "Expiring amount", Type: "number", FieldType: "number"},
			{Name: "cdp_expiry_date", Label: "Expiry date", Type: "date", FieldType: "date"},
		})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("group created:", res.GroupCreated, "properties created:", res.Created)

	expiry := calendar.Date{Year: 2026, Month: time.December, Day: 1}
	out, err := c.Contacts.BatchUpsert(ctx, "email", []hubspot.UpsertInput{
		{ID: "ana@example.com", Properties: hubspot.Properties{
			"firstname":           cdp.StringValue("Ana"),
			"cdp_expiring_amount": cdp.NumberValue(decimal.RequireFromString("15000.50")),
			"cdp_expiry_date":     cdp.DateValue(expiry),
		}},
		{ID: "not-an-address", Properties: hubspot.Properties{"firstname": cdp.StringValue("Bad")}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, r := range out {
		var apiErr *hubspot.Error
		switch {
		case r.Err == nil:
			fmt.Printf("input %d: created=%v\n", i, r.Created)
		case errors.As(r.Err, &apiErr):
			fmt.Printf("input %d: rejected: %s\n", i, apiErr.Reason())
		}
	}
	ana, _ := srv.Contact("ana@example.com")
	fmt.Println(ana.Properties["cdp_expiring_amount"], ana.Properties["cdp_expiry_date"])
	// Output:
	// group created: true properties created: [cdp_expiring_amount cdp_expiry_date]
	// input 0: created=true
	// input 1: rejected: INVALID_EMAIL
	// 15000.50 2026-12-01
}

// EncodeValue turns typed trait values into the strings HubSpot stores.
func ExampleEncodeValue() {
	values := []cdp.Value{
		cdp.NumberValue(decimal.New(125, 30)),
		cdp.NumberValue(decimal.RequireFromString("0.10")),
		cdp.DateValue(calendar.Date{Year: 2026, Month: time.March, Day: 2}),
		cdp.TimestampValue(time.Date(2026, 3, 1, 21, 30, 0, 0, time.FixedZone("BRT", -3*3600))),
		cdp.BoolValue(true),
		cdp.StringsValue("CDB", "LCI"),
		{},
	}
	for _, v := range values {
		s, _ := hubspot.EncodeValue(v)
		fmt.Printf("%s %q\n", v.Kind(), s)
	}
	// Output:
	// number "125000000000000000000000000000000"
	// number "0.10"
	// date "2026-03-02"
	// timestamp "2026-03-02T00:30:00.000Z"
	// bool "true"
	// strings "CDB;LCI"
	// invalid ""
}

// A TasksDestination creates one task per key, never two: a rerun finds the
// tasks already created by their marker.
func ExampleTasksDestination() {
	srv := hubspottest.NewServer()
	defer srv.Close()
	c, _ := hubspot.New(srv.Token, hubspot.WithBaseURL(srv.URL), hubspot.WithLimits(hubspot.Unlimited()))
	ctx := context.Background()
	tasks, _ := hubspot.NewTasksDestination(c)
	if err := tasks.EnsureTaskSchema(ctx); err != nil {
		fmt.Println(err)
		return
	}
	up, _ := c.Contacts.BatchUpsert(ctx, "email", []hubspot.UpsertInput{{ID: "ana@example.com"}})
	task := hubspot.Task{Key: "reinvest:pos-1:2026-12-01", ContactID: up[0].ID, Subject: "Call Ana about CDB expiring",
		Due: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC), Priority: hubspot.PriorityHigh, Type: hubspot.TaskCall}
	for run := 1; run <= 2; run++ {
		res := tasks.Send(ctx, []destination.Record[hubspot.Task]{{Key: task.Key, Payload: task}})
		fmt.Printf("run %d: %s\n", run, res[0].Status)
	}
	fmt.Printf("%+v, tasks in HubSpot: %d\n", tasks.Stats(), len(srv.Tasks()))
	// Output:
	// run 1: delivered
	// run 2: delivered
	// {Created:1 Existing:1 Rejected:0 Retryable:0}, tasks in HubSpot: 1
}

// A ContactsDestination behind a destination.Pipeline: records are batched,
// upserted by e-mail, and the one HubSpot refuses lands in the dead letters
// with HubSpot's reason.
func ExampleContactsDestination() {
	srv := hubspottest.NewServer()
	defer srv.Close()
	c, _ := hubspot.New(srv.Token, hubspot.WithBaseURL(srv.URL), hubspot.WithLimits(hubspot.Unlimited()))
	ctx := context.Background()

	created := 0
	contacts, err := hubspot.NewContactsDestination(c, "email",
		hubspot.OnUpserted(func(key, recordID string, isNew bool) {
			if isNew {
				created++ // the pipeline runs one batch at a time here
			}
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := destination.New[hubspot.Properties](contacts, destination.Config[hubspot.Properties]{Parallelism: 1, FlushInterval: 10 * time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, email := range []string{"ana@example.com", "bia@example.com", "not-an-address"} {
		rec := destination.Record[hubspot.Properties]{Key: email, Payload: hubspot.Properties{"firstname": cdp.StringValue("X")}}
		if err := p.Enqueue(ctx, rec); err != nil {
			fmt.Println(err)
			return
		}
	}
	report, err := p.Close(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("delivered:", report.Delivered, "dead letters:", report.DeadLettered, "created:", created)
	for _, l := range report.DeadLetters {
		fmt.Println(l.Key, l.Reason)
	}
	// Output:
	// delivered: 2 dead letters: 1 created: 2
	// not-an-address INVALID_EMAIL
}
