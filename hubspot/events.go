package hubspot

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"
)

// EventsService sends custom behavioural events (Enterprise accounts, scope
// analytics.behavioral_events.send, and an event definition).
type EventsService service

// MaxEventBatch is the most events SendBatch sends in one call.
const MaxEventBatch = 500

// Event is one custom event occurrence.
type Event struct {
	// Name is the event's internal name, pe{HubID}_{name}.
	Name string
	// Key is the caller's stable identity for this occurrence (an order id,
	// "expiry:<position>:<date>"...). The uuid sent to HubSpot is derived
	// from it, so a retried or re-run send is counted once.
	Key string
	// Email, ObjectID or UTK links the event to a record; at least one.
	Email    string
	ObjectID string
	UTK      string
	// OccurredAt is when it happened; zero: when HubSpot receives it.
	OccurredAt time.Time
	// Properties are the event's property values.
	Properties Properties
}

type eventBody struct {
	EventName  string            `json:"eventName"`
	Email      string            `json:"email,omitempty"`
	ObjectID   string            `json:"objectId,omitempty"`
	UTK        string            `json:"utk,omitempty"`
	OccurredAt string            `json:"occurredAt,omitempty"`
	UUID       string            `json:"uuid"`
	Properties map[string]string `json:"properties,omitempty"`
}

// EventUUID derives the uuid of the event with the given key: a name-based
// (version 5 layout) UUID of the SHA-1 of the key. The same key always gives
// the same uuid.
func EventUUID(key string) string {
	sum := sha1.Sum([]byte("customerdata/hubspot/event:" + key))
	u := sum[:16]
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:16])
	return string(b[:])
}

func (e Event) body() (eventBody, error) {
	if e.Name == "" {
		return eventBody{}, &ValueError{Property: "eventName", Problem: "empty"}
	}
	if e.Key == "" {
		return eventBody{}, &ValueError{Property: "uuid", Problem: "empty Key: an event needs a stable key"}
	}
	if e.Email == "" && e.ObjectID == "" && e.UTK == "" {
		return eventBody{}, &ValueError{Property: "email", Problem: "an event needs an email, objectId or utk"}
	}
	b := eventBody{EventName: e.Name, Email: e.Email, ObjectID: e.ObjectID, UTK: e.UTK, UUID: EventUUID(e.Key)}
	if !e.OccurredAt.IsZero() {
		b.OccurredAt = FormatTimestamp(e.OccurredAt)
	}
	if len(e.Properties) > 0 {
		props, err := e.Properties.Encode()
		if err != nil {
			return eventBody{}, err
		}
		b.Properties = props
	}
	return b, nil
}

// Send sends one event. Its uuid comes from Key, so it is retried safely.
func (s *EventsService) Send(ctx context.Context, e Event) error {
	b, err := e.body()
	if err != nil {
		return err
	}
	req, err := newRequest(http.MethodPost, "/events/v3/send", b, true)
	if err != nil {
		return err
	}
	_, err = s.client.do(ctx, req, nil)
	return err
}

// SendBatch sends up to MaxEventBatch events in one call, retried safely
// like Send.
func (s *EventsService) SendBatch(ctx context.Context, events []Event) error {
	if len(events) > MaxEventBatch {
		return fmt.Errorf("%w: %d events, more than %d", ErrTooManyInputs, len(events), MaxEventBatch)
	}
	if len(events) == 0 {
		return nil
	}
	in := make([]eventBody, len(events))
	for i, e := range events {
		b, err := e.body()
		if err != nil {
			return fmt.Errorf("event %d: %w", i, err)
		}
		in[i] = b
	}
	req, err := newRequest(http.MethodPost, "/events/v3/send/batch", struct {
		Inputs []eventBody `json:"inputs"`
	}{in}, true)
	if err != nil {
		return err
	}
	_, err = s.client.do(ctx, req, nil)
	return err
}
