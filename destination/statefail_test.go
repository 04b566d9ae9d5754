package destination

import (
	"bytes"
	"context"
	"errors"
	"iter"
	"log/slog"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flakyStore is a MemoryStore whose operations fail while their error is
// set.
type flakyStore struct {
	*MemoryStore
	mu                    sync.Mutex
	getErr, putErr        error
	deleteErr, keysErr    error
	gets, puts, deletions int
}

func newFlakyStore() *flakyStore { return &flakyStore{MemoryStore: NewMemoryStore()} }

func (s *flakyStore) fail(get, put, del, keys error) {
	s.mu.Lock()
	s.getErr, s.putErr, s.deleteErr, s.keysErr = get, put, del, keys
	s.mu.Unlock()
}

func (s *flakyStore) Get(ctx context.Context, key string) (string, bool, error) {
	s.mu.Lock()
	s.gets++
	err := s.getErr
	s.mu.Unlock()
	if err != nil {
		return "", false, err
	}
	return s.MemoryStore.Get(ctx, key)
}

func (s *flakyStore) Put(ctx context.Context, key, fp string) error {
	s.mu.Lock()
	s.puts++
	err := s.putErr
	s.mu.Unlock()
	if err != nil {
		return err
	}
	return s.MemoryStore.Put(ctx, key, fp)
}

func (s *flakyStore) Delete(ctx context.Context, key string) error {
	s.mu.Lock()
	s.deletions++
	err := s.deleteErr
	s.mu.Unlock()
	if err != nil {
		return err
	}
	return s.MemoryStore.Delete(ctx, key)
}

func (s *flakyStore) Keys(ctx context.Context) iter.Seq2[string, error] {
	s.mu.Lock()
	err := s.keysErr
	s.mu.Unlock()
	if err == nil {
		return s.MemoryStore.Keys(ctx)
	}
	return func(yield func(string, error) bool) {
		for k := range s.MemoryStore.Keys(ctx) {
			if !yield(k, nil) {
				return
			}
			break // one key, then the failure
		}
		yield("", err)
	}
}

var errStore = errors.New("store unavailable")

func TestStoreGetFailureSendsAndReports(t *testing.T) {
	store := newFlakyStore()
	put(t, store, "maria@example.com", "fp1")
	store.fail(errStore, nil, nil, nil)
	var logs bytes.Buffer
	dest := newScript(10, nil)
	p, err := New[string](dest, Config[string]{State: store, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	require.NoError(t, err)
	// Unchanged, but the store cannot tell: it is sent, not skipped.
	enqueueAll(t, p, Record[string]{Key: "maria@example.com", Payload: "x", Fingerprint: "fp1"})
	r, err := p.Close(context.Background())
	require.ErrorIs(t, err, ErrStateStore)
	require.ErrorIs(t, err, errStore)
	var se *StateError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, &StateError{Op: "get", Err: errStore}, se)
	assert.NotContains(t, err.Error(), "maria@example.com", "errors do not name the key")
	assert.Equal(t, [][]string{{"maria@example.com=x"}}, dest.Batches())
	assert.Equal(t, Report{Enqueued: 1, Delivered: 1, BatchesSent: 1, StateErrors: 1}, r)
	assert.Equal(t, 1, p.Stats().StateErrors)
	assert.Regexp(t, `"msg":"state store failed","op":"get","key":"m\*\*\*@example\.com#[0-9a-f]{4}"`, logs.String())
	assert.NotContains(t, logs.String(), "maria@example.com")
}

func TestStorePutFailureAfterDelivery(t *testing.T) {
	ctx := context.Background()
	store := newFlakyStore()
	put(t, store, "gone", "old")
	store.fail(nil, errStore, errStore, nil)
	dest := newScript(10, nil)
	p, err := New[string](dest, Config[string]{State: store})
	require.NoError(t, err)

	enqueueAll(t, p, Record[string]{Key: "a", Payload: "1", Fingerprint: "f"}, Record[string]{Key: "gone", Payload: "1"})
	err = p.Flush(ctx)
	require.ErrorIs(t, err, ErrStateStore, "Flush reports the failed Put and Delete")
	var se *StateError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "put", se.Op, "the first failure")
	assert.Equal(t, Stats{Enqueued: 2, BatchesSent: 1, Delivered: 2, StateErrors: 2}, withoutRate(p.Stats()))

	store.fail(nil, nil, nil, nil)
	enqueueAll(t, p, Record[string]{Key: "b", Payload: "1", Fingerprint: "g"})
	require.NoError(t, p.Flush(ctx), "a Flush reports only the failures since the last one")

	r, err := p.Close(ctx)
	require.ErrorIs(t, err, ErrStateStore, "Close reports every run's failures")
	require.ErrorAs(t, err, &se)
	assert.Equal(t, &StateError{Op: "put", Err: errStore}, se)
	assert.Equal(t, Report{Enqueued: 3, Delivered: 3, BatchesSent: 2, StateErrors: 2}, r)
	// Delivered records stay delivered; the store is stale where it failed.
	assert.Equal(t, map[string]string{"gone": "old", "b": "g"}, storeMap(store.MemoryStore))
	assert.Equal(t, [2]int{3, 1}, [2]int{store.puts, store.deletions}, "puts (one from the setup) and deletions")
}

func TestStoreKeysFailure(t *testing.T) {
	ctx := context.Background()
	store := newFlakyStore()
	put(t, store, "a", "1", "b", "2")
	store.fail(nil, nil, nil, errStore)
	p, err := New[string](NewMemory[string](10), Config[string]{State: store})
	require.NoError(t, err)
	_, err = p.Close(ctx)
	require.NoError(t, err)
	unseen, err := p.Unseen(ctx)
	require.ErrorIs(t, err, ErrStateStore)
	var se *StateError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, &StateError{Op: "keys", Err: errStore}, se)
	assert.Nil(t, unseen, "no partial list")
	absent, err := Absent(ctx, store, func(string) bool { return false })
	require.ErrorIs(t, err, errStore)
	assert.Nil(t, absent)
}

// withoutRate zeroes the timing-dependent Rate of a snapshot.
func withoutRate(s Stats) Stats {
	s.Rate = 0
	return s
}
