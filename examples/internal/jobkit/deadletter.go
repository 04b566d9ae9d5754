package jobkit

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
)

var _ destination.DeadLetterSink = (*DeadLetterFile)(nil)

// DeadLetterFile is a destination.DeadLetterSink that writes the dead letters
// of one run to a file which survives reruns.
//
// The letters go to a temporary file (mode 0600: a letter's key is often an
// e-mail address) in the target's folder. Commit renames it over the target,
// so the target always holds the complete list of the latest run that
// committed, possibly empty: a committed run that rejected nothing leaves an
// empty file, and the previous run's letters are gone, because they no
// longer describe the customers' state. Abort (or a crash) leaves the
// previous file as it was. A job commits once its sending is over, whatever
// the outcome, so that the file lists what that run gave up on; it aborts
// when it stops before sending.
//
// Each line is one JSON object with the fields, in this order, time (UTC,
// RFC 3339), reason, key, attempts, last_error (possibly "") and payload
// (the letter's Payload encoded as JSON, null if nil). It is safe for
// concurrent use.
type DeadLetterFile struct {
	mu     sync.Mutex
	p      *pendingFile
	counts map[string]int
	buf    []byte
	now    func() time.Time
}

// deadLetterLine is the JSON form of one letter; the field order is the
// file's.
type deadLetterLine struct {
	Time      string          `json:"time"`
	Reason    string          `json:"reason"`
	Key       string          `json:"key"`
	Attempts  int             `json:"attempts"`
	LastError string          `json:"last_error"`
	Payload   json.RawMessage `json:"payload"`
}

// CreateDeadLetters starts the dead-letter file of a run that will replace
// the file at path on Commit. It fails with a *FileError when the temporary
// file cannot be created; CheckWritable says why beforehand.
func CreateDeadLetters(path string) (*DeadLetterFile, error) {
	p, err := createPending("dead-letter file", path)
	if err != nil {
		return nil, err
	}
	return &DeadLetterFile{p: p, counts: make(map[string]int), now: time.Now}, nil
}

// Path returns the file the letters replace on Commit.
func (f *DeadLetterFile) Path() string { return f.p.target }

// Put writes one letter. A letter without a Time is stamped now. A payload
// that cannot be encoded as JSON is an error and nothing is written; a
// failed write is a *FileError, and so are every later Put and Commit.
func (f *DeadLetterFile) Put(_ context.Context, letter destination.DeadLetter) error {
	payload, err := json.Marshal(letter.Payload)
	if err != nil {
		// The key is left out: it is often an e-mail address.
		return fmt.Errorf("dead-letter file: payload of a letter with reason %q cannot be encoded: %w", letter.Reason, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	t := letter.Time
	if t.IsZero() {
		t = f.now()
	}
	line := deadLetterLine{
		Time: t.UTC().Format(time.RFC3339), Reason: letter.Reason, Key: letter.Key,
		Attempts: letter.Attempts, LastError: letter.LastError, Payload: payload,
	}
	b, err := json.Marshal(line)
	if err != nil { // unreachable: every field is a string, an int or valid JSON
		return fmt.Errorf("dead-letter file: encoding a letter with reason %q: %w", letter.Reason, err)
	}
	f.buf = append(append(f.buf[:0], b...), '\n')
	if err := f.p.write(f.buf); err != nil {
		return err
	}
	f.counts[letter.Reason]++
	return nil
}

// ReasonCount is how many letters a reason has.
type ReasonCount struct {
	Reason string
	Count  int
}

// Counts returns how many letters Put wrote, by reason, sorted by reason.
func (f *DeadLetterFile) Counts() []ReasonCount {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]ReasonCount, 0, len(f.counts))
	for _, r := range slices.Sorted(maps.Keys(f.counts)) {
		out = append(out, ReasonCount{Reason: r, Count: f.counts[r]})
	}
	return out
}

// Total returns how many letters Put wrote.
func (f *DeadLetterFile) Total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.counts {
		n += c
	}
	return n
}

// Commit replaces the target with the letters written (none: an empty
// file): it flushes, syncs and closes the temporary file, renames it over
// the target and syncs the folder. Any failure is a *FileError naming the
// step and the path; if it happens before the rename, the temporary file is
// removed and the previous file is left as it was. Commit or Abort may be
// called once; later calls fail or do nothing.
func (f *DeadLetterFile) Commit() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.p.commit()
}

// Abort removes the temporary file and leaves the previous file as it was.
// It does nothing after Commit, so it can be deferred.
func (f *DeadLetterFile) Abort() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.p.abort()
}
