package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// faultContact is the i-th contact of the fault test: every 50th has an
// invalid e-mail and every 97th an unknown property, which HubSpot rejects.
func faultContact(i int) (key string, props Properties, reason string) {
	key = fmt.Sprintf("customer%05d@example.com", i)
	props = Properties{
		"firstname":  cdp.StringValue(fmt.Sprintf("Name %d", i)),
		"cdp_amount": cdp.NumberValue(decimal.New(int64(i)*1001, -2)),
	}
	switch {
	case i%50 == 7:
		key = fmt.Sprintf("customer%05d-at-example.com", i)
		reason = "INVALID_EMAIL"
	case i%97 == 3:
		props["cdp_no_such_property"] = cdp.StringValue("x")
		reason = "PROPERTY_DOESNT_EXIST"
	}
	return key, props, reason
}

// TestFaults runs contacts, then one task per contact, through
// destination.Pipeline against an in-memory HubSpot answering 10% of
// requests with a 5xx, resetting 5% of connections and applying 5% before
// failing. Every contact must end with the right properties, no contact or
// task may be duplicated, and every rejected record must be in the dead
// letters with HubSpot's reason.
func TestFaults(t *testing.T) {
	t.Parallel()
	n := 5000
	if testing.Short() {
		n = 1000
	}
	srv := hubspottest.NewServer(hubspottest.WithFaults(hubspottest.Faults{ServerError: 0.10, Reset: 0.05, ApplyThenFail: 0.05, Seed: 6}))
	t.Cleanup(srv.Close)
	c, err := New(srv.Token, WithBaseURL(srv.URL), WithLimits(Unlimited()),
		WithRetry(Retry{MaxAttempts: 4, BaseBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond}))
	require.NoError(t, err)
	ctx := context.Background()

	// The schema, itself written through the faults.
	_, err = c.Properties.EnsureSchema(ctx, "contacts", cdpGroup(), []Property{
		{Name: "cdp_amount", Label: "Amount", Type: "number", FieldType: "number"},
	})
	require.NoError(t, err)
	tasksDest, err := NewTasksDestination(c, WithSettleDelay(time.Millisecond))
	require.NoError(t, err)
	require.NoError(t, tasksDest.EnsureTaskSchema(ctx))

	// Contacts.
	var mu sync.Mutex
	ids := map[string]string{}
	contacts, err := NewContactsDestination(c, "email", OnUpserted(func(key, id string, _ bool) {
		mu.Lock()
		ids[key] = id
		mu.Unlock()
	}))
	require.NoError(t, err)
	cfg := destination.Config[Properties]{BatchSize: 100, FlushInterval: 5 * time.Millisecond, Parallelism: 2,
		MaxAttempts: 20, BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond}
	p, err := destination.New[Properties](contacts, cfg)
	require.NoError(t, err)
	want := map[string]Properties{}
	wantReasons := map[string]string{}
	for i := range n {
		key, props, reason := faultContact(i)
		if reason != "" {
			wantReasons[key] = reason
		} else {
			want[key] = props
		}
		require.NoError(t, p.Enqueue(ctx, destination.Record[Properties]{Key: key, Payload: props}))
	}
	report, err := p.Close(ctx)
	require.NoError(t, err)
	assert.Equal(t, n, report.Enqueued)
	assert.Equal(t, len(want), report.Delivered)
	assert.Equal(t, len(wantReasons), report.DeadLettered)
	assert.Zero(t, report.Pending)
	gotReasons := map[string]string{}
	for _, l := range report.DeadLetters {
		gotReasons[l.Key] = l.Reason
	}
	assert.Equal(t, wantReasons, gotReasons, "every rejected record is dead-lettered with HubSpot's reason")

	stored := srv.Contacts()
	assert.Len(t, stored, len(want), "no duplicate contact, no stray one")
	byEmail := map[string]hubspottest.Object{}
	for _, o := range stored {
		_, dup := byEmail[o.Properties["email"]]
		assert.False(t, dup, "duplicate contact %s", o.Properties["email"])
		byEmail[o.Properties["email"]] = o
	}
	for key, props := range want {
		o, ok := byEmail[key]
		if !assert.True(t, ok, "contact %s missing", key) {
			continue
		}
		name, _ := props["firstname"].AsString()
		amount, _ := EncodeValue(props["cdp_amount"])
		assert.Equal(t, []string{name, amount, o.ID}, []string{o.Properties["firstname"], o.Properties["cdp_amount"], ids[key]}, key)
	}

	// One task per contact, through the same faults. The destinations make
	// one attempt per call (the pipeline owns the retries), and a task's
	// attempt is a search and a create, each faulty: 20 attempts keep the
	// chance that one of ~5,000 tasks runs out of them negligible.
	tp, err := destination.New[Task](tasksDest, destination.Config[Task]{BatchSize: 100, FlushInterval: 5 * time.Millisecond,
		Parallelism: 2, MaxAttempts: 20, BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond})
	require.NoError(t, err)
	due := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for key, id := range ids {
		task := Task{Key: "reinvest:" + key, ContactID: id, Subject: "Reinvest " + key, Due: due, Priority: PriorityHigh, Type: TaskCall}
		require.NoError(t, tp.Enqueue(ctx, destination.Record[Task]{Key: task.Key, Payload: task}))
	}
	treport, err := tp.Close(ctx)
	require.NoError(t, err)
	assert.Equal(t, len(ids), treport.Delivered)
	assert.Zero(t, treport.DeadLettered)
	perKey := map[string]int{}
	for _, task := range srv.Tasks() {
		perKey[task.Properties[DefaultMarkerProperty]]++
	}
	assert.Len(t, perKey, len(ids), "a task for every contact")
	for key, count := range perKey {
		assert.Equal(t, 1, count, "task %s created %d times", key, count)
	}

	// Retries resend the same input: an upsert of a contact seen before
	// carries the same properties (the pipeline retries only the records that
	// failed, so the batches around them, and their trace ids, may differ).
	faults := map[hubspottest.FaultKind]int{}
	inputs := map[string]string{}
	resent := 0
	for _, r := range srv.Requests() {
		faults[r.Fault]++
		if !strings.HasSuffix(r.Path, "/contacts/batch/upsert") {
			continue
		}
		var req struct {
			Inputs []struct {
				ID         string          `json:"id"`
				Properties json.RawMessage `json:"properties"`
			} `json:"inputs"`
		}
		require.NoError(t, json.Unmarshal(r.Body, &req))
		for _, in := range req.Inputs {
			if prev, ok := inputs[in.ID]; ok {
				resent++
				assert.JSONEq(t, prev, string(in.Properties), "a retry changed the input")
			}
			inputs[in.ID] = string(in.Properties)
		}
	}
	assert.Positive(t, resent, "some writes were retried")
	t.Logf("requests by fault: %v; contacts %+v; tasks %+v", faults, contacts.Stats(), tasksDest.Stats())
	assert.Positive(t, faults[hubspottest.FaultApplyThenFail], "the run exercised apply-then-fail")
	assert.Positive(t, faults[hubspottest.FaultReset])
	assert.Positive(t, faults[hubspottest.FaultServerError])
}
