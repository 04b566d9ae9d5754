package main

import (
	"context"

	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/examples/reinvestment/internal/alert"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// sampleOwner owns the tasks of the in-process HubSpot.
var sampleOwner = hubspottest.Owner{ID: "90001", Email: "assessoria@exemplo.com.br", FirstName: "Equipe", LastName: "Assessoria", UserID: 7001}

// after sends the expiry events, then creates the tasks, for the contacts
// the sync did not give up on.
func (j *job) after(ctx context.Context, c *hubspot.Client, sink *jobkit.KeySink, plan jobkit.ContactPlan[alert.Alert]) error {
	o, s := j.opts, &j.sum
	if o.events != "" {
		n, err := jobkit.SendEvents(ctx, j.Sender, c, sink, plan.Contacts, func(rec jobkit.Contact) []hubspot.Event {
			return plan.ByKey[rec.Key].Events(o.events, rec.Email, o.asOf, o.loc)
		})
		s.Events, s.Failed, s.Pending = &n, s.Failed+n.Failed, s.Pending+n.Pending
		if err != nil || ctx.Err() != nil {
			return err
		}
	}
	if !o.tasks {
		return nil
	}
	t := jobkit.Tasks{KeyProperty: o.ContactKey, Owner: o.owner, Fallback: o.ownerFallback, SettleDelay: j.settleDelay,
		Build: func(key, contactID, owner string) hubspot.Task {
			return plan.ByKey[key].Task(contactID, owner, o.cal, o.asOf, o.loc)
		},
		Letter: func(key string) any { return map[string]string{"person_id": plan.ByKey[key].Person} }}
	for _, rec := range plan.Contacts {
		t.Keys = append(t.Keys, rec.Key)
	}
	if t.Fallback == "" && o.Target.Fake {
		t.Fallback = sampleOwner.ID // the demo's tasks have an owner
	}
	n, err := jobkit.CreateTasks(ctx, j.Sender, c, sink, t)
	s.Tasks, s.Failed, s.Pending = &n, s.Failed+n.Failed, s.Pending+n.Pending
	return err
}
