package destination

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"
)

// DeadLetter is a record that could not be delivered, with why.
type DeadLetter struct {
	// Key is the record's Key.
	Key string `json:"key"`
	// Payload is the record's Payload (encoded as JSON by NDJSONSink).
	Payload any `json:"payload"`
	// Reason is a short code: ReasonRejected, ReasonRetriesExhausted,
	// ReasonBudgetExhausted, ReasonPending, or the Reason of a rejecting
	// error that implements Reasoner.
	Reason string `json:"reason"`
	// Attempts is how many times the record was sent.
	Attempts int `json:"attempts"`
	// LastError is the text of the last error, if any.
	LastError string `json:"last_error"`
	// Time is when the record was given up on.
	Time time.Time `json:"time"`
}

// DeadLetterSink receives dead letters.
//
// Put stores one letter; a non-nil error means it was not stored (the
// pipeline then keeps it in Report.DeadLetters). Put must be safe for
// concurrent use and must not keep references into the letter's Payload
// beyond what it stores. Callers may Put their own letters (records they
// refused before enqueuing them, say) into the sink a pipeline uses.
type DeadLetterSink interface {
	Put(ctx context.Context, letter DeadLetter) error
}

var (
	_ DeadLetterSink = (*NDJSONSink)(nil)
	_ DeadLetterSink = (*MemorySink)(nil)
)

// NDJSONSink writes dead letters to an io.Writer, one JSON object per line
// with the fields key, payload, reason, attempts, last_error and time. It is
// safe for concurrent use.
type NDJSONSink struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
}

// NewNDJSONSink returns a sink writing to w. The caller owns w (and closes
// it, if it is a file, after the pipeline is closed).
func NewNDJSONSink(w io.Writer) *NDJSONSink { return &NDJSONSink{w: w} }

// Put writes letter as one JSON line. A payload that cannot be encoded as
// JSON is an error and nothing is written.
func (s *NDJSONSink) Put(_ context.Context, letter DeadLetter) error {
	b, err := json.Marshal(letter)
	if err != nil {
		return fmt.Errorf("destination: encoding dead letter for key %q: %w", letter.Key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf = append(append(s.buf[:0], b...), '\n')
	if _, err := s.w.Write(s.buf); err != nil {
		return fmt.Errorf("destination: writing dead letter: %w", err)
	}
	return nil
}

// MemorySink keeps dead letters in memory. It is safe for concurrent use.
// The zero value is ready to use.
type MemorySink struct {
	mu      sync.Mutex
	letters []DeadLetter
}

// NewMemorySink returns an empty MemorySink.
func NewMemorySink() *MemorySink { return &MemorySink{} }

// Put appends letter. It never fails.
func (s *MemorySink) Put(_ context.Context, letter DeadLetter) error {
	s.mu.Lock()
	s.letters = append(s.letters, letter)
	s.mu.Unlock()
	return nil
}

// Letters returns a copy of the letters stored so far, in arrival order.
func (s *MemorySink) Letters() []DeadLetter {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.letters)
}

// Len returns the number of letters stored so far.
func (s *MemorySink) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.letters)
}
