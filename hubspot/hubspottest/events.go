package hubspottest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// maxEventBatch is the batch size limit assumed for /events/v3/send/batch
// (HubSpot does not state one; 500 is unconfirmed).
const maxEventBatch = 500

type eventInput struct {
	EventName  string                     `json:"eventName"`
	Properties map[string]json.RawMessage `json:"properties"`
	Email      string                     `json:"email"`
	ObjectID   string                     `json:"objectId"`
	UTK        string                     `json:"utk"`
	OccurredAt string                     `json:"occurredAt"`
	UUID       string                     `json:"uuid"`
}

// toEvent validates an input and returns the event, or a message naming the problem.
func toEvent(in eventInput, now time.Time) (Event, string) {
	e := Event{EventName: in.EventName, UUID: in.UUID, Email: in.Email, ObjectID: in.ObjectID, UTK: in.UTK, OccurredAt: now}
	switch {
	case in.EventName == "":
		return e, "eventName is required"
	case in.Email == "" && in.ObjectID == "" && in.UTK == "":
		return e, fmt.Sprintf("event %s: one of email, objectId or utk is required", in.EventName)
	}
	if in.OccurredAt != "" {
		t, err := time.Parse(time.RFC3339Nano, in.OccurredAt)
		if err != nil {
			return e, fmt.Sprintf("event %s: occurredAt %q is not ISO 8601", in.EventName, in.OccurredAt)
		}
		e.OccurredAt = t
	}
	e.Properties = make(map[string]string, len(in.Properties))
	for k, raw := range in.Properties {
		var str string
		if err := json.Unmarshal(raw, &str); err == nil {
			e.Properties[k] = str
		} else {
			e.Properties[k] = string(raw)
		}
	}
	return e, ""
}

// store appends an event unless its uuid was seen for the same event name.
func (s *Server) storeEvent(e Event) {
	if e.UUID != "" {
		key := [2]string{e.EventName, e.UUID}
		if s.eventSeen[key] {
			return
		}
		s.eventSeen[key] = true
	}
	s.events = append(s.events, e)
}

func (s *Server) handleSendEvent(c *call) reply {
	var in eventInput
	if err := decode(c, &in); err != nil {
		return badJSON(c, err)
	}
	e, msg := toEvent(in, c.now)
	if msg != "" {
		return errorReply(http.StatusBadRequest, "VALIDATION_ERROR", msg, c.corr, nil)
	}
	s.storeEvent(e)
	return reply{status: http.StatusNoContent}
}

func (s *Server) handleSendEventBatch(c *call) reply {
	var req struct {
		Inputs []eventInput `json:"inputs"`
	}
	if err := decode(c, &req); err != nil {
		return badJSON(c, err)
	}
	switch n := len(req.Inputs); {
	case n == 0:
		return errorReply(http.StatusBadRequest, "VALIDATION_ERROR", "inputs must not be empty", c.corr, nil)
	case n > maxEventBatch:
		return errorReply(http.StatusBadRequest, "VALIDATION_ERROR",
			fmt.Sprintf("Batch input limit exceeded: %d events, the maximum is %d", n, maxEventBatch), c.corr, nil)
	}
	events := make([]Event, len(req.Inputs))
	for i, in := range req.Inputs {
		e, msg := toEvent(in, c.now)
		if msg != "" {
			return errorReply(http.StatusBadRequest, "VALIDATION_ERROR", fmt.Sprintf("input %d: %s", i, msg), c.corr, nil)
		}
		events[i] = e
	}
	for _, e := range events {
		s.storeEvent(e)
	}
	return reply{status: http.StatusNoContent}
}
