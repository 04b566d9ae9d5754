package destination

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// storeMap returns a store's content; a failing store panics (test only).
func storeMap(s StateStore) map[string]string {
	ctx := context.Background()
	out := map[string]string{}
	for k, err := range s.Keys(ctx) {
		if err != nil {
			panic(err)
		}
		fp, ok, err := s.Get(ctx, k)
		if err != nil {
			panic(err)
		}
		if ok {
			out[k] = fp
		}
	}
	return out
}

// put stores fingerprints or fails the test.
func put(t *testing.T, s StateStore, kv ...string) {
	t.Helper()
	for i := 0; i+1 < len(kv); i += 2 {
		require.NoError(t, s.Put(context.Background(), kv[i], kv[i+1]))
	}
}

func TestChangeTracking(t *testing.T) {
	store := NewMemoryStore()
	put(t, store, "same", "fp1", "changed", "old", "nofp", "stale", "rejected", "old")
	dest := newScript(10, func(r Record[string], _ int) Result {
		if r.Key == "rejected" {
			return Rejected(errors.New("no"))
		}
		return Delivered()
	})
	p, err := New[string](dest, Config[string]{State: store, FlushInterval: time.Hour})
	require.NoError(t, err)
	enqueueAll(t, p,
		Record[string]{Key: "same", Payload: "x", Fingerprint: "fp1"},
		Record[string]{Key: "changed", Payload: "x", Fingerprint: "new"},
		Record[string]{Key: "fresh", Payload: "x", Fingerprint: "f"},
		Record[string]{Key: "nofp", Payload: "x"},
		Record[string]{Key: "rejected", Payload: "x", Fingerprint: "new"},
	)
	r, err := p.Close(context.Background())
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"changed=x", "fresh=x", "nofp=x", "rejected=x"}}, dest.Batches())
	r.DeadLetters = nil
	assert.Equal(t, Report{Enqueued: 5, Delivered: 3, Rejected: 1, DeadLettered: 1, Skipped: 1, BatchesSent: 1,
		Letters: map[string]int{ReasonRejected: 1}}, r)
	// Delivered fingerprints stored, the one without a fingerprint forgotten,
	// the rejected one unchanged.
	assert.Equal(t, map[string]string{"same": "fp1", "changed": "new", "fresh": "f", "rejected": "old"}, storeMap(store))
}

func TestSkipCheckedAfterCoalescing(t *testing.T) {
	store := NewMemoryStore()
	put(t, store, "a", "v1")
	dest := newScript(10, nil)
	p, err := New[string](dest, Config[string]{State: store, FlushInterval: time.Hour})
	require.NoError(t, err)
	// a changes to v2 then back to v1 before anything is sent: nothing to do.
	enqueueAll(t, p,
		Record[string]{Key: "a", Payload: "2", Fingerprint: "v2"},
		Record[string]{Key: "a", Payload: "1", Fingerprint: "v1"},
	)
	r, err := p.Close(context.Background())
	require.NoError(t, err)
	assert.Empty(t, dest.Batches())
	assert.Equal(t, Report{Enqueued: 2, Skipped: 1, Coalesced: 1}, r)
}

func TestUndeliveredNeverMarkedSent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := NewMemoryStore()
		dest := newScript(10, nil)
		dest.delay = time.Hour
		p, err := New[string](dest, Config[string]{State: store})
		require.NoError(t, err)
		enqueueAll(t, p, Record[string]{Key: "a", Payload: "1", Fingerprint: "f"})
		synctest.Wait()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		r, err := p.Close(ctx)
		require.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 1, r.Pending)
		assert.Equal(t, map[string]string{}, storeMap(store))
	})
}

func TestUnseen(t *testing.T) {
	store := NewMemoryStore()
	for _, k := range []string{"z", "a", "b"} {
		put(t, store, k, "fp")
	}
	p, err := New[string](NewMemory[string](10), Config[string]{State: store})
	require.NoError(t, err)
	_, err = p.Unseen(context.Background())
	require.ErrorIs(t, err, ErrNotClosed)
	enqueueAll(t, p, Record[string]{Key: "a", Payload: "1", Fingerprint: "fp"}, rec("c", "1"))
	_, err = p.Close(context.Background())
	require.NoError(t, err)
	unseen, err := p.Unseen(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"b", "z"}, unseen)

	q, err := New[string](NewMemory[string](10), Config[string]{})
	require.NoError(t, err)
	_, err = q.Close(context.Background())
	require.NoError(t, err)
	unseen, err = q.Unseen(context.Background())
	require.NoError(t, err)
	assert.Nil(t, unseen, "no State, no unseen keys")
}

func TestAbsent(t *testing.T) {
	store := NewMemoryStore()
	for _, k := range []string{"c", "a", "b"} {
		put(t, store, k, "fp")
	}
	seen := map[string]bool{"b": true}
	absent, err := Absent(context.Background(), store, func(k string) bool { return seen[k] })
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "c"}, absent)
}

type failingSink struct{ err error }

func (s failingSink) Put(context.Context, DeadLetter) error { return s.err }

func TestSinkFailureKeepsLetters(t *testing.T) {
	sinkErr := errors.New("disk full")
	dest := newScript(10, func(Record[string], int) Result { return Rejected(errors.New("no")) })
	p, err := New[string](dest, Config[string]{DeadLetters: failingSink{sinkErr}})
	require.NoError(t, err)
	enqueueAll(t, p, rec("a", "1"))
	r, err := p.Close(context.Background())
	require.ErrorIs(t, err, ErrDeadLetterSink)
	require.ErrorIs(t, err, sinkErr)
	assert.Equal(t, []letterView{{"a", "1", ReasonRejected, 1, "no"}}, views(r.DeadLetters))
}

func TestCallerSink(t *testing.T) {
	sink := NewMemorySink()
	dest := newScript(10, func(Record[string], int) Result { return Rejected(reasonErr("INVALID_EMAIL")) })
	p, err := New[string](dest, Config[string]{DeadLetters: sink})
	require.NoError(t, err)
	enqueueAll(t, p, rec("a", "1"))
	r, err := p.Close(context.Background())
	require.NoError(t, err)
	assert.Nil(t, r.DeadLetters, "letters went to the caller's sink")
	assert.Equal(t, []letterView{{"a", "1", "INVALID_EMAIL", 1, "rejected: INVALID_EMAIL"}}, views(sink.Letters()))
	assert.Equal(t, 1, sink.Len())
}

func TestOnResult(t *testing.T) {
	dest := newScript(10, func(r Record[string], _ int) Result {
		if r.Key == "b" {
			return Rejected(reasonErr("X"))
		}
		return Delivered()
	})
	got := map[string]Status{}
	p, err := New[string](dest, Config[string]{OnResult: func(r Record[string], res Result) { got[r.Key] = res.Status }})
	require.NoError(t, err)
	enqueueAll(t, p, rec("a", "1"), rec("b", "1"))
	_, err = p.Close(context.Background())
	require.NoError(t, err)
	assert.Equal(t, map[string]Status{"a": StatusDelivered, "b": StatusRejected}, got)
}

func TestProgressAndStats(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(1, nil)
		dest.delay = 300 * time.Millisecond
		var calls []Stats
		p, err := New[string](dest, Config[string]{Parallelism: 1, ProgressInterval: time.Second,
			Progress: func(s Stats) { calls = append(calls, s) }})
		require.NoError(t, err)
		enqueueAll(t, p, rec("a", "1"), rec("b", "1"), rec("c", "1"), rec("d", "1"), rec("e", "1"))
		time.Sleep(1100 * time.Millisecond)
		synctest.Wait()
		// at 1.1s: a, b, c delivered (at 0.3, 0.6, 0.9s), d in flight; the
		// rate is measured from the first delivery.
		assert.Equal(t, Stats{Enqueued: 5, BatchesSent: 3, Delivered: 3, Pending: 2, InFlight: 1, Rate: 3 / 0.8}, p.Stats())
		_, err = p.Close(context.Background())
		require.NoError(t, err)
		require.Len(t, calls, 2, "one throttled call at 1s, one final")
		assert.Equal(t, Stats{Enqueued: 5, BatchesSent: 3, Delivered: 3, Pending: 2, InFlight: 1, Rate: 3 / 0.7}, calls[0])
		assert.Equal(t, Stats{Enqueued: 5, BatchesSent: 5, Delivered: 5, Rate: 5 / 1.2}, calls[1])
	})
}

func TestLogsMaskKeys(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	dest := newScript(10, func(r Record[string], sent int) Result {
		if sent == 0 {
			return Retryable(errTemp, 0)
		}
		return Rejected(reasonErr("INVALID_EMAIL"))
	})
	p, err := New[string](dest, Config[string]{Logger: logger, BackoffBase: time.Microsecond, jitter: noJitter})
	require.NoError(t, err)
	enqueueAll(t, p, rec("maria.silva@example.com", "1"), rec("12345678901", "1"))
	_, err = p.Close(context.Background())
	require.NoError(t, err)
	out := buf.String()
	assert.NotContains(t, out, "maria.silva@example.com")
	assert.NotContains(t, out, "12345678901")
	assert.Contains(t, out, `"key":"m***@example.com#c548"`)
	assert.Contains(t, out, `"key":"***.***.***-01#1c"`)
	var msgs []string
	for line := range strings.Lines(out) {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m))
		msgs = append(msgs, m["msg"].(string))
	}
	counts := map[string]int{}
	for _, m := range msgs {
		counts[m]++
	}
	assert.Equal(t, map[string]int{"batch handed to a worker": 2, "retry scheduled": 2, "record dead-lettered": 2,
		"destination pipeline closed": 1}, counts)
}

func TestMaskKey(t *testing.T) {
	for in, want := range map[string]string{
		"maria@example.com": "m***@example.com#14e9",
		"12345678901":       "***.***.***-01#1c", // a CPF
		"abcd":              "***#3f52",
		"":                  "***#a980",
		"@x":                "***#5e3f", // no local part: masked as a plain key
	} {
		assert.Equal(t, want, maskKey(in), in)
	}
}
