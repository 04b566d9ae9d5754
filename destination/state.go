package destination

import (
	"context"
	"iter"
	"maps"
	"slices"
	"sync"
)

// StateStore remembers, per Key, the Fingerprint of the last record the
// destination confirmed. A Pipeline with a StateStore skips a record whose
// Fingerprint equals the stored one and Puts a fingerprint only after the
// destination confirmed the delivery, so a crash never marks an undelivered
// record as sent.
//
// The contract:
//
//   - Implementations must be safe for concurrent use: the pipeline calls
//     them from its own goroutine while the caller may call them too.
//   - Get returns the fingerprint stored for key and ok == true, or ok ==
//     false when there is none (not an error). Put replaces the fingerprint
//     of key. Delete forgets key; deleting an absent key is not an error.
//   - Keys yields every key once, in any order, each with a nil error. If
//     listing fails it yields ("", err) once and stops. It may run while
//     other methods are called; keys changed meanwhile may or may not be
//     yielded.
//   - A non-nil error means the call did not do its job: Get could not tell
//     (the answer is unknown, not "absent"), Put or Delete may not have
//     been recorded. The methods honour ctx where they can block.
//   - Errors must not contain the key in clear: the pipeline logs and
//     returns them, and keys are often e-mail addresses or tax ids.
//
// What the pipeline does when the store fails: a record whose Get failed
// is sent (it is never skipped as unchanged on an unknown answer); a Put or
// Delete that fails after a confirmed delivery leaves the record delivered
// (the destination has it) but the store stale, so a later run sends it
// again. Every failure is logged with the key masked, counted in
// Stats.StateErrors and Report.StateErrors, and returned, as a *StateError
// (errors.Is ErrStateStore), by the next Flush and by Close. Nothing is
// swallowed.
type StateStore interface {
	Get(ctx context.Context, key string) (fingerprint string, ok bool, err error)
	Put(ctx context.Context, key, fingerprint string) error
	Delete(ctx context.Context, key string) error
	Keys(ctx context.Context) iter.Seq2[string, error]
}

var (
	_ StateStore = (*MemoryStore)(nil)
)

// StateError reports a StateStore call of the pipeline that failed. It
// matches ErrStateStore with errors.Is and unwraps to the store's error.
// It does not name the key.
type StateError struct {
	Op  string // "get", "put", "delete" or "keys"
	Err error  // the store's error
}

// Error implements error.
func (e *StateError) Error() string { return "destination: state store " + e.Op + ": " + e.Err.Error() }

// Unwrap returns the store's error.
func (e *StateError) Unwrap() error { return e.Err }

// Is reports whether target is ErrStateStore.
func (e *StateError) Is(target error) bool { return target == ErrStateStore }

// Absent returns, sorted, the keys of store for which seen returns false:
// customers delivered by an earlier run but absent from this one (who left a
// segment, say), whose data the caller may want to clear. A failure to list
// the keys is returned as a *StateError with Op "keys", and no keys.
func Absent(ctx context.Context, store StateStore, seen func(key string) bool) ([]string, error) {
	var out []string
	for k, err := range store.Keys(ctx) {
		if err != nil {
			return nil, &StateError{Op: "keys", Err: err}
		}
		if !seen(k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out, nil
}

// MemoryStore is a StateStore in memory. It is safe for concurrent use; its
// methods never fail and ignore their context.
type MemoryStore struct {
	mu     sync.RWMutex
	fps    map[string]string
	labels map[string]string
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{fps: make(map[string]string)} }

// Get returns the fingerprint stored for key.
func (s *MemoryStore) Get(_ context.Context, key string) (string, bool, error) {
	s.mu.RLock()
	fp, ok := s.fps[key]
	s.mu.RUnlock()
	return fp, ok, nil
}

// Put stores fingerprint for key.
func (s *MemoryStore) Put(_ context.Context, key, fingerprint string) error {
	s.mu.Lock()
	s.fps[key] = fingerprint
	s.mu.Unlock()
	return nil
}

// Delete forgets key.
func (s *MemoryStore) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	delete(s.fps, key)
	s.mu.Unlock()
	return nil
}

// Keys yields the keys stored when it is called, sorted, each with a nil
// error.
func (s *MemoryStore) Keys(context.Context) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		s.mu.RLock()
		keys := slices.Sorted(maps.Keys(s.fps))
		s.mu.RUnlock()
		for _, k := range keys {
			if !yield(k, nil) {
				return
			}
		}
	}
}

// Label returns the value of a label: a fact about the whole state that
// WriteTo saves beside the fingerprints, such as which partition of a job
// wrote it. A job checks its labels before trusting a state written under
// other settings.
func (s *MemoryStore) Label(name string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.labels[name]
	return v, ok
}

// SetLabel sets a label; an empty value removes it.
func (s *MemoryStore) SetLabel(name, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if value == "" {
		delete(s.labels, name)
		return
	}
	if s.labels == nil {
		s.labels = make(map[string]string)
	}
	s.labels[name] = value
}

// Len returns the number of keys stored.
func (s *MemoryStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.fps)
}
