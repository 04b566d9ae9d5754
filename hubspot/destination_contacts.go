package hubspot

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync/atomic"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
)

// ContactsDestination upserts contacts (or, with UpdateOnly, updates
// existing ones) for a destination.Pipeline. A
// record's Key is the value of the id property (an e-mail address for
// "email"); its Payload the properties to write.
//
// Outcomes per record: created or updated → Delivered; an input HubSpot
// refused (INVALID_EMAIL, PROPERTY_DOESNT_EXIST, a value EncodeValue
// refuses...) → Rejected with an error whose Reason() is HubSpot's code;
// 429, 423, 5xx, network failures and a missing result → Retryable, with the
// server's wait when it gave one; 400, 401, 403, 404, 409 and a spent daily
// budget on the whole call → Rejected, so a bad token or a spent quota ends
// the run in the dead letters instead of looping (they can be replayed).
//
// It is safe for concurrent use.
type ContactsDestination struct {
	c          *Client
	idProperty string
	updateOnly bool
	onUpserted func(key, recordID string, created bool)

	created, updated, rejected, retryable atomic.Int64
}

var _ destination.Destination[Properties] = (*ContactsDestination)(nil)

// ContactsOption configures a ContactsDestination.
type ContactsOption func(*ContactsDestination) error

// OnUpserted registers fn, called once per delivered record with its key,
// its HubSpot record id and whether it was created. fn may be called from
// several goroutines at once and must not block for long.
func OnUpserted(fn func(key, recordID string, created bool)) ContactsOption {
	return func(d *ContactsDestination) error {
		if fn == nil {
			return &ConfigError{Field: "OnUpserted", Reason: "nil func"}
		}
		d.onUpserted = fn
		return nil
	}
}

// UpdateOnly makes the destination update existing contacts only, through
// batch/update by the id property, instead of upserting: a record whose
// contact does not exist is Rejected with an *Error matching ErrNotFound
// (category OBJECT_NOT_FOUND) and nothing is created. Updates by a unique
// property are idempotent, so they are retried like upserts. OnUpserted
// reports each updated contact with created == false.
func UpdateOnly() ContactsOption {
	return func(d *ContactsDestination) error {
		d.updateOnly = true
		return nil
	}
}

// NewContactsDestination returns a destination upserting contacts through c
// by idProperty ("email" or a property created with HasUniqueValue).
func NewContactsDestination(c *Client, idProperty string, opts ...ContactsOption) (*ContactsDestination, error) {
	if c == nil {
		return nil, &ConfigError{Field: "Client", Reason: "nil"}
	}
	if idProperty == "" || idProperty == "hs_object_id" {
		return nil, &ConfigError{Field: "idProperty", Reason: fmt.Sprintf("%q cannot identify an upsert; use email or a unique property", idProperty)}
	}
	d := &ContactsDestination{c: c, idProperty: idProperty}
	for _, o := range opts {
		if o == nil {
			return nil, &ConfigError{Field: "ContactsOption", Reason: "nil"}
		}
		if err := o(d); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// MaxBatchSize is MaxBatchInputs.
func (d *ContactsDestination) MaxBatchSize() int { return MaxBatchInputs }

// ContactsStats counts record outcomes since the destination was built.
type ContactsStats struct {
	Created, Updated, Rejected, Retryable int64
}

// Stats returns the counters.
func (d *ContactsDestination) Stats() ContactsStats {
	return ContactsStats{Created: d.created.Load(), Updated: d.updated.Load(), Rejected: d.rejected.Load(), Retryable: d.retryable.Load()}
}

// Send upserts batch and returns one result per record, in order. Records
// with the same key (compared case-insensitively) are merged, later
// properties winning, and sent once.
func (d *ContactsDestination) Send(ctx context.Context, batch []destination.Record[Properties]) []destination.Result {
	ctx = SingleAttempt(ctx) // the pipeline owns the retries
	results := make([]destination.Result, len(batch))
	slot := make([]int, len(batch)) // record → input index, -1 when settled locally
	var inputs []UpsertInput
	byKey := make(map[string]int, len(batch))
	for i, r := range batch {
		slot[i] = -1
		if r.Key == "" {
			results[i] = destination.Rejected(&ValueError{Property: d.idProperty, Problem: "empty record key"})
			continue
		}
		if err := r.Payload.check(); err != nil {
			results[i] = destination.Rejected(err)
			continue
		}
		k := strings.ToLower(r.Key)
		if j, ok := byKey[k]; ok {
			maps.Copy(inputs[j].Properties, r.Payload)
			slot[i] = j
			continue
		}
		byKey[k] = len(inputs)
		slot[i] = len(inputs)
		inputs = append(inputs, UpsertInput{ID: r.Key, Properties: maps.Clone(r.Payload)})
	}
	// A batch larger than MaxBatchSize (a caller other than the pipeline)
	// is sent in chunks; each input gets its chunk's outcome.
	out := make([]WriteResult, len(inputs))
	callErr := make([]error, len(inputs))
	for start := 0; start < len(inputs); start += MaxBatchInputs {
		end := min(start+MaxBatchInputs, len(inputs))
		res, err := d.write(ctx, inputs[start:end])
		for j := start; j < end; j++ {
			if err != nil {
				callErr[j] = err
			} else {
				out[j] = res[j-start]
			}
		}
	}
	if len(inputs) > 0 {
		for i := range batch {
			j := slot[i]
			if j < 0 {
				continue
			}
			if callErr[j] != nil {
				results[i] = classify(ctx, callErr[j], d.c.windowInterval())
				continue
			}
			results[i] = inputResult(out[j].Err)
			if out[j].Err == nil && firstSlot(slot, i, j) {
				if out[j].Created {
					d.created.Add(1)
				} else {
					d.updated.Add(1)
				}
				if d.onUpserted != nil {
					d.onUpserted(batch[i].Key, out[j].ID, out[j].Created)
				}
			}
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

// write upserts inputs, or updates them with UpdateOnly.
func (d *ContactsDestination) write(ctx context.Context, inputs []UpsertInput) ([]WriteResult, error) {
	if !d.updateOnly {
		return d.c.Contacts.BatchUpsert(ctx, d.idProperty, inputs)
	}
	body, ids, err := d.c.upsertInputs(d.idProperty, inputs)
	if err != nil {
		return nil, err
	}
	return d.c.batchWrite(ctx, "/crm/v3/objects/contacts/batch/update", body, true, matchByProperty(d.idProperty, ids))
}

// firstSlot reports whether record i is the first one mapped to input j.
func firstSlot(slot []int, i, j int) bool {
	for k := 0; k < i; k++ {
		if slot[k] == j {
			return false
		}
	}
	return true
}

// inputResult maps one input's error from a 2xx batch response.
func inputResult(err error) destination.Result {
	switch {
	case err == nil:
		return destination.Delivered()
	case errors.Is(err, ErrNoResult):
		return destination.Retryable(&InputError{Err: err}, 0)
	}
	return destination.Rejected(err)
}

// InputError wraps a per-input failure that has no HubSpot code of its own.
type InputError struct{ Err error }

// Error is the wrapped error's text.
func (e *InputError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *InputError) Unwrap() error { return e.Err }

// Reason is "NO_RESULT" for ErrNoResult, else "INPUT_FAILED".
func (e *InputError) Reason() string {
	if errors.Is(e.Err, ErrNoResult) {
		return "NO_RESULT"
	}
	return "INPUT_FAILED"
}

// classify maps a whole-call failure to the result every record gets.
func classify(ctx context.Context, err error, window time.Duration) destination.Result {
	if ctx.Err() != nil {
		return destination.Retryable(err, 0)
	}
	var rl *RateLimitError
	if errors.As(err, &rl) {
		switch rl.Policy {
		case Daily:
			return destination.Rejected(err)
		case Secondly:
			return destination.Retryable(err, max(rl.RetryAfter, SecondlyBackoff))
		}
		if rl.RetryAfter > 0 {
			return destination.Retryable(err, rl.RetryAfter)
		}
		return destination.Retryable(err, window)
	}
	var ae *Error
	if errors.As(err, &ae) {
		switch {
		case ae.Status == 423:
			return destination.Retryable(err, max(ae.RetryAfter, LockedBackoff))
		case ae.Status >= 500 || ae.Status == 477:
			return destination.Retryable(err, ae.RetryAfter)
		}
		return destination.Rejected(err)
	}
	var te *TransportError
	var de *DecodeError
	if errors.As(err, &te) || errors.As(err, &de) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return destination.Retryable(err, 0)
	}
	return destination.Rejected(err)
}
