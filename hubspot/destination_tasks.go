package hubspot

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
)

// DefaultMarkerProperty is the task property holding a Task's Key.
const DefaultMarkerProperty = "cdp_task_key"

// DefaultSettleDelay is how long a task whose create may have been applied
// waits before its retry, so that HubSpot's search index shows it.
const DefaultSettleDelay = 10 * time.Second

// Task is one task to create, at most once per Key.
type Task struct {
	// Key is a deterministic marker of the task ("expiry:<position>:<date>",
	// say); one task per Key, ever. It is stored on the task in the marker
	// property. When empty, the destination.Record's Key is used.
	Key       string
	ContactID string // the contact's record id; the task is associated to it (type 204)
	OwnerID   string // hubspot_owner_id
	Subject   string
	Body      string
	Due       time.Time // required
	Priority  string    // LOW, MEDIUM, HIGH; empty: unset
	Type      string    // EMAIL, CALL, TODO; empty: unset
}

// TasksDestination creates tasks for a destination.Pipeline, never two for
// one Key: each task carries its Key in a marker property, and before
// creating a batch it searches for the batch's markers and reports those
// found as Delivered without creating them again.
//
// A create that fails ambiguously (a 5xx, a reset, a timeout: HubSpot may
// have applied it) is reported Retryable after the settle delay; the next
// attempt's search finds the task if HubSpot created it. Caveat: HubSpot's
// search is eventually consistent. If the index lags more than the settle
// delay, the search can miss a task created by the ambiguous attempt and a
// second one is created. Choose the settle delay accordingly (default 10 s),
// and do not run two pipelines on the same keys at once.
//
// The marker property must exist on tasks: call EnsureTaskSchema once, or
// create a string/text property of that name.
//
// It is safe for concurrent use, provided batches in flight at the same
// time do not share keys.
type TasksDestination struct {
	c      *Client
	marker string
	settle time.Duration

	created, existing, rejected, retryable atomic.Int64
}

var _ destination.Destination[Task] = (*TasksDestination)(nil)

// TasksOption configures a TasksDestination.
type TasksOption func(*TasksDestination) error

// WithMarkerProperty sets the task property holding the Key (default
// DefaultMarkerProperty).
func WithMarkerProperty(name string) TasksOption {
	return func(d *TasksDestination) error {
		if !validName(name) {
			return &ConfigError{Field: "MarkerProperty", Reason: fmt.Sprintf("%q must match ^[a-z][a-z0-9_]*$", name)}
		}
		d.marker = name
		return nil
	}
}

// WithSettleDelay sets the wait after an ambiguous create (default
// DefaultSettleDelay; zero leaves it to the pipeline's backoff).
func WithSettleDelay(d time.Duration) TasksOption {
	return func(t *TasksDestination) error {
		if d < 0 {
			return &ConfigError{Field: "SettleDelay", Reason: fmt.Sprintf("negative (%s)", d)}
		}
		t.settle = d
		return nil
	}
}

// NewTasksDestination returns a destination creating tasks through c.
func NewTasksDestination(c *Client, opts ...TasksOption) (*TasksDestination, error) {
	if c == nil {
		return nil, &ConfigError{Field: "Client", Reason: "nil"}
	}
	d := &TasksDestination{c: c, marker: DefaultMarkerProperty, settle: DefaultSettleDelay}
	for _, o := range opts {
		if o == nil {
			return nil, &ConfigError{Field: "TasksOption", Reason: "nil"}
		}
		if err := o(d); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// TaskGroup is the property group EnsureTaskSchema puts the marker in.
func TaskGroup() PropertyGroup {
	return PropertyGroup{Name: "customerdata", Label: "Customer data platform", DisplayOrder: -1}
}

// EnsureTaskSchema creates the marker property on tasks (a string/text
// property in TaskGroup) unless it exists; an existing property of another
// type is a *SchemaError.
func (d *TasksDestination) EnsureTaskSchema(ctx context.Context) error {
	_, err := d.c.Properties.EnsureSchema(ctx, "tasks", TaskGroup(), []Property{{
		Name: d.marker, Label: "CDP task key", Type: "string", FieldType: "text",
		Description: "Deterministic key of the task, set by customerdata so it is never created twice.",
	}})
	return err
}

// MaxBatchSize is MaxBatchInputs.
func (d *TasksDestination) MaxBatchSize() int { return MaxBatchInputs }

// TasksStats counts record outcomes since the destination was built.
type TasksStats struct {
	Created   int64 // tasks created by this destination
	Existing  int64 // records whose task was found by its marker
	Rejected  int64
	Retryable int64
}

// Stats returns the counters.
func (d *TasksDestination) Stats() TasksStats {
	return TasksStats{Created: d.created.Load(), Existing: d.existing.Load(), Rejected: d.rejected.Load(), Retryable: d.retryable.Load()}
}

// Send looks up the batch's markers, creates the tasks not found and
// returns one result per record, in order. Records repeating a key in the
// batch share the first one's task.
func (d *TasksDestination) Send(ctx context.Context, batch []destination.Record[Task]) []destination.Result {
	ctx = SingleAttempt(ctx) // the pipeline owns the retries
	results := make([]destination.Result, len(batch))
	first := make(map[string]int, len(batch))
	dupOf := make([]int, len(batch))
	var keys []string
	for i, r := range batch {
		dupOf[i] = -1
		key := r.Payload.Key
		if key == "" {
			key = r.Key
		}
		if j, ok := first[key]; ok {
			dupOf[i] = j
			continue
		}
		if err := d.validTask(key, r.Payload); err != nil {
			results[i] = destination.Rejected(err)
			first[key] = i
			continue
		}
		first[key] = i
		keys = append(keys, key)
	}
	found, err := d.findMarkers(ctx, keys)
	if err != nil {
		r := classify(ctx, err, d.c.windowInterval())
		for _, k := range keys {
			results[first[k]] = r
		}
		return d.finish(results, dupOf)
	}
	var todo []TaskInput
	var todoIdx []int
	for _, k := range keys {
		i := first[k]
		if found[k] {
			results[i] = destination.Delivered()
			d.existing.Add(1)
			continue
		}
		todo = append(todo, d.input(k, batch[i].Payload))
		todoIdx = append(todoIdx, i)
	}
	for start := 0; start < len(todo); start += MaxBatchInputs {
		end := min(start+MaxBatchInputs, len(todo))
		out, err := d.c.Tasks.BatchCreate(ctx, todo[start:end])
		for n, i := range todoIdx[start:end] {
			switch {
			case err != nil:
				results[i] = d.createFailure(ctx, err)
			case out[n].Err == nil:
				results[i] = destination.Delivered()
				d.created.Add(1)
			case errors.Is(out[n].Err, ErrNoResult):
				results[i] = destination.Retryable(&InputError{Err: out[n].Err}, d.settle)
			default:
				results[i] = destination.Rejected(out[n].Err)
			}
		}
	}
	return d.finish(results, dupOf)
}

// createFailure maps a failed BatchCreate: ambiguous failures wait for the
// search index to settle; the rest as classify says.
func (d *TasksDestination) createFailure(ctx context.Context, err error) destination.Result {
	r := classify(ctx, err, d.c.windowInterval())
	if r.Status == destination.StatusRetryable && ambiguous(err) {
		r.After = max(r.After, d.settle)
	}
	return r
}

// ambiguous reports whether a failed create may have been applied.
func ambiguous(err error) bool {
	var rl *RateLimitError
	if errors.As(err, &rl) {
		return false
	}
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Status >= 500
	}
	return true
}

func (d *TasksDestination) finish(results []destination.Result, dupOf []int) []destination.Result {
	for i, j := range dupOf {
		if j >= 0 {
			results[i] = results[j]
		}
	}
	for _, r := range results {
		switch r.Status {
		case destination.StatusRejected:
			d.rejected.Add(1)
		case destination.StatusRetryable:
			d.retryable.Add(1)
		}
	}
	return results
}

// input is the TaskInput creating t with its marker.
func (d *TasksDestination) input(key string, t Task) TaskInput {
	return TaskInput{
		Subject: t.Subject, Body: t.Body, Due: t.Due, Priority: t.Priority, Type: t.Type,
		OwnerID: t.OwnerID, ContactID: t.ContactID, Properties: map[string]string{d.marker: key},
	}
}

// validTask refuses, for this record alone, what BatchCreate would refuse
// for the whole batch: an empty key, no due time, an overlong value.
func (d *TasksDestination) validTask(key string, t Task) error {
	if key == "" {
		return &ValueError{Property: d.marker, Problem: "empty task key"}
	}
	_, err := d.input(key, t).properties()
	return err
}

// findMarkers returns the keys that already have a task, searching by
// marker with IN filters of at most maxSearchFilterSize values.
func (d *TasksDestination) findMarkers(ctx context.Context, keys []string) (map[string]bool, error) {
	found := make(map[string]bool, len(keys))
	for start := 0; start < len(keys); start += maxSearchFilterSize {
		chunk := keys[start:min(start+maxSearchFilterSize, len(keys))]
		req := SearchRequest{
			FilterGroups: []FilterGroup{{Filters: []Filter{{PropertyName: d.marker, Operator: OpIn, Values: chunk}}}},
			Properties:   []string{d.marker},
			Limit:        MaxSearchLimit,
		}
		for o, err := range d.c.Tasks.SearchAll(ctx, req) {
			if err != nil {
				return nil, err
			}
			if k := o.Properties[d.marker]; k != "" {
				found[k] = true
			}
		}
	}
	return found, nil
}
