package destination

import (
	"context"
	"time"
)

// Record is one unit of delivery.
//
// Key is the destination's identity for the record (an e-mail address for a
// HubSpot contact, say): records with the same Key in one batch are coalesced
// and change tracking is per Key. Payload is what is sent. Fingerprint is a
// digest of the payload's content: when it equals the fingerprint of the last
// confirmed delivery for the Key, the record is skipped as unchanged. An empty
// Fingerprint disables change tracking for the record.
type Record[T any] struct {
	Key         string
	Payload     T
	Fingerprint string
}

// Status is the outcome of sending one record.
type Status uint8

// The outcomes a Destination reports for each record.
const (
	StatusDelivered Status = iota + 1 // the destination confirmed the record
	StatusRetryable                   // it failed and may succeed later
	StatusRejected                    // it failed for good; retrying will not help
)

// String returns "delivered", "retryable" or "rejected".
func (s Status) String() string {
	switch s {
	case StatusDelivered:
		return "delivered"
	case StatusRetryable:
		return "retryable"
	case StatusRejected:
		return "rejected"
	}
	return "unknown"
}

// Result is the outcome of sending one record. Build it with Delivered,
// Retryable or Rejected.
type Result struct {
	Status Status
	// Err says why the record was not delivered; nil when delivered.
	Err error
	// After, for a retryable result, is the least time to wait before trying
	// again (a server's Retry-After); zero leaves it to the backoff policy.
	After time.Duration
}

// Delivered reports a record the destination confirmed.
func Delivered() Result { return Result{Status: StatusDelivered} }

// Retryable reports a record that failed with err and may be tried again,
// no sooner than after (zero: as the backoff policy decides).
func Retryable(err error, after time.Duration) Result {
	return Result{Status: StatusRetryable, Err: err, After: after}
}

// Rejected reports a record that failed with err for good.
func Rejected(err error) Result { return Result{Status: StatusRejected, Err: err} }

// Destination sends batches of records somewhere.
//
// Send sends one batch and returns exactly one Result per record, in the
// order of batch. It must not keep or modify batch after it returns. A failure
// that affects the whole batch (a network error, say) is reported as the same
// Result for every record. Send must honour ctx: when ctx is done it returns
// promptly, reporting unsent records as Retryable with ctx.Err().
//
// MaxBatchSize is the largest batch Send accepts (at least 1). The pipeline
// never sends a larger batch.
//
// A Destination used by a Pipeline with more than one parallel batch must be
// safe for concurrent use.
type Destination[T any] interface {
	Send(ctx context.Context, batch []Record[T]) []Result
	MaxBatchSize() int
}
