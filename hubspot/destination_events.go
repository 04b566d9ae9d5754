package hubspot

import (
	"context"
	"sync/atomic"

	"github.com/warrenbrasil/customerdata/destination"
)

// EventsDestination sends custom behavioral events (an Event per record)
// through a destination.Pipeline, in batches of up to MaxEventBatch. Each
// event's uuid derives from its Key, and HubSpot counts a uuid once per
// event type, so a batch retried after a failure, or sent again by a later
// run, is not counted twice. It is safe for concurrent use.
type EventsDestination struct {
	c    *Client
	sent atomic.Int64
}

var _ destination.Destination[Event] = (*EventsDestination)(nil)

// NewEventsDestination returns a destination that sends events with c.
func NewEventsDestination(c *Client) (*EventsDestination, error) {
	if c == nil {
		return nil, &ConfigError{Field: "Client", Reason: "nil"}
	}
	return &EventsDestination{c: c}, nil
}

// MaxBatchSize is MaxEventBatch.
func (d *EventsDestination) MaxBatchSize() int { return MaxEventBatch }

// Sent returns how many events HubSpot accepted (a repeated uuid included).
func (d *EventsDestination) Sent() int64 { return d.sent.Load() }

// Send sends the batch in one call. An event that cannot be encoded (no
// name, no key, no contact to link it to) is rejected alone; a failed call
// gives every event the same result, retryable or not as for contacts.
func (d *EventsDestination) Send(ctx context.Context, batch []destination.Record[Event]) []destination.Result {
	ctx = SingleAttempt(ctx) // the pipeline owns the retries
	results := make([]destination.Result, len(batch))
	events := make([]Event, 0, len(batch))
	idx := make([]int, 0, len(batch))
	for i, r := range batch {
		if _, err := r.Payload.body(); err != nil {
			results[i] = destination.Rejected(err)
			continue
		}
		events = append(events, r.Payload)
		idx = append(idx, i)
	}
	if len(events) == 0 {
		return results
	}
	if err := d.c.Events.SendBatch(ctx, events); err != nil {
		res := classify(ctx, err, d.c.windowInterval())
		for _, i := range idx {
			results[i] = res
		}
		return results
	}
	d.sent.Add(int64(len(events)))
	for _, i := range idx {
		results[i] = destination.Delivered()
	}
	return results
}
