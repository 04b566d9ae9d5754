package destination

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hintErr is a retryable error carrying a server's wait hint and a reason.
type hintErr struct{ wait time.Duration }

func (e hintErr) Error() string           { return fmt.Sprintf("rate limited, retry after %v", e.wait) }
func (e hintErr) WaitHint() time.Duration { return e.wait }
func (e hintErr) Reason() string          { return "RATE_LIMIT" }

func TestWaitHintFromError(t *testing.T) {
	tests := []struct {
		name  string
		res   Result
		waits []time.Duration // offsets of the sends
	}{
		{"hint in the error", Retryable(hintErr{3 * time.Second}, 0), []time.Duration{0, 3 * time.Second}},
		{"wrapped hint", Retryable(fmt.Errorf("upsert: %w", hintErr{2 * time.Second}), 0), []time.Duration{0, 2 * time.Second}},
		{"After longer than the hint wins", Retryable(hintErr{time.Second}, 4*time.Second), []time.Duration{0, 4 * time.Second}},
		{"hint longer than After wins", Retryable(hintErr{5 * time.Second}, time.Second), []time.Duration{0, 5 * time.Second}},
		{"no hint: backoff", Retryable(errTemp, 0), []time.Duration{0, 10 * time.Millisecond}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				dest := newScript(10, func(_ Record[string], sent int) Result {
					if sent == 0 {
						return tc.res
					}
					return Delivered()
				})
				p, err := New[string](dest, Config[string]{BackoffBase: 10 * time.Millisecond, BackoffMax: time.Second, jitter: noJitter})
				require.NoError(t, err)
				start := time.Now()
				enqueueAll(t, p, rec("a", "1"))
				require.NoError(t, p.Flush(context.Background()))
				assert.Equal(t, tc.waits, offsets(start, dest.Times()))
				_, err = p.Close(context.Background())
				require.NoError(t, err)
			})
		})
	}
}

func TestOnWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dest := newScript(10, func(r Record[string], sent int) Result {
			switch {
			case sent > 0:
				return Delivered()
			case r.Key == "hinted":
				return Retryable(hintErr{7 * time.Second}, 0)
			case r.Key == "ok":
				return Delivered()
			}
			return Retryable(errTemp, 0)
		})
		var waits []WaitInfo
		p, err := New[string](dest, Config[string]{BackoffBase: 100 * time.Millisecond, jitter: noJitter, Parallelism: 1,
			OnWait: func(w WaitInfo) { waits = append(waits, w) }})
		require.NoError(t, err)
		enqueueAll(t, p, rec("plain", "1"), rec("ok", "1"))
		require.NoError(t, p.Flush(context.Background()))
		enqueueAll(t, p, rec("plain2", "1"), rec("hinted", "1"), rec("plain3", "1"))
		require.NoError(t, p.Flush(context.Background()))
		_, err = p.Close(context.Background())
		require.NoError(t, err)
		assert.Equal(t, []WaitInfo{
			{Records: 1, Attempt: 1, Wait: 100 * time.Millisecond, Reason: "retryable"},
			{Records: 3, Attempt: 1, Wait: 7 * time.Second, Hinted: true, Reason: "RATE_LIMIT"},
		}, waits, "one call per batch, for the longest wait")
	})
}

// TestGivesUpInMinutes checks the default budget against destinations that
// never succeed: the pipeline gives up in minutes, not hours, however the
// destination fails.
func TestGivesUpInMinutes(t *testing.T) {
	tests := []struct {
		name     string
		respond  func(Record[string], int) Result
		hang     bool
		cfg      Config[string]
		want     time.Duration // from Close to the record dead-lettered
		reason   string
		attempts int
	}{
		{
			name:    "fast transient failures: five sends, backoff 0.5+1+2+4 s",
			respond: func(Record[string], int) Result { return Retryable(errTemp, 0) },
			want:    7500 * time.Millisecond, reason: ReasonRetriesExhausted, attempts: DefaultMaxAttempts,
		},
		{
			name:    "server asks for an hour: given up at once",
			respond: func(Record[string], int) Result { return Retryable(hintErr{time.Hour}, 0) },
			want:    0, reason: ReasonBudgetExhausted, attempts: 1,
		},
		{
			name:    "server asks for two minutes each time: the budget ends it",
			respond: func(Record[string], int) Result { return Retryable(errTemp, 2*time.Minute) },
			want:    4 * time.Minute, reason: ReasonBudgetExhausted, attempts: 3,
		},
		{
			// Each Send is cut at SendTimeout (1 min): sends end at 60 s,
			// 120.5 s, 181.5 s, 243.5 s and 307.5 s.
			name: "destination hangs: each send cut at SendTimeout",
			hang: true,
			want: 307500 * time.Millisecond, reason: ReasonRetriesExhausted, attempts: DefaultMaxAttempts,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				dest := newScript(10, tc.respond)
				if tc.hang {
					dest.delay = 24 * time.Hour
				}
				cfg := tc.cfg
				cfg.jitter = noJitter // the longest waits: the worst case
				p, err := New[string](dest, cfg)
				require.NoError(t, err)
				enqueueAll(t, p, rec("a", "1"))
				start := time.Now()
				r, err := p.Close(context.Background())
				require.NoError(t, err)
				elapsed := time.Since(start)
				assert.Equal(t, tc.want, elapsed)
				assert.LessOrEqual(t, elapsed, DefaultMaxElapsed+DefaultSendTimeout, "the documented worst case")
				require.Len(t, r.DeadLetters, 1)
				assert.Equal(t, [2]any{tc.reason, tc.attempts}, [2]any{r.DeadLetters[0].Reason, r.DeadLetters[0].Attempts})
			})
		})
	}
}
