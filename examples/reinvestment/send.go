package main

import (
	"cmp"
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// sampleOwner owns the tasks of the in-process HubSpot.
var sampleOwner = hubspottest.Owner{ID: "90001", Email: "assessoria@exemplo.com.br", FirstName: "Equipe", LastName: "Assessoria", UserID: 7001}

// fakeServer are the options of the in-process HubSpot.
var fakeServer = []hubspottest.Option{hubspottest.WithOwners(sampleOwner), hubspottest.WithoutRequestLog()}

// reasonContactNotFound is the dead-letter reason of a task whose contact
// HubSpot did not return.
const reasonContactNotFound = "contact_not_found"

// after sends the expiry events and creates the tasks, for the contacts
// the sync did not give up on.
func (j *job) after(ctx context.Context, c *hubspot.Client, sink *jobkit.KeySink, plan contactPlan) error {
	if j.opts.events != "" {
		if err := j.sendEvents(ctx, c, sink, plan); err != nil || ctx.Err() != nil {
			return err
		}
	}
	if j.opts.tasks {
		return j.createTasks(ctx, c, sink, plan)
	}
	return nil
}

// sendEvents sends the expiry event once per due position and as-of date:
// a rerun of the same day sends the same uuid, which HubSpot counts once.
func (j *job) sendEvents(ctx context.Context, c *hubspot.Client, sink *jobkit.KeySink, plan contactPlan) error {
	d, err := hubspot.NewEventsDestination(c)
	if err != nil {
		return err
	}
	at := time.Date(j.opts.asOf.Year, j.opts.asOf.Month, j.opts.asOf.Day, 12, 0, 0, 0, j.opts.loc)
	rep, err := jobkit.Phase(ctx, j.Sender, "events", d, sink, nil, func(put func(destination.Record[hubspot.Event]) error) error {
		for _, rec := range plan.contacts {
			if sink.Failed(rec.key) {
				continue
			}
			if rec.email == "" {
				j.sum.EventsNoEmail++ // keyed by user id, the contact has no e-mail to link the event to
				continue
			}
			for _, dp := range plan.byKey[rec.key].Positions {
				e := hubspot.Event{Name: j.opts.events, Key: "reinvestment-expiry:" + dp.Item.ID + ":" + j.opts.asOf.String(), Email: rec.email, OccurredAt: at,
					Properties: hubspot.Properties{
						"product": cdp.StringValue(dp.Item.ProductName), "product_type": cdp.StringValue(dp.Item.ProductType),
						"maturity_date": cdp.StringValue(dp.Expiry.Maturity.String()), "payment_date": cdp.StringValue(dp.Expiry.Effective.String()),
						"amount": cdp.StringValue(cdp.PlainDecimal(dp.Item.Amount)),
					}}
				if err := put(destination.Record[hubspot.Event]{Key: e.Key, Payload: e}); err != nil {
					return fmt.Errorf("events: %w", err)
				}
			}
		}
		return nil
	})
	j.sum.EventsSent, j.sum.Failed, j.sum.Pending = rep.Delivered, j.sum.Failed+rep.DeadLettered, j.sum.Pending+rep.Pending
	return err
}

// createTasks creates one task per contact the sync wrote or found
// unchanged, for -owner, the contact's owner, or -owner-fallback (in the
// demo, the in-process HubSpot's sample owner).
func (j *job) createTasks(ctx context.Context, c *hubspot.Client, sink *jobkit.KeySink, plan contactPlan) error {
	var keys []string
	for _, rec := range plan.contacts {
		if !sink.Failed(rec.key) {
			keys = append(keys, rec.key)
		}
	}
	found, err := c.Contacts.ReadByKey(ctx, keys, j.opts.ContactKey, []string{"hubspot_owner_id"})
	if err != nil {
		return fmt.Errorf("reading contacts for tasks: %w", err)
	}
	d, err := hubspot.NewTasksDestination(c, hubspot.WithSettleDelay(j.settleDelay))
	if err != nil {
		return err
	}
	if err := d.EnsureTaskSchema(ctx); err != nil {
		return fmt.Errorf("task properties: %w", err)
	}
	fallback := j.opts.ownerFallback
	if fallback == "" && j.opts.Target.Fake {
		fallback = sampleOwner.ID
	}
	var withoutOwner atomic.Int64
	onResult := func(rec destination.Record[hubspot.Task], res destination.Result) {
		if res.Status == destination.StatusDelivered && rec.Payload.OwnerID == "" {
			withoutOwner.Add(1)
		}
	}
	rep, err := jobkit.Phase(ctx, j.Sender, "tasks", d, sink, onResult, func(put func(destination.Record[hubspot.Task]) error) error {
		for _, key := range keys {
			a := plan.byKey[key]
			contact, ok := found[key]
			if !ok {
				j.sum.Failed++
				if err := sink.Put(ctx, destination.DeadLetter{Key: key, Payload: map[string]string{"person_id": a.PersonID},
					Reason: reasonContactNotFound, LastError: "HubSpot returned no contact for the key", Time: time.Now().UTC()}); err != nil {
					return err
				}
				continue
			}
			owner := cmp.Or(j.opts.owner, contact.Properties["hubspot_owner_id"], fallback)
			t := a.Task(contact.ID, owner, j.opts.cal, j.opts.asOf, j.opts.loc)
			if err := put(destination.Record[hubspot.Task]{Key: t.Key, Payload: t}); err != nil {
				return err
			}
		}
		return nil
	})
	ts := d.Stats()
	j.sum.TasksCreated, j.sum.TasksExisting, j.sum.TasksWithoutOwner = int(ts.Created), int(ts.Existing), int(withoutOwner.Load())
	j.sum.Failed, j.sum.Pending = j.sum.Failed+rep.DeadLettered, j.sum.Pending+rep.Pending
	return err
}
