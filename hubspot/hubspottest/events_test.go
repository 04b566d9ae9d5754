package hubspottest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSendEvent(t *testing.T) {
	clock := newClock()
	srv := newServer(t, WithClock(clock.now))
	ev := map[string]any{"eventName": "pe123_position_expiring", "email": "a@example.com", "uuid": "u-1",
		"occurredAt": "2026-03-02T10:00:00Z", "properties": map[string]any{"amount": "1000.50", "days": 2, "flag": true}}

	r := do(t, srv, "POST", "/events/v3/send", ev)
	require.Equal(t, http.StatusNoContent, r.status, "body %s", r.raw)
	assert.Empty(t, r.raw)
	r = do(t, srv, "POST", "/events/v3/send", ev)
	require.Equal(t, http.StatusNoContent, r.status, "a repeated uuid is accepted")
	other := map[string]any{"eventName": "pe123_other", "objectId": "1001", "uuid": "u-1"}
	r = do(t, srv, "POST", "/events/v3/send", other)
	require.Equal(t, http.StatusNoContent, r.status, "the same uuid under another name is a new event")
	noUUID := map[string]any{"eventName": "pe123_other", "utk": "cookie"}
	do(t, srv, "POST", "/events/v3/send", noUUID)
	do(t, srv, "POST", "/events/v3/send", noUUID)

	assert.Equal(t, []Event{
		{EventName: "pe123_position_expiring", UUID: "u-1", Email: "a@example.com", OccurredAt: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC),
			Properties: map[string]string{"amount": "1000.50", "days": "2", "flag": "true"}},
		{EventName: "pe123_other", UUID: "u-1", ObjectID: "1001", OccurredAt: clock.now(), Properties: map[string]string{}},
		{EventName: "pe123_other", UTK: "cookie", OccurredAt: clock.now(), Properties: map[string]string{}},
		{EventName: "pe123_other", UTK: "cookie", OccurredAt: clock.now(), Properties: map[string]string{}},
	}, srv.Events())
}

func TestSendEventRefusals(t *testing.T) {
	tests := []struct {
		name    string
		body    any
		message string
	}{
		{"no name", map[string]any{"email": "a@example.com"}, "eventName is required"},
		{"no record", map[string]any{"eventName": "pe1_x"}, "event pe1_x: one of email, objectId or utk is required"},
		{"bad occurredAt", map[string]any{"eventName": "pe1_x", "email": "a@example.com", "occurredAt": "yesterday"},
			`event pe1_x: occurredAt "yesterday" is not ISO 8601`},
		{"bad JSON", "{", "Invalid input JSON on line 1: unexpected end of JSON input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			r := do(t, srv, "POST", "/events/v3/send", tc.body)
			require.Equal(t, http.StatusBadRequest, r.status)
			var e tError
			r.into(t, &e)
			assert.Equal(t, tc.message, e.Message)
			assert.Empty(t, srv.Events())
		})
	}
}

func TestSendEventBatch(t *testing.T) {
	srv := newServer(t)
	ev := func(uuid string) map[string]any {
		return map[string]any{"eventName": "pe1_x", "email": "a@example.com", "uuid": uuid}
	}
	r := do(t, srv, "POST", "/events/v3/send/batch", inputs(ev("1"), ev("2"), ev("1")))
	require.Equal(t, http.StatusNoContent, r.status, "body %s", r.raw)
	r = do(t, srv, "POST", "/events/v3/send/batch", inputs(ev("2"), ev("3")))
	require.Equal(t, http.StatusNoContent, r.status)
	uuids := []string{}
	for _, e := range srv.Events() {
		uuids = append(uuids, e.UUID)
	}
	assert.Equal(t, []string{"1", "2", "3"}, uuids)

	t.Run("one invalid input refuses the batch", func(t *testing.T) {
		r := do(t, srv, "POST", "/events/v3/send/batch", inputs(ev("4"), map[string]any{"eventName": "pe1_x"}))
		require.Equal(t, http.StatusBadRequest, r.status)
		var e tError
		r.into(t, &e)
		assert.Equal(t, "input 1: event pe1_x: one of email, objectId or utk is required", e.Message)
		assert.Len(t, srv.Events(), 3)
	})
	t.Run("size limits", func(t *testing.T) {
		many := make([]map[string]any, 501)
		for i := range many {
			many[i] = ev("x")
		}
		assert.Equal(t, http.StatusBadRequest, do(t, srv, "POST", "/events/v3/send/batch", inputs(many...)).status)
		assert.Equal(t, http.StatusBadRequest, do(t, srv, "POST", "/events/v3/send/batch", inputs()).status)
		assert.Equal(t, http.StatusBadRequest, do(t, srv, "POST", "/events/v3/send/batch", "{").status)
		assert.Equal(t, http.StatusNoContent, do(t, srv, "POST", "/events/v3/send/batch", inputs(many[:500]...)).status)
	})
}
