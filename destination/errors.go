package destination

import (
	"errors"
	"time"
)

// Sentinel errors, for errors.Is.
var (
	// ErrClosed is returned by Enqueue and Flush after Close was called.
	ErrClosed = errors.New("destination: pipeline closed")
	// ErrEmptyKey is returned by Enqueue for a record without a Key.
	ErrEmptyKey = errors.New("destination: record has an empty Key")
	// ErrNotClosed is returned by Unseen before Close has finished.
	ErrNotClosed = errors.New("destination: pipeline not closed yet")
	// ErrResultCount is the error of the Retryable results the pipeline
	// substitutes when a Destination breaks its contract by returning a
	// number of results different from the batch size.
	ErrResultCount = errors.New("destination: destination returned a wrong number of results")
	// ErrCorruptState is matched by every *CorruptStateError: a state file
	// that cannot be read back.
	ErrCorruptState = errors.New("destination: corrupt state")
	// ErrStateStore is matched by every *StateError: a StateStore call the
	// pipeline made failed.
	ErrStateStore = errors.New("destination: state store failed")
	// ErrInvalidConfig is matched by every *ConfigError.
	ErrInvalidConfig = errors.New("destination: invalid config")
	// ErrDeadLetterSink is wrapped by the error Close returns when the
	// dead-letter sink failed; the letters it refused are kept in
	// Report.DeadLetters.
	ErrDeadLetterSink = errors.New("destination: dead-letter sink failed")
)

// Reasoner is implemented by errors that carry a short machine-readable
// reason code, such as "INVALID_EMAIL". When the Err of a Rejected result
// implements it, its Reason is the dead letter's Reason instead of
// ReasonRejected.
type Reasoner interface {
	Reason() string
}

// WaitHinter is implemented by errors that carry a server's wait hint (an
// HTTP Retry-After, say). When the Err of a Retryable result implements it
// (directly or wrapped, found with errors.As), the pipeline waits at least
// WaitHint before the next attempt, as if the result's After said so; the
// longer of After and WaitHint wins. A hint that would start the next
// attempt after the retry budget (Config.MaxElapsed) dead-letters the record
// with ReasonBudgetExhausted at once instead of waiting.
type WaitHinter interface {
	WaitHint() time.Duration
}

// Reasons recorded in dead letters.
const (
	// ReasonRejected: the destination rejected the record for good (its
	// error did not implement Reasoner).
	ReasonRejected = "rejected"
	// ReasonRetriesExhausted: the record failed retryably MaxAttempts times.
	ReasonRetriesExhausted = "retries_exhausted"
	// ReasonBudgetExhausted: the next retry would start after MaxElapsed.
	ReasonBudgetExhausted = "budget_exhausted"
	// ReasonPending: Close's context ended before the record could be
	// delivered; it was not rejected and may be enqueued again later. Such
	// letters count as Pending, not DeadLettered, in the Report.
	ReasonPending = "pending"
)

// ErrBatchTooLarge is the error of the Rejected results of helper
// destinations given a batch above their MaxBatchSize.
var ErrBatchTooLarge = errors.New("destination: batch larger than MaxBatchSize")
