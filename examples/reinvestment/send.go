package main

import (
	"context"
	"fmt"

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/examples/reinvestment/internal/alert"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// sampleOwner owns the tasks of the in-process HubSpot.
var sampleOwner = hubspottest.Owner{ID: "90001", Email: "assessoria@exemplo.com.br", FirstName: "Equipe", LastName: "Assessoria", UserID: 7001}

// fakeServer are the options of the in-process HubSpot.
var fakeServer = []hubspottest.Option{hubspottest.WithOwners(sampleOwner), hubspottest.WithoutRequestLog()}

// after sends the expiry events, then creates the tasks, for the contacts
// the sync did not give up on.
func (j *job) after(ctx context.Context, c *hubspot.Client, sink *jobkit.KeySink, plan jobkit.ContactPlan[alert.Alert]) error {
	if j.opts.events != "" {
		d, err := hubspot.NewEventsDestination(c)
		if err != nil {
			return err
		}
		rep, err := jobkit.Phase(ctx, j.Sender, "events", d, sink, nil, func(put func(destination.Record[hubspot.Event]) error) error {
			for _, rec := range plan.Contacts {
				switch {
				case sink.Failed(rec.Key):
					continue
				case rec.Email == "":
					j.sum.EventsNoEmail++ // keyed by user id, the contact has no e-mail to link the event to
					continue
				}
				for _, e := range plan.ByKey[rec.Key].Events(j.opts.events, rec.Email, j.opts.asOf, j.opts.loc) {
					if err := put(destination.Record[hubspot.Event]{Key: e.Key, Payload: e}); err != nil {
						return fmt.Errorf("events: %w", err)
					}
				}
			}
			return nil
		})
		j.sum.EventsSent, j.sum.Failed, j.sum.Pending = rep.Delivered, j.sum.Failed+rep.DeadLettered, j.sum.Pending+rep.Pending
		if err != nil || ctx.Err() != nil || !j.opts.tasks {
			return err
		}
	}
	if !j.opts.tasks {
		return nil
	}
	t := jobkit.Tasks{KeyProperty: j.opts.ContactKey, Owner: j.opts.owner, Fallback: j.opts.ownerFallback, SettleDelay: j.settleDelay,
		Build: func(key, contactID, owner string) hubspot.Task {
			return plan.ByKey[key].Task(contactID, owner, j.opts.cal, j.opts.asOf, j.opts.loc)
		},
		Letter: func(key string) any { return map[string]string{"person_id": plan.ByKey[key].PersonID} }}
	for _, rec := range plan.Contacts {
		t.Keys = append(t.Keys, rec.Key)
	}
	if t.Fallback == "" && j.opts.Target.Fake {
		t.Fallback = sampleOwner.ID // the demo's tasks have an owner
	}
	n, err := jobkit.CreateTasks(ctx, j.Sender, c, sink, t)
	j.sum.Tasks, j.sum.Failed, j.sum.Pending = &n, j.sum.Failed+n.Failed, j.sum.Pending+n.Pending
	return err
}
