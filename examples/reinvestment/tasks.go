package main

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// reasonContactNotFound is the dead-letter reason of a task whose contact
// HubSpot did not return.
const reasonContactNotFound = "contact_not_found"

// taskKey is the task's deterministic marker: one task per HubSpot contact
// and payment date, however often the job runs. It derives from the
// contact's HubSpot id, never from a person's identifiers, and survives a
// rotation of CDP_IDENTITY_KEY.
func taskKey(contactID string, a alert) string {
	return "reinvestment:" + contactID + ":" + a.NextExpiry.String()
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

// taskDue is noon in São Paulo on the last business day before the payment,
// or the as-of date when that is already past.
func taskDue(a alert, cal *calendar.Calendar, asOf calendar.Date, loc *time.Location) time.Time {
	d := cal.PreviousBusinessDay(a.NextExpiry)
	if d.Before(asOf) {
		d = asOf
	}
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, loc)
}

// ownerFallback is the owner of tasks whose contact has none: -owner-fallback,
// or in the demo the in-process HubSpot's sample owner.
func (j *job) ownerFallback() string {
	if j.opts.ownerFallback == "" && j.opts.fakeHubSpot {
		return sampleOwner.ID
	}
	return j.opts.ownerFallback
}

// createTasks creates one task per delivered contact, for -owner or the
// contact's owner.
func (j *job) createTasks(ctx context.Context, client *hubspot.Client, sink *keyRecorder, byKey map[string]alert, sum *summary) error {
	loc, err := calendar.SaoPaulo()
	if err != nil {
		return err
	}
	// Tasks for the contacts the sync wrote or found unchanged; not for
	// those it gave up on.
	var keys []string
	for _, k := range sortedKeys(byKey) {
		if !sink.failed(k) {
			keys = append(keys, k)
		}
	}
	found, err := client.Contacts.ReadByKey(ctx, keys, j.opts.contactKey, []string{"hubspot_owner_id"})
	if err != nil {
		return fmt.Errorf("reading contacts for tasks: %w", err)
	}

	tasks, err := hubspot.NewTasksDestination(client, hubspot.WithSettleDelay(j.settleDelay))
	if err != nil {
		return err
	}
	if err := tasks.EnsureTaskSchema(ctx); err != nil {
		return fmt.Errorf("task properties: %w", err)
	}
	prog := j.newProgress("tasks")
	var withoutOwner atomic.Int64
	p, err := destination.New(tasks, destination.Config[hubspot.Task]{
		DeadLetters: sink, Logger: j.logger, BackoffBase: j.retryBase, MaxAttempts: pipelineAttempts,
		Progress: func(s destination.Stats) { prog.SetDone(s.Delivered + s.Skipped + s.DeadLettered + s.Coalesced) },
		OnWait:   j.onWait(prog),
		OnResult: func(rec destination.Record[hubspot.Task], res destination.Result) {
			if res.Status == destination.StatusDelivered && rec.Payload.OwnerID == "" {
				withoutOwner.Add(1)
			}
		},
	})
	if err != nil {
		return err
	}
	var enqueueErr error
	stopProgress := j.runProgress(ctx, prog)
	for _, key := range keys {
		a := byKey[key]
		contact, ok := found[key]
		if !ok {
			sum.Failed++
			if err := sink.Put(ctx, destination.DeadLetter{Key: key, Payload: map[string]string{"person_id": a.PersonID},
				Reason: reasonContactNotFound, LastError: "HubSpot returned no contact for the key", Time: time.Now().UTC()}); err != nil {
				enqueueErr = err
				break
			}
			continue
		}
		owner := j.opts.owner
		if owner == "" {
			owner = contact.Properties["hubspot_owner_id"]
		}
		if owner == "" {
			owner = j.ownerFallback()
		}

		t := hubspot.Task{
			Key: taskKey(contact.ID, a), ContactID: contact.ID, OwnerID: owner,
			Subject: a.taskSubject(), Body: a.taskBody(),
			Due:      taskDue(a, j.opts.cal, j.opts.asOf, loc),
			Priority: "HIGH", Type: "CALL",
		}
		prog.SetTotal(prog.Total() + 1)
		if enqueueErr = p.Enqueue(ctx, destination.Record[hubspot.Task]{Key: t.Key, Payload: t}); enqueueErr != nil {
			break
		}
	}
	rep, closeErr := p.Close(ctx)
	stopProgress()
	ts := tasks.Stats()
	sum.TasksCreated, sum.TasksExisting = int(ts.Created), int(ts.Existing)
	sum.TasksWithoutOwner = int(withoutOwner.Load())
	sum.Failed += rep.DeadLettered
	sum.Pending += rep.Pending
	if enqueueErr != nil {
		return enqueueErr
	}
	return closeErr
}
