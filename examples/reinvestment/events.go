package main

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// eventName is a custom behavioral event's fully qualified name.
var eventName = regexp.MustCompile(`^pe[0-9]+_[a-z0-9_]+$`)

// eventKey makes the event of a position idempotent per as-of date: a rerun
// of the same day sends the same uuid, which HubSpot counts once.
func eventKey(positionID string, asOf calendar.Date) string {
	return "reinvestment-expiry:" + positionID + ":" + asOf.String()
}

// sendEvents sends the expiry detection event, one per due position of
// every contact the sync did not give up on, through a pipeline of their
// own.
func (j *job) sendEvents(ctx context.Context, client *hubspot.Client, sink *keyRecorder, plan contactPlan, sum *summary) error {
	loc, err := calendar.SaoPaulo()
	if err != nil {
		return err
	}
	d, err := hubspot.NewEventsDestination(client)
	if err != nil {
		return err
	}
	prog := j.newProgress("events")
	p, err := destination.New(d, destination.Config[hubspot.Event]{
		DeadLetters: sink, Logger: j.logger, BackoffBase: j.retryBase, MaxAttempts: pipelineAttempts,
		Progress: func(s destination.Stats) { prog.SetDone(s.Delivered + s.Skipped + s.DeadLettered + s.Coalesced) },
		OnWait:   j.onWait(prog),
	})
	if err != nil {
		return err
	}
	at := time.Date(j.opts.asOf.Year, j.opts.asOf.Month, j.opts.asOf.Day, 12, 0, 0, 0, loc)
	stop := j.runProgress(ctx, prog)
	var enqueueErr error
	for _, rec := range plan.contacts {
		if sink.failed(rec.key) {
			continue
		}
		if rec.email == "" {
			sum.EventsNoEmail++ // keyed by user id, the contact has no e-mail to link the event to
			continue
		}
		for _, dp := range plan.byKey[rec.key].Positions {
			e := hubspot.Event{Name: j.opts.events, Key: eventKey(dp.Item.ID, j.opts.asOf), Email: rec.email, OccurredAt: at,
				Properties: hubspot.Properties{
					"product":       cdp.StringValue(dp.Item.ProductName),
					"product_type":  cdp.StringValue(dp.Item.ProductType),
					"maturity_date": cdp.StringValue(dp.Expiry.Maturity.String()),
					"payment_date":  cdp.StringValue(dp.Expiry.Effective.String()),
					"amount":        cdp.StringValue(cdp.PlainDecimal(dp.Item.Amount)),
				}}
			prog.SetTotal(prog.Total() + 1)
			if enqueueErr = p.Enqueue(ctx, destination.Record[hubspot.Event]{Key: e.Key, Payload: e}); enqueueErr != nil {
				break
			}
		}
		if enqueueErr != nil {
			break
		}
	}
	rep, closeErr := p.Close(ctx)
	stop()
	sum.EventsSent = rep.Delivered
	sum.Failed += rep.DeadLettered
	sum.Pending += rep.Pending
	if enqueueErr != nil {
		return fmt.Errorf("events: %w", enqueueErr)
	}
	return closeErr
}
