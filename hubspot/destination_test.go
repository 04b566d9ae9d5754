package hubspot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
)

func rec(key string, props Properties) destination.Record[Properties] {
	return destination.Record[Properties]{Key: key, Payload: props}
}

// statuses returns the status of each result, and the Reason() of its error
// when it has one.
func statuses(rs []destination.Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Status.String()
		var rn interface{ Reason() string }
		if errors.As(r.Err, &rn) {
			out[i] += ":" + rn.Reason()
		}
	}
	return out
}

func TestContactsDestinationOutcomes(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	type upserted struct {
		key, id string
		created bool
	}
	var mu sync.Mutex
	var seen []upserted
	d, err := NewContactsDestination(c, "email", OnUpserted(func(key, id string, created bool) {
		mu.Lock()
		seen = append(seen, upserted{key, id, created})
		mu.Unlock()
	}))
	require.NoError(t, err)
	assert.Equal(t, 100, d.MaxBatchSize())
	ctx := context.Background()

	_, err = c.Contacts.BatchUpsert(ctx, "email", []UpsertInput{{ID: "old@x.com"}})
	require.NoError(t, err)

	batch := []destination.Record[Properties]{
		rec("new@x.com", Properties{"firstname": cdp.StringValue("Nina")}),
		rec("old@x.com", Properties{"firstname": cdp.StringValue("Otto")}),
		rec("not-an-email", Properties{"firstname": cdp.StringValue("X")}),
		rec("p@x.com", Properties{"no_such_prop": cdp.StringValue("X")}),
		rec("", Properties{}),
		rec("long@x.com", Properties{"firstname": cdp.StringValue(strings.Repeat("x", MaxStringLength+1))}),
		rec("NEW@x.com", Properties{"lastname": cdp.StringValue("Nunes")}),
	}
	res := d.Send(ctx, batch)
	assert.Equal(t, []string{
		"delivered", "delivered", "rejected:INVALID_EMAIL", "rejected:PROPERTY_DOESNT_EXIST",
		"rejected:INVALID_VALUE", "rejected:INVALID_VALUE", "delivered",
	}, statuses(res))
	nina, ok := srv.Contact("new@x.com")
	require.True(t, ok)
	assert.Equal(t, "Nina", nina.Properties["firstname"])
	assert.Equal(t, "Nunes", nina.Properties["lastname"], "records with the same key are merged")
	otto, _ := srv.Contact("old@x.com")
	assert.Equal(t, []upserted{{"new@x.com", nina.ID, true}, {"old@x.com", otto.ID, false}}, seen)
	assert.Equal(t, ContactsStats{Created: 1, Updated: 1, Rejected: 4}, d.Stats())
	assert.Len(t, srv.Contacts(), 2)
}

func TestContactsDestinationWholeCallFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		header map[string]string
		want   destination.Result
	}{
		{"429 ten-secondly", 429, `{"status":"error","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING","message":"m"}`, map[string]string{"Retry-After": "3"},
			destination.Result{Status: destination.StatusRetryable, After: 3 * time.Second}},
		{"429 daily", 429, `{"status":"error","errorType":"RATE_LIMIT","policyName":"DAILY","message":"m"}`, nil,
			destination.Result{Status: destination.StatusRejected}},
		{"423", 423, `{"status":"error","message":"locked"}`, nil,
			destination.Result{Status: destination.StatusRetryable, After: LockedBackoff}},
		{"503", 503, `{"status":"error","message":"down"}`, nil,
			destination.Result{Status: destination.StatusRetryable}},
		{"401", 401, `{"status":"error","category":"INVALID_AUTHENTICATION","message":"no"}`, nil,
			destination.Result{Status: destination.StatusRejected}},
		{"403", 403, `{"status":"error","category":"MISSING_SCOPES","message":"no"}`, nil,
			destination.Result{Status: destination.StatusRejected}},
		{"400", 400, validationBody, nil, destination.Result{Status: destination.StatusRejected}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := setup(t, WithRetry(Retry{MaxAttempts: 1}))
			h.mux.HandleFunc("POST /crm/v3/objects/contacts/batch/upsert", func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				writeJSON(w, tc.status, tc.body)
			})
			d, err := NewContactsDestination(h.client, "email")
			require.NoError(t, err)
			res := d.Send(context.Background(), []destination.Record[Properties]{rec("a@x.com", nil), rec("b@x.com", nil)})
			require.Len(t, res, 2)
			for i, r := range res {
				require.Error(t, r.Err)
				var ae *Error
				assert.ErrorAs(t, r.Err, &ae, "record %d", i)
				r.Err = nil
				assert.Equal(t, tc.want, r, "record %d", i)
			}
		})
	}
}

func TestContactsDestinationNetworkAndContext(t *testing.T) {
	t.Parallel()
	c, err := New("t", WithBaseURL("http://127.0.0.1:1"), WithLimits(Unlimited()), WithRetry(Retry{MaxAttempts: 1}))
	require.NoError(t, err)
	d, err := NewContactsDestination(c, "email")
	require.NoError(t, err)
	res := d.Send(context.Background(), []destination.Record[Properties]{rec("a@x.com", nil)})
	assert.Equal(t, []string{"retryable:NETWORK"}, statuses(res))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res = d.Send(ctx, []destination.Record[Properties]{rec("a@x.com", nil)})
	require.Len(t, res, 1)
	assert.Equal(t, destination.StatusRetryable, res[0].Status)
	assert.ErrorIs(t, res[0].Err, context.Canceled)
	assert.Equal(t, ContactsStats{Retryable: 2}, d.Stats())
}

func TestContactsDestinationEmptyResponseIsRetryable(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.mux.HandleFunc("POST /crm/v3/objects/contacts/batch/upsert", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"status":"COMPLETE","results":[],"errors":[]}`)
	})
	d, err := NewContactsDestination(h.client, "email")
	require.NoError(t, err)
	res := d.Send(context.Background(), []destination.Record[Properties]{rec("a@x.com", nil)})
	assert.Equal(t, []string{"retryable:NO_RESULT"}, statuses(res))
}

func TestDestinationConstructors(t *testing.T) {
	t.Parallel()
	c, err := New("t")
	require.NoError(t, err)
	var ce *ConfigError
	_, err = NewContactsDestination(nil, "email")
	assert.ErrorAs(t, err, &ce)
	_, err = NewContactsDestination(c, "")
	assert.ErrorAs(t, err, &ce)
	_, err = NewContactsDestination(c, "hs_object_id")
	assert.ErrorAs(t, err, &ce)
	_, err = NewContactsDestination(c, "email", OnUpserted(nil))
	assert.ErrorAs(t, err, &ce)
	_, err = NewContactsDestination(c, "email", nil)
	assert.ErrorAs(t, err, &ce)
	_, err = NewTasksDestination(nil)
	assert.ErrorAs(t, err, &ce)
	_, err = NewTasksDestination(c, WithMarkerProperty("Bad Name"))
	assert.ErrorAs(t, err, &ce)
	_, err = NewTasksDestination(c, WithSettleDelay(-time.Second))
	assert.ErrorAs(t, err, &ce)
	_, err = NewTasksDestination(c, nil)
	assert.ErrorAs(t, err, &ce)
	d, err := NewTasksDestination(c, WithMarkerProperty("my_key"), WithSettleDelay(time.Second))
	require.NoError(t, err)
	assert.Equal(t, "my_key", d.marker)
	assert.Equal(t, time.Second, d.settle)
	assert.Equal(t, 100, d.MaxBatchSize())
}

func taskRec(key, contactID string, due time.Time) destination.Record[Task] {
	return destination.Record[Task]{Key: key, Payload: Task{Key: key, ContactID: contactID, Subject: "Reinvest " + key, Due: due, Priority: PriorityHigh, Type: TaskCall}}
}

func TestTasksDestinationNeverDuplicates(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	d, err := NewTasksDestination(c, WithSettleDelay(time.Millisecond))
	require.NoError(t, err)
	require.NoError(t, d.EnsureTaskSchema(ctx))
	require.NoError(t, d.EnsureTaskSchema(ctx), "idempotent")
	up, err := c.Contacts.BatchUpsert(ctx, "email", []UpsertInput{{ID: "ana@x.com"}})
	require.NoError(t, err)
	due := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

	first := []destination.Record[Task]{taskRec("k1", up[0].ID, due), taskRec("k2", up[0].ID, due), taskRec("k1", up[0].ID, due),
		taskRec("bad-contact", "424242", due), {Key: "no-due", Payload: Task{Key: "no-due"}},
		{Key: "long", Payload: Task{Key: "long", Due: due, Body: strings.Repeat("x", MaxStringLength+1)}},
		{Payload: Task{Due: due}}}
	assert.Equal(t, []string{"delivered", "delivered", "delivered", "rejected:VALIDATION_ERROR", "rejected:INVALID_VALUE",
		"rejected:INVALID_VALUE", "rejected:INVALID_VALUE"}, statuses(d.Send(ctx, first)))
	assert.Equal(t, TasksStats{Created: 2, Rejected: 4}, d.Stats())

	// A rerun finds both markers and creates nothing.
	second := []destination.Record[Task]{taskRec("k2", up[0].ID, due), taskRec("k1", up[0].ID, due), taskRec("k3", up[0].ID, due)}
	assert.Equal(t, []string{"delivered", "delivered", "delivered"}, statuses(d.Send(ctx, second)))
	assert.Equal(t, TasksStats{Created: 3, Existing: 2, Rejected: 4}, d.Stats())

	keys := map[string]int{}
	for _, task := range srv.Tasks() {
		keys[task.Properties[DefaultMarkerProperty]]++
	}
	assert.Equal(t, map[string]int{"k1": 1, "k2": 1, "k3": 1}, keys)
}

func TestTasksDestinationAmbiguousCreate(t *testing.T) {
	t.Parallel()
	// A create answered 500 after HubSpot applied it: Retryable after the
	// settle delay, and the retry finds the task by its marker.
	h := setup(t)
	var mu sync.Mutex
	stored := map[string]bool{}
	creates := 0
	h.mux.HandleFunc("POST /crm/v3/objects/tasks/search", func(w http.ResponseWriter, r *http.Request) {
		var req SearchRequest
		readJSON(t, r, &req)
		require.Len(t, req.FilterGroups, 1)
		f := req.FilterGroups[0].Filters[0]
		assert.Equal(t, Filter{PropertyName: DefaultMarkerProperty, Operator: OpIn, Values: f.Values}, f)
		mu.Lock()
		defer mu.Unlock()
		var results []string
		for _, v := range f.Values {
			if stored[v] {
				results = append(results, fmt.Sprintf(`{"id":"t-%s","properties":{%q:%q}}`, v, DefaultMarkerProperty, v))
			}
		}
		writeJSON(w, 200, fmt.Sprintf(`{"total":%d,"results":[%s]}`, len(results), strings.Join(results, ",")))
	})
	h.mux.HandleFunc("POST /crm/v3/objects/tasks/batch/create", func(w http.ResponseWriter, r *http.Request) {
		var req batchRequest
		readJSON(t, r, &req)
		mu.Lock()
		defer mu.Unlock()
		creates++
		for _, in := range req.Inputs {
			stored[in.Properties[DefaultMarkerProperty]] = true
		}
		writeJSON(w, 500, `{"status":"error","message":"internal error"}`)
	})
	d, err := NewTasksDestination(h.client, WithSettleDelay(3*time.Second))
	require.NoError(t, err)
	due := time.Unix(1_800_000_000, 0)
	batch := []destination.Record[Task]{taskRec("k1", "1", due), taskRec("k2", "1", due)}

	res := d.Send(context.Background(), batch)
	require.Len(t, res, 2)
	for _, r := range res {
		assert.Equal(t, destination.StatusRetryable, r.Status)
		assert.Equal(t, 3*time.Second, r.After)
	}
	assert.Equal(t, 1, creates, "a create is never retried blindly")

	res = d.Send(context.Background(), batch)
	assert.Equal(t, []string{"delivered", "delivered"}, statuses(res))
	assert.Equal(t, 1, creates, "found by marker, not created again")
	assert.Equal(t, TasksStats{Existing: 2, Retryable: 2}, d.Stats())
}

func TestTasksDestinationSearchFailure(t *testing.T) {
	t.Parallel()
	h := setup(t, WithRetry(Retry{MaxAttempts: 1}))
	h.mux.HandleFunc("POST /crm/v3/objects/tasks/search", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 429, `{"status":"error","errorType":"RATE_LIMIT","policyName":"SECONDLY","message":"You have reached your secondly limit."}`)
	})
	d, err := NewTasksDestination(h.client)
	require.NoError(t, err)
	res := d.Send(context.Background(), []destination.Record[Task]{taskRec("k1", "1", time.Unix(1, 0))})
	require.Len(t, res, 1)
	assert.Equal(t, destination.StatusRetryable, res[0].Status)
	assert.Equal(t, SecondlyBackoff, res[0].After)
	assert.ErrorIs(t, res[0].Err, ErrRateLimited)
}

func TestTasksDestinationManyKeysChunked(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	d, err := NewTasksDestination(c, WithSettleDelay(0))
	require.NoError(t, err)
	require.NoError(t, d.EnsureTaskSchema(ctx))
	up, err := c.Contacts.BatchUpsert(ctx, "email", []UpsertInput{{ID: "ana@x.com"}})
	require.NoError(t, err)
	batch := make([]destination.Record[Task], 100)
	for i := range batch {
		batch[i] = taskRec(fmt.Sprintf("key-%03d", i), up[0].ID, time.Unix(1_800_000_000, 0))
	}
	for range 2 {
		for i, r := range d.Send(ctx, batch) {
			require.Equal(t, destination.StatusDelivered, r.Status, "record %d: %v", i, r.Err)
		}
	}
	assert.Len(t, srv.Tasks(), 100)
	assert.Equal(t, TasksStats{Created: 100, Existing: 100}, d.Stats())
}

func TestDestinationsChunkLargeBatches(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	contacts, err := NewContactsDestination(c, "email")
	require.NoError(t, err)
	batch := make([]destination.Record[Properties], 250)
	for i := range batch {
		batch[i] = rec(fmt.Sprintf("c%03d@x.com", i), Properties{"firstname": cdp.StringValue("N")})
	}
	for i, r := range contacts.Send(ctx, batch) {
		require.Equal(t, destination.StatusDelivered, r.Status, "record %d: %v", i, r.Err)
	}
	assert.Len(t, srv.Contacts(), 250)
	assert.Equal(t, ContactsStats{Created: 250}, contacts.Stats())

	tasks, err := NewTasksDestination(c)
	require.NoError(t, err)
	require.NoError(t, tasks.EnsureTaskSchema(ctx))
	contact := srv.Contacts()[0].ID
	tb := make([]destination.Record[Task], 150)
	for i := range tb {
		tb[i] = taskRec(fmt.Sprintf("k%03d", i), contact, time.Unix(1_800_000_000, 0))
	}
	for i, r := range tasks.Send(ctx, tb) {
		require.Equal(t, destination.StatusDelivered, r.Status, "record %d: %v", i, r.Err)
	}
	assert.Len(t, srv.Tasks(), 150)
}

func TestLogsMaskEmails(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "/crm/v3/objects/contacts/a***@x.com#f6ac", maskPath("/crm/v3/objects/contacts/ana@x.com"))
	assert.Equal(t, "/crm/v3/owners", maskPath("/crm/v3/owners"))

	var logs strings.Builder
	h := setup(t, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	calls := 0
	h.mux.HandleFunc("GET /crm/v3/objects/contacts/{id}", func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			writeJSON(w, 503, `{"status":"error","message":"cannot read ana@x.com now","correlationId":"c1"}`)
			return
		}
		writeJSON(w, 400, `{"status":"error","category":"VALIDATION_ERROR","message":"Email ana@x.com is invalid","correlationId":"c2"}`)
	})
	_, err := h.client.Contacts.Get(context.Background(), "ana@x.com", "email", nil)
	require.Error(t, err)
	assert.NotContains(t, logs.String(), "ana@x.com")
	assert.Contains(t, logs.String(), "correlation_id=c1")
	assert.Contains(t, logs.String(), "correlation_id=c2")
}
