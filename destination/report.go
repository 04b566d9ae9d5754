package destination

import "time"

// Report is what a Pipeline did, returned by Close.
//
// Every enqueued record ends in exactly one of Delivered, DeadLettered,
// Skipped, Coalesced or Pending, so
//
//	Enqueued == Delivered + DeadLettered + Skipped + Coalesced + Pending
//
// always holds. Rejected records are a subset of DeadLettered.
type Report struct {
	// Enqueued counts the records Enqueue accepted.
	Enqueued int
	// Delivered counts the records the destination confirmed.
	Delivered int
	// Rejected counts the records the destination rejected for good; each
	// is also dead-lettered.
	Rejected int
	// DeadLettered counts the records given up on: rejected, out of
	// attempts or out of time budget.
	DeadLettered int
	// Skipped counts the records not sent because their Fingerprint equals
	// the one stored for the last confirmed delivery of their Key.
	Skipped int
	// Coalesced counts the records replaced by (merged into) a later record
	// with the same Key before they were sent; their content travels with
	// that record.
	Coalesced int
	// Pending counts the records neither delivered nor given up on because
	// Close's context ended first. Each is written to the dead-letter sink
	// with ReasonPending so that it can be enqueued again.
	Pending int
	// Retried counts the retries scheduled (one per record per retry).
	Retried int
	// BatchesSent counts the calls to the destination's Send.
	BatchesSent int
	// Letters counts the dead letters the sink accepted, by reason
	// (ReasonPending included): one per line of an NDJSON sink's file.
	// Nil when there were none.
	Letters map[string]int
	// SinkFailures counts the dead letters the sink refused; they are in
	// DeadLetters. Letters plus SinkFailures add up to DeadLettered plus
	// Pending.
	SinkFailures int
	// StateErrors counts the StateStore calls that failed (see StateStore
	// for what the pipeline does then); Close returns the first as a
	// *StateError when there was any.
	StateErrors int
	// DeadLetters holds the letters kept in memory: all of them when
	// Config.DeadLetters is nil, otherwise only those the sink refused.
	DeadLetters []DeadLetter
}

// Stats is a snapshot of a Pipeline's counters, for monitoring and
// progress bars. The counters are read one by one, not atomically together.
type Stats struct {
	Enqueued     int // records accepted by Enqueue
	BatchesSent  int // calls to the destination's Send
	Delivered    int // records confirmed by the destination
	Retried      int // retries scheduled
	Rejected     int // records rejected for good
	DeadLettered int // records given up on (includes Rejected)
	Skipped      int // unchanged records not sent
	Coalesced    int // records merged into a later one with the same Key
	Pending      int // records not settled yet: queued, batched, in flight or waiting for a retry
	InFlight     int // records in batches being sent right now
	SinkFailures int // dead letters the sink refused
	StateErrors  int // StateStore calls that failed
	// Letters counts the dead letters the sink accepted so far, by reason
	// (ReasonPending included); nil when there are none. It is a copy.
	Letters map[string]int
	// Rate is the number of records delivered per second over the last
	// few seconds.
	Rate float64
}

// WaitInfo says what a Pipeline waits for before it retries records, for
// Config.OnWait. It carries no key, payload or error text: it is safe to
// print.
type WaitInfo struct {
	// Records is the number of records of the settled batch scheduled for
	// a retry.
	Records int
	// Attempt is the number of sends already made of the record that
	// waits longest (1 after its first failure).
	Attempt int
	// Wait is the longest wait before one of them is sent again.
	Wait time.Duration
	// Hinted reports whether Wait is the destination's own hint (a
	// Result's After, or a WaitHinter error such as a server's
	// Retry-After) rather than the pipeline's backoff.
	Hinted bool
	// Reason says why, for the record that waits longest: the Reason of its
	// error when the error implements Reasoner (e.g. "RATE_LIMIT_..."),
	// "send_timeout" when Send ran out of SendTimeout, otherwise
	// "retryable".
	Reason string
}
