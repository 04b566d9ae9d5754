package hubspot

import (
	"context"
	"errors"
	"sync"

	"github.com/warrenbrasil/customerdata/destination"
)

// syncDest routes a batch of a ContactSync: upserts to one
// ContactsDestination, updates and clears to another in UpdateOnly mode,
// and turns HubSpot's answers into the sync's outcomes.
type syncDest struct {
	upsert, update *ContactsDestination

	mu      sync.Mutex
	created map[string]bool // key → created, set when HubSpot confirms a write
	gone    map[string]bool // keys of clears whose contact no longer exists
}

var _ destination.Destination[SyncPayload] = (*syncDest)(nil)

func newSyncDest(c *Client, key string) (*syncDest, error) {
	d := &syncDest{created: map[string]bool{}, gone: map[string]bool{}}
	onWrite := OnUpserted(func(key, _ string, created bool) {
		d.mu.Lock()
		d.created[key] = created
		d.mu.Unlock()
	})
	var err error
	if d.upsert, err = NewContactsDestination(c, key, onWrite); err != nil {
		return nil, err
	}
	if d.update, err = NewContactsDestination(c, key, onWrite, UpdateOnly()); err != nil {
		return nil, err
	}
	return d, nil
}

// MaxBatchSize is MaxBatchInputs.
func (d *syncDest) MaxBatchSize() int { return MaxBatchInputs }

// Send writes the upserts of batch in one call and its updates and clears
// in another.
func (d *syncDest) Send(ctx context.Context, batch []destination.Record[SyncPayload]) []destination.Result {
	res := make([]destination.Result, len(batch))
	var ups, upds []int
	for i, r := range batch {
		if r.Payload.Action == "upsert" {
			ups = append(ups, i)
		} else {
			upds = append(upds, i)
		}
	}
	d.send(ctx, d.upsert, batch, ups, res)
	d.send(ctx, d.update, batch, upds, res)
	return res
}

func (d *syncDest) send(ctx context.Context, dest *ContactsDestination, batch []destination.Record[SyncPayload], idx []int, res []destination.Result) {
	if len(idx) == 0 {
		return
	}
	recs := make([]destination.Record[Properties], len(idx))
	for j, i := range idx {
		recs[j] = destination.Record[Properties]{Key: batch[i].Key, Payload: batch[i].Payload.Properties}
	}
	for j, r := range dest.Send(ctx, recs) {
		res[idx[j]] = d.outcome(batch[idx[j]], r)
	}
}

// outcome maps one record's result to the sync's: a missing contact is
// ReasonNotFound for an update, and nothing left to clear for a clear; a
// conflict is rejected with HubSpot's category as the reason.
func (d *syncDest) outcome(rec destination.Record[SyncPayload], r destination.Result) destination.Result {
	if r.Status != destination.StatusRejected {
		return r
	}
	var ae *Error
	if !errors.As(r.Err, &ae) {
		return r
	}
	switch {
	case rec.Payload.Action == "clear" && ae.Status < 300 && ae.Category == "OBJECT_NOT_FOUND":
		// One input of a batch HubSpot answered: the contact is gone, so
		// its properties are gone too. A whole-call 404 is not trusted.
		d.mu.Lock()
		d.gone[rec.Key] = true
		d.mu.Unlock()
		return destination.Delivered()
	case errors.Is(ae, ErrNotFound):
		return destination.Rejected(&syncError{reason: ReasonNotFound, msg: "no contact has the key", err: r.Err})
	case errors.Is(ae, ErrConflict):
		category := ae.Category
		if category == "" {
			category = "CONFLICT"
		}
		return destination.Rejected(&syncError{reason: category, msg: "the write conflicts with another contact; nothing was overwritten", err: r.Err})
	}
	return r
}

// settled reports, and forgets, whether HubSpot created key and whether a
// clear found it gone.
func (d *syncDest) settled(key string) (created, gone bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	created, gone = d.created[key], d.gone[key]
	delete(d.created, key)
	delete(d.gone, key)
	return created, gone
}
