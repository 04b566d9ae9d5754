package jobkit

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// ReasonContactNotFound is the dead-letter reason of a task whose contact
// HubSpot did not return.
const ReasonContactNotFound = "contact_not_found"

// Tasks is one task per contact for CreateTasks.
type Tasks struct {
	Keys        []string // contact keys; those already dead-lettered are skipped
	KeyProperty string   // hubspot.KeyEmail or the user id property
	Owner       string   // owner of every task; "": the contact's owner
	Fallback    string   // owner of the tasks whose contact has none
	SettleDelay time.Duration
	// Build makes the task of a contact; Letter the payload of the dead
	// letter of a key HubSpot returns no contact for.
	Build  func(key, contactID, owner string) hubspot.Task
	Letter func(key string) any
}

// TaskCounts is what CreateTasks did.
type TaskCounts struct {
	Created, Existing, WithoutOwner int
	Failed, Pending                 int // dead-lettered (contact not found included), not settled
}

// CreateTasks reads the contacts of t.Keys (see hubspot.ContactsService.ReadByKey)
// and creates their tasks through a pipeline (see Phase), the task schema first.
func CreateTasks(ctx context.Context, s *Sender, c *hubspot.Client, sink *KeySink, t Tasks) (TaskCounts, error) {
	var n TaskCounts
	var keys []string
	for _, k := range t.Keys {
		if !sink.Failed(k) {
			keys = append(keys, k)
		}
	}
	found, err := c.Contacts.ReadByKey(ctx, keys, t.KeyProperty, []string{"hubspot_owner_id"})
	if err != nil {
		return n, fmt.Errorf("reading contacts for tasks: %w", err)
	}
	d, err := hubspot.NewTasksDestination(c, hubspot.WithSettleDelay(t.SettleDelay))
	if err != nil {
		return n, err
	}
	if err := d.EnsureTaskSchema(ctx); err != nil {
		return n, fmt.Errorf("task properties: %w", err)
	}
	var withoutOwner atomic.Int64
	onResult := func(rec destination.Record[hubspot.Task], res destination.Result) {
		if res.Status == destination.StatusDelivered && rec.Payload.OwnerID == "" {
			withoutOwner.Add(1)
		}
	}
	rep, err := Phase(ctx, s, "tasks", d, sink, onResult, func(put func(destination.Record[hubspot.Task]) error) error {
		for _, key := range keys {
			contact, ok := found[key]
			if !ok {
				n.Failed++
				if err := sink.Put(ctx, destination.DeadLetter{Key: key, Payload: t.Letter(key), Reason: ReasonContactNotFound,
					LastError: "HubSpot returned no contact for the key", Time: time.Now().UTC()}); err != nil {
					return err
				}
				continue
			}
			owner := t.Owner
			if owner == "" {
				owner = contact.Properties["hubspot_owner_id"]
			}
			if owner == "" {
				owner = t.Fallback
			}
			task := t.Build(key, contact.ID, owner)
			if err := put(destination.Record[hubspot.Task]{Key: task.Key, Payload: task}); err != nil {
				return err
			}
		}
		return nil
	})
	st := d.Stats()
	n.Created, n.Existing, n.WithoutOwner = int(st.Created), int(st.Existing), int(withoutOwner.Load())
	n.Failed, n.Pending = n.Failed+rep.DeadLettered, rep.Pending
	return n, err
}
