package destination

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBatchesBySize(t *testing.T) {
	dest := newScript(10, nil)
	p, err := New[string](dest, Config[string]{BatchSize: 3, Parallelism: 1, FlushInterval: time.Hour})
	require.NoError(t, err)
	enqueueAll(t, p, rec("a", "1"), rec("b", "1"), rec("c", "1"), rec("d", "1"), rec("e", "1"), rec("f", "1"), rec("g", "1"))
	r, err := p.Close(context.Background())
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"a=1", "b=1", "c=1"}, {"d=1", "e=1", "f=1"}, {"g=1"}}, dest.Batches())
	assert.Equal(t, Report{Enqueued: 7, Delivered: 7, BatchesSent: 3}, r)
}

func TestBatchSizeCappedAtDestinationMax(t *testing.T) {
	dest := newScript(2, nil)
	p, err := New[string](dest, Config[string]{BatchSize: 50, Parallelism: 1, FlushInterval: time.Hour})
	require.NoError(t, err)
	enqueueAll(t, p, rec("a", "1"), rec("b", "1"), rec("c", "1"))
	_, err = p.Close(context.Background())
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"a=1", "b=1"}, {"c=1"}}, dest.Batches())
}

func TestBatchesByInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(10, nil)
		p, err := New[string](dest, Config[string]{BatchSize: 10, FlushInterval: 100 * time.Millisecond})
		require.NoError(t, err)
		start := time.Now()
		enqueueAll(t, p, rec("a", "1"), rec("b", "1"))
		time.Sleep(99 * time.Millisecond)
		synctest.Wait()
		assert.Empty(t, dest.Batches(), "nothing sent before the flush interval")
		time.Sleep(time.Millisecond)
		synctest.Wait()
		assert.Equal(t, [][]string{{"a=1", "b=1"}}, dest.Batches())
		assert.Equal(t, []time.Duration{100 * time.Millisecond}, offsets(start, dest.Times()))
		_, err = p.Close(context.Background())
		require.NoError(t, err)
	})
}

func offsets(start time.Time, ts []time.Time) []time.Duration {
	out := make([]time.Duration, len(ts))
	for i, t := range ts {
		out[i] = t.Sub(start)
	}
	return out
}

func TestOnlyFailedRecordsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(10, func(r Record[string], sent int) Result {
			if r.Key == "b" && sent == 0 {
				return Retryable(errTemp, 0)
			}
			return Delivered()
		})
		p, err := New[string](dest, Config[string]{BatchSize: 3, Parallelism: 1, BackoffBase: 10 * time.Millisecond, jitter: noJitter})
		require.NoError(t, err)
		enqueueAll(t, p, rec("a", "1"), rec("b", "1"), rec("c", "1"))
		r, err := p.Close(context.Background())
		require.NoError(t, err)
		assert.Equal(t, [][]string{{"a=1", "b=1", "c=1"}, {"b=1"}}, dest.Batches())
		assert.Equal(t, Report{Enqueued: 3, Delivered: 3, Retried: 1, BatchesSent: 2}, r)
	})
}

func TestRetriedRecordsRebatchedWithOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(10, func(r Record[string], sent int) Result {
			if r.Key == "a" && sent == 0 {
				return Retryable(errTemp, 0)
			}
			return Delivered()
		})
		p, err := New[string](dest, Config[string]{BatchSize: 2, Parallelism: 1, FlushInterval: time.Hour,
			BackoffBase: 10 * time.Millisecond, jitter: noJitter})
		require.NoError(t, err)
		enqueueAll(t, p, rec("a", "1"), rec("b", "1"))
		time.Sleep(10 * time.Millisecond) // a's retry is due and waits in the batch being built
		synctest.Wait()
		enqueueAll(t, p, rec("c", "1"))
		synctest.Wait()
		assert.Equal(t, [][]string{{"a=1", "b=1"}, {"a=1", "c=1"}}, dest.Batches())
		_, err = p.Close(context.Background())
		require.NoError(t, err)
	})
}

func TestBackoff(t *testing.T) {
	half := func(d time.Duration) time.Duration { return d / 2 }
	zero := func(time.Duration) time.Duration { return 0 }
	over := func(d time.Duration) time.Duration { return 2 * d } // a misbehaving jitter stays capped
	base, maxWait := 100*time.Millisecond, time.Second
	tests := []struct {
		name    string
		attempt int
		after   time.Duration
		jitter  func(time.Duration) time.Duration
		want    time.Duration
	}{
		{"first retry ceiling is base", 1, 0, noJitter, 100 * time.Millisecond},
		{"doubles per attempt", 3, 0, noJitter, 400 * time.Millisecond},
		{"capped at max", 5, 0, noJitter, time.Second},
		{"huge attempt does not overflow", 200, 0, noJitter, time.Second},
		{"jitter scales", 2, 0, half, 100 * time.Millisecond},
		{"full jitter may be zero", 2, 0, zero, 0},
		{"jitter above ceiling is capped", 2, 0, over, 200 * time.Millisecond},
		{"after wins when longer", 1, 3 * time.Second, noJitter, 3 * time.Second},
		{"after wins over the cap", 9, 5 * time.Second, noJitter, 5 * time.Second},
		{"backoff wins when longer than after", 3, 10 * time.Millisecond, noJitter, 400 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, backoff(tc.attempt, tc.after, base, maxWait, tc.jitter))
		})
	}
}

func TestFullJitterBounds(t *testing.T) {
	const d = 1000 * time.Nanosecond
	seen := map[bool]int{}
	for range 10_000 {
		j := fullJitter(d)
		require.GreaterOrEqual(t, j, time.Duration(0))
		require.LessOrEqual(t, j, d)
		seen[j < d/2]++
	}
	// Uniform over [0, d]: both halves are hit often.
	assert.Greater(t, seen[true], 4000, "lower half")
	assert.Greater(t, seen[false], 4000, "upper half")
	assert.Equal(t, time.Duration(0), fullJitter(0))
}

func TestRetryAfterHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(10, func(r Record[string], sent int) Result {
			if sent == 0 {
				return Retryable(errTemp, 3*time.Second)
			}
			return Delivered()
		})
		p, err := New[string](dest, Config[string]{BackoffBase: time.Millisecond, BackoffMax: time.Second, jitter: noJitter})
		require.NoError(t, err)
		start := time.Now()
		enqueueAll(t, p, rec("a", "1"))
		require.NoError(t, p.Flush(context.Background()))
		assert.Equal(t, []time.Duration{0, 3 * time.Second}, offsets(start, dest.Times()))
		_, err = p.Close(context.Background())
		require.NoError(t, err)
	})
}

func TestBackoffTimingInPipeline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(10, func(r Record[string], sent int) Result {
			if sent < 3 {
				return Retryable(errTemp, 0)
			}
			return Delivered()
		})
		p, err := New[string](dest, Config[string]{BackoffBase: 100 * time.Millisecond, BackoffMax: 250 * time.Millisecond, jitter: noJitter})
		require.NoError(t, err)
		start := time.Now()
		enqueueAll(t, p, rec("a", "1"))
		require.NoError(t, p.Flush(context.Background()))
		// waits 100ms, 200ms, then 400ms capped at 250ms
		assert.Equal(t, []time.Duration{0, 100 * time.Millisecond, 300 * time.Millisecond, 550 * time.Millisecond}, offsets(start, dest.Times()))
		_, err = p.Close(context.Background())
		require.NoError(t, err)
	})
}

func TestGivingUp(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config[string]
		respond func(Record[string], int) Result
		want    Report
		letters []letterView
	}{
		{
			name:    "retries exhausted",
			cfg:     Config[string]{MaxAttempts: 3, BackoffBase: time.Millisecond, jitter: noJitter},
			respond: func(Record[string], int) Result { return Retryable(errTemp, 0) },
			want:    Report{Enqueued: 1, DeadLettered: 1, Retried: 2, BatchesSent: 3, Letters: map[string]int{ReasonRetriesExhausted: 1}},
			letters: []letterView{{"a", "1", ReasonRetriesExhausted, 3, "temporary failure"}},
		},
		{
			name: "time budget exhausted",
			// tries at 0 and 400ms; the next would start at 1.2s > 1s
			cfg:     Config[string]{MaxElapsed: time.Second, BackoffBase: 400 * time.Millisecond, jitter: noJitter},
			respond: func(Record[string], int) Result { return Retryable(errTemp, 0) },
			want:    Report{Enqueued: 1, DeadLettered: 1, Retried: 1, BatchesSent: 2, Letters: map[string]int{ReasonBudgetExhausted: 1}},
			letters: []letterView{{"a", "1", ReasonBudgetExhausted, 2, "temporary failure"}},
		},
		{
			name:    "retry-after beyond the budget",
			cfg:     Config[string]{MaxElapsed: time.Second, jitter: noJitter},
			respond: func(Record[string], int) Result { return Retryable(errTemp, time.Minute) },
			want:    Report{Enqueued: 1, DeadLettered: 1, BatchesSent: 1, Letters: map[string]int{ReasonBudgetExhausted: 1}},
			letters: []letterView{{"a", "1", ReasonBudgetExhausted, 1, "temporary failure"}},
		},
		{
			name:    "rejected with a reason code",
			respond: func(Record[string], int) Result { return Rejected(reasonErr("INVALID_EMAIL")) },
			want:    Report{Enqueued: 1, Rejected: 1, DeadLettered: 1, BatchesSent: 1, Letters: map[string]int{"INVALID_EMAIL": 1}},
			letters: []letterView{{"a", "1", "INVALID_EMAIL", 1, "rejected: INVALID_EMAIL"}},
		},
		{
			name: "rejected with a wrapped reason code",
			respond: func(Record[string], int) Result {
				return Rejected(fmt.Errorf("contact: %w", reasonErr("VALIDATION_ERROR")))
			},
			want:    Report{Enqueued: 1, Rejected: 1, DeadLettered: 1, BatchesSent: 1, Letters: map[string]int{"VALIDATION_ERROR": 1}},
			letters: []letterView{{"a", "1", "VALIDATION_ERROR", 1, "contact: rejected: VALIDATION_ERROR"}},
		},
		{
			name:    "rejected with a plain error",
			respond: func(Record[string], int) Result { return Rejected(errors.New("bad")) },
			want:    Report{Enqueued: 1, Rejected: 1, DeadLettered: 1, BatchesSent: 1, Letters: map[string]int{ReasonRejected: 1}},
			letters: []letterView{{"a", "1", ReasonRejected, 1, "bad"}},
		},
		{
			name:    "unknown status is retried",
			cfg:     Config[string]{MaxAttempts: 1},
			respond: func(Record[string], int) Result { return Result{} },
			want:    Report{Enqueued: 1, DeadLettered: 1, BatchesSent: 1, Letters: map[string]int{ReasonRetriesExhausted: 1}},
			letters: []letterView{{"a", "1", ReasonRetriesExhausted, 1,
				"destination: destination returned a wrong number of results\nunknown result status unknown"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p, err := New[string](newScript(10, tc.respond), tc.cfg)
				require.NoError(t, err)
				enqueueAll(t, p, rec("a", "1"))
				r, err := p.Close(context.Background())
				require.NoError(t, err)
				assert.Equal(t, tc.letters, views(r.DeadLetters))
				r.DeadLetters = nil
				assert.Equal(t, tc.want, r)
				identity(t, r)
			})
		})
	}
}

func TestWrongResultCountIsRetryable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		dest := NewFunc(10, func(_ context.Context, batch []Record[string]) []Result {
			calls++
			if calls == 1 {
				return nil // breaks the contract
			}
			return []Result{Delivered()}
		})
		var got []Result
		p, err := New[string](dest, Config[string]{Parallelism: 1, jitter: noJitter, BackoffBase: time.Millisecond,
			OnResult: func(_ Record[string], r Result) { got = append(got, r) }})
		require.NoError(t, err)
		enqueueAll(t, p, rec("a", "1"))
		r, err := p.Close(context.Background())
		require.NoError(t, err)
		assert.Equal(t, Report{Enqueued: 1, Delivered: 1, Retried: 1, BatchesSent: 2}, r)
		assert.Equal(t, []Result{Delivered()}, got)
	})
}

func TestCloseFlushesAndIsIdempotent(t *testing.T) {
	dest := NewMemory[string](10)
	p, err := New[string](dest, Config[string]{FlushInterval: time.Hour})
	require.NoError(t, err)
	enqueueAll(t, p, rec("a", "1"), rec("b", "2"))
	r1, err := p.Close(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Report{Enqueued: 2, Delivered: 2, BatchesSent: 1}, r1)
	assert.Equal(t, []Record[string]{rec("a", "1"), rec("b", "2")}, dest.Records())

	r2, err := p.Close(context.Background())
	require.NoError(t, err)
	assert.Equal(t, r1, r2)

	require.ErrorIs(t, p.Enqueue(context.Background(), rec("c", "1")), ErrClosed)
	require.ErrorIs(t, p.Flush(context.Background()), ErrClosed)
	assert.Equal(t, 2, p.Stats().Delivered)
}

func TestConcurrentClose(t *testing.T) {
	p, err := New[string](NewMemory[string](10), Config[string]{})
	require.NoError(t, err)
	enqueueAll(t, p, rec("a", "1"))
	reports := make(chan Report, 3)
	for range 3 {
		go func() {
			r, err := p.Close(context.Background())
			assert.NoError(t, err)
			reports <- r
		}()
	}
	want := Report{Enqueued: 1, Delivered: 1, BatchesSent: 1}
	for range 3 {
		assert.Equal(t, want, <-reports)
	}
}

func TestEnqueueBlocksWhenFullAndCancelEndsWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(1, nil)
		dest.delay = time.Hour
		p, err := New[string](dest, Config[string]{QueueSize: 1, Parallelism: 1})
		require.NoError(t, err)
		// One record in flight, one waiting in a batch (limit 2 held), one in
		// the queue: the fourth blocks.
		enqueueAll(t, p, rec("a", "1"), rec("b", "1"), rec("c", "1"))
		synctest.Wait()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- p.Enqueue(ctx, rec("d", "1")) }()
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("Enqueue returned %v while the queue was full", err)
		default:
		}
		assert.Equal(t, Stats{Enqueued: 3, Pending: 3, InFlight: 1}, p.Stats())
		cancel()
		synctest.Wait()
		select {
		case err := <-done:
			require.ErrorIs(t, err, context.Canceled)
		default:
			t.Fatal("Enqueue still blocked after its context was cancelled")
		}
		// An already cancelled context is refused at once, even with room.
		require.ErrorIs(t, p.Enqueue(ctx, rec("e", "1")), context.Canceled)

		closeCtx, cancelClose := context.WithCancel(context.Background())
		cancelClose()
		r, err := p.Close(closeCtx)
		require.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, []letterView{
			{"a", "1", ReasonPending, 1, "context canceled"},
			{"b", "1", ReasonPending, 0, ""},
			{"c", "1", ReasonPending, 0, ""},
		}, views(r.DeadLetters))
		r.DeadLetters = nil
		assert.Equal(t, Report{Enqueued: 3, Pending: 3, BatchesSent: 1, Letters: map[string]int{ReasonPending: 3}}, r)
		identity(t, r)
		r2, err := p.Close(context.Background())
		require.NoError(t, err, "second Close")
		r2.DeadLetters = nil
		assert.Equal(t, r, r2)
	})
}

func TestCloseHonoursDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(10, func(Record[string], int) Result { return Retryable(errTemp, time.Hour) })
		p, err := New[string](dest, Config[string]{MaxElapsed: 2 * time.Hour})
		require.NoError(t, err)
		enqueueAll(t, p, rec("a", "1"))
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		r, err := p.Close(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, time.Second, time.Since(start))
		assert.Equal(t, []letterView{{"a", "1", ReasonPending, 1, "temporary failure"}}, views(r.DeadLetters))
		assert.Equal(t, 1, r.Pending)
		identity(t, r)
	})
}

func TestFlushCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(10, nil)
		dest.delay = time.Hour
		p, err := New[string](dest, Config[string]{})
		require.NoError(t, err)
		enqueueAll(t, p, rec("a", "1"))
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		defer cancel()
		require.ErrorIs(t, p.Flush(ctx), context.DeadlineExceeded)
		// A Flush waiting when Close aborts learns its records did not settle.
		flushed := make(chan error, 1)
		go func() { flushed <- p.Flush(context.Background()) }()
		synctest.Wait()
		cctx, ccancel := context.WithCancel(context.Background())
		ccancel()
		_, err = p.Close(cctx)
		require.ErrorIs(t, err, context.Canceled)
		require.ErrorIs(t, <-flushed, ErrClosed)
	})
}

func TestFlushWaitsForRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(10, func(r Record[string], sent int) Result {
			if r.Key == "b" && sent < 2 {
				return Retryable(errTemp, 0)
			}
			return Delivered()
		})
		p, err := New[string](dest, Config[string]{FlushInterval: time.Hour, BackoffBase: time.Second, jitter: noJitter})
		require.NoError(t, err)
		enqueueAll(t, p, rec("a", "1"), rec("b", "1"), rec("c", "1"))
		require.NoError(t, p.Flush(context.Background()))
		// a and c delivered at 0s, b failed at 0s and 1s and delivered at
		// 3s: 3 records in 3s.
		st := p.Stats()
		assert.Equal(t, Stats{Enqueued: 3, BatchesSent: 3, Delivered: 3, Retried: 2, Rate: 1}, st)
		_, err = p.Close(context.Background())
		require.NoError(t, err)
	})
}

func TestCoalesce(t *testing.T) {
	concat := func(old, new Record[string]) Record[string] {
		return Record[string]{Key: "ignored", Payload: old.Payload + "+" + new.Payload}
	}
	tests := []struct {
		name  string
		merge func(old, new Record[string]) Record[string]
		want  [][]string
	}{
		{"last write wins", nil, [][]string{{"a=3", "b=1"}}},
		{"merge function", concat, [][]string{{"a=1+2+3", "b=1"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dest := newScript(10, nil)
			p, err := New[string](dest, Config[string]{FlushInterval: time.Hour, Coalesce: tc.merge})
			require.NoError(t, err)
			enqueueAll(t, p, rec("a", "1"), rec("b", "1"), rec("a", "2"), rec("a", "3"))
			r, err := p.Close(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tc.want, dest.Batches())
			assert.Equal(t, Report{Enqueued: 4, Delivered: 2, Coalesced: 2, BatchesSent: 1}, r)
		})
	}
}

func TestSameKeyWaitsWhileInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(10, nil)
		dest.delay = time.Second
		p, err := New[string](dest, Config[string]{Parallelism: 4, FlushInterval: time.Millisecond})
		require.NoError(t, err)
		enqueueAll(t, p, rec("a", "1"))
		time.Sleep(10 * time.Millisecond) // a=1 is in flight
		enqueueAll(t, p, rec("a", "2"), rec("b", "1"), rec("a", "3"))
		r, err := p.Close(context.Background())
		require.NoError(t, err)
		assert.Equal(t, [][]string{{"a=1"}, {"b=1"}, {"a=3"}}, dest.Batches())
		assert.Equal(t, Report{Enqueued: 4, Delivered: 3, Coalesced: 1, BatchesSent: 3}, r)
	})
}

func TestNewerRecordReplacesFailedOne(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(10, func(r Record[string], sent int) Result {
			if sent == 0 {
				return Retryable(errTemp, 0)
			}
			return Delivered()
		})
		dest.delay = time.Second
		p, err := New[string](dest, Config[string]{FlushInterval: time.Millisecond, BackoffBase: time.Millisecond, jitter: noJitter})
		require.NoError(t, err)
		enqueueAll(t, p, rec("a", "1"))
		time.Sleep(10 * time.Millisecond) // a=1 in flight, about to fail
		enqueueAll(t, p, rec("a", "2"))
		r, err := p.Close(context.Background())
		require.NoError(t, err)
		assert.Equal(t, [][]string{{"a=1"}, {"a=2"}}, dest.Batches())
		assert.Equal(t, Report{Enqueued: 2, Delivered: 1, Coalesced: 1, Retried: 1, BatchesSent: 2}, r)
	})
}

func TestMergeIntoRecordWaitingForRetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(10, func(r Record[string], sent int) Result {
			if sent == 0 {
				return Retryable(errTemp, 0)
			}
			return Delivered()
		})
		p, err := New[string](dest, Config[string]{FlushInterval: time.Millisecond, BackoffBase: time.Second, jitter: noJitter})
		require.NoError(t, err)
		enqueueAll(t, p, rec("a", "1"))
		time.Sleep(10 * time.Millisecond) // a=1 failed and waits for its retry
		enqueueAll(t, p, rec("a", "2"))
		r, err := p.Close(context.Background())
		require.NoError(t, err)
		assert.Equal(t, [][]string{{"a=1"}, {"a=2"}}, dest.Batches())
		assert.Equal(t, Report{Enqueued: 2, Delivered: 1, Coalesced: 1, Retried: 1, BatchesSent: 2}, r)
	})
}

func TestRateLimitSharedByWorkers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(1, nil)
		p, err := New[string](dest, Config[string]{Parallelism: 3, RequestsPerInterval: 2, Interval: time.Second})
		require.NoError(t, err)
		start := time.Now()
		enqueueAll(t, p, rec("a", "1"), rec("b", "1"), rec("c", "1"), rec("d", "1"))
		_, err = p.Close(context.Background())
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{0, 500 * time.Millisecond, time.Second, 1500 * time.Millisecond}, offsets(start, dest.Times()))
	})
}

func TestCustomLimiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(1, nil)
		p, err := New[string](dest, Config[string]{Limiter: newLimiter(10, 2)})
		require.NoError(t, err)
		start := time.Now()
		enqueueAll(t, p, rec("a", "1"), rec("b", "1"), rec("c", "1"))
		_, err = p.Close(context.Background())
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{0, 0, 100 * time.Millisecond}, offsets(start, dest.Times()))
	})
}
