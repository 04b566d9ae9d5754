package hubspot

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/destination"
)

// The worst cases of the retry defaults, measured on synctest's fake clock
// with the jitter at its maximum.

// maxJitter makes every jittered wait as long as it can be.
func maxJitter(n int64) int64 { return max(n-1, 0) }

// waitLog collects the waits a client reports.
type waitLog struct {
	mu    sync.Mutex
	waits []Wait
}

func (l *waitLog) add(w Wait) {
	l.mu.Lock()
	l.waits = append(l.waits, w)
	l.mu.Unlock()
}

func (l *waitLog) all() []Wait {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Wait(nil), l.waits...)
}

// countingHandler answers every request with answer and counts them.
type countingHandler struct {
	mu     sync.Mutex
	n      int
	answer func(n int, w http.ResponseWriter, r *http.Request)
}

func (h *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.n++
	n := h.n
	h.mu.Unlock()
	h.answer(n, w, r)
}

func (h *countingHandler) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n
}

// hungTransport accepts every request and never answers.
type hungTransport struct{ calls *int }

func (h hungTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	*h.calls++
	<-r.Context().Done()
	return nil, r.Context().Err()
}

func newBounded(t *testing.T, rt http.RoundTripper, log *waitLog, opts ...Option) *Client {
	t.Helper()
	all := append([]Option{WithBaseURL("http://hubspot.invalid"), WithHTTPClient(&http.Client{Transport: rt}),
		WithLimits(FreeLimits()), WithWaitObserver(log.add)}, opts...)
	c, err := New(testToken, all...)
	require.NoError(t, err)
	c.jitter = maxJitter
	return c
}

func TestWorstCaseHungServer(t *testing.T) {
	t.Run("idempotent read: four attempts, then the time budget", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			calls := 0
			log := &waitLog{}
			c := newBounded(t, hungTransport{&calls}, log)
			start := time.Now()
			_, err := c.Properties.List(context.Background(), "contacts")
			elapsed := time.Since(start)
			var te *TransportError
			require.ErrorAs(t, err, &te)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Equal(t, 4, calls)
			// 4 × 30 s attempts and backoffs of 0.5, 1 and 2 s; the next
			// backoff (4 s) would end past DefaultMaxElapsed.
			assert.Equal(t, 4*DefaultAttemptTimeout+3500*time.Millisecond, elapsed)
			assert.LessOrEqual(t, elapsed, DefaultMaxElapsed+DefaultAttemptTimeout)
			var lines []string
			for _, w := range log.all() {
				lines = append(lines, w.String())
			}
			assert.Equal(t, []string{
				"waiting 500ms for attempt 2 of 5 of GET /crm/v3/properties/contacts after: HubSpot not answering (timeout)",
				"waiting 1s for attempt 3 of 5 of GET /crm/v3/properties/contacts after: HubSpot not answering (timeout)",
				"waiting 2s for attempt 4 of 5 of GET /crm/v3/properties/contacts after: HubSpot not answering (timeout)",
			}, lines)
		})
	})
	t.Run("task create: one attempt, the outcome is unknown", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			calls := 0
			c := newBounded(t, hungTransport{&calls}, &waitLog{})
			start := time.Now()
			_, err := c.Tasks.BatchCreate(context.Background(), []TaskInput{{Subject: "s", Due: time.Unix(0, 0)}})
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Equal(t, []any{1, DefaultAttemptTimeout}, []any{calls, time.Since(start)})
		})
	})
	t.Run("the caller's deadline wins", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			calls := 0
			c := newBounded(t, hungTransport{&calls}, &waitLog{})
			ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
			defer cancel()
			start := time.Now()
			_, err := c.Properties.List(ctx, "contacts")
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Equal(t, []any{2, 45 * time.Second}, []any{calls, time.Since(start)})
		})
	})
}

func TestWorstCasePersistentFailures(t *testing.T) {
	rateHeaders := func(w http.ResponseWriter) {
		w.Header().Set("X-HubSpot-RateLimit-Max", "100")
		w.Header().Set("X-HubSpot-RateLimit-Remaining", "0")
		w.Header().Set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
	}
	tests := []struct {
		name     string
		answer   func(n int, w http.ResponseWriter, r *http.Request)
		calls    int
		elapsed  time.Duration
		reason   string // of the last retry wait
		retryErr time.Duration
	}{
		{"500 on every call", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 500, `{"status":"error","message":"internal error"}`)
		}, 5, 7500 * time.Millisecond, "500 server error", 0},
		{"503 asking for 50 s", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "50")
			writeJSON(w, 503, `{"status":"error","message":"unavailable"}`)
		}, 3, 100 * time.Second, "503 server error", 50 * time.Second},
		{"429 on every call, no Retry-After", func(_ int, w http.ResponseWriter, _ *http.Request) {
			rateHeaders(w)
			writeJSON(w, 429, `{"status":"error","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING","message":"m"}`)
		}, 5, 4 * (11*time.Second - 1), "429 TEN_SECONDLY_ROLLING: waiting out the window", 0},
		{"429 asking for 100 s", func(_ int, w http.ResponseWriter, _ *http.Request) {
			rateHeaders(w)
			w.Header().Set("Retry-After", "100")
			writeJSON(w, 429, `{"status":"error","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING","message":"m"}`)
		}, 2, 100 * time.Second, "429 TEN_SECONDLY_ROLLING: Retry-After", 100 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := &countingHandler{answer: tc.answer}
				log := &waitLog{}
				c := newBounded(t, handlerTransport(h), log)
				start := time.Now()
				_, err := c.Properties.List(context.Background(), "contacts")
				require.Error(t, err)
				assert.Equal(t, tc.calls, h.count())
				assert.Equal(t, tc.elapsed, time.Since(start))
				waits := log.all()
				require.NotEmpty(t, waits)
				assert.Equal(t, tc.reason, waits[len(waits)-1].Reason)
				var rl *RateLimitError
				var ae *Error
				switch {
				case errors.As(err, &rl):
					assert.Equal(t, tc.retryErr, rl.RetryAfter, "the server's wait is on the error")
				case errors.As(err, &ae):
					assert.Equal(t, tc.retryErr, ae.RetryAfter, "the server's wait is on the error")
				default:
					t.Fatalf("unexpected error %T", err)
				}
			})
		})
	}
}

func TestNoRetryLeavesTheWaitToTheCaller(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header map[string]string
		body   string
		after  time.Duration // the wait classify hands to the pipeline
	}{
		{"503 with Retry-After", 503, map[string]string{"Retry-After": "7"}, `{"status":"error","message":"m"}`, 7 * time.Second},
		{"502 without", 502, nil, `{"status":"error","message":"m"}`, 0},
		{"423 with a short Retry-After", 423, map[string]string{"Retry-After": "1"}, `{"status":"error","message":"m"}`, LockedBackoff},
		{"477 with Retry-After", 477, map[string]string{"Retry-After": "3600"}, `{"status":"error","message":"m"}`, time.Hour},
		{"429 with Retry-After", 429, map[string]string{"Retry-After": "3"},
			`{"status":"error","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING","message":"m"}`, 3 * time.Second},
		{"429 without: the window", 429, map[string]string{"X-HubSpot-RateLimit-Interval-Milliseconds": "10000"},
			`{"status":"error","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING","message":"m"}`, 10 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := &countingHandler{answer: func(_ int, w http.ResponseWriter, _ *http.Request) {
					for k, v := range tc.header {
						w.Header().Set(k, v)
					}
					writeJSON(w, tc.status, tc.body)
				}}
				log := &waitLog{}
				c := newBounded(t, handlerTransport(h), log, WithRetry(NoRetry()))
				start := time.Now()
				_, err := c.Contacts.BatchUpsert(context.Background(), "email", []UpsertInput{{ID: "a@example.com", Properties: Properties{"firstname": strVal("A")}}})
				require.Error(t, err)
				assert.Equal(t, []any{1, time.Duration(0)}, []any{h.count(), time.Since(start)}, "one attempt, no wait")
				assert.Empty(t, log.all())
				r := classify(context.Background(), err, c.windowInterval())
				assert.Equal(t, tc.after, r.After)
			})
		})
	}
}

func TestWaitsCarryNoPersonalData(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := &countingHandler{answer: func(n int, w http.ResponseWriter, _ *http.Request) {
			if n == 1 {
				writeJSON(w, 500, `{"status":"error","message":"failed for maria@example.com"}`)
				return
			}
			writeJSON(w, 200, `{"id":"7","properties":{}}`)
		}}
		log := &waitLog{}
		c := newBounded(t, handlerTransport(h), log)
		_, err := c.Contacts.Get(context.Background(), "maria@example.com", "email", nil)
		require.NoError(t, err)
		waits := log.all()
		require.Len(t, waits, 1)
		got := waits[0]
		assert.Regexp(t, `^/crm/v3/objects/contacts/m\*\*\*@example\.com#[0-9a-f]{4}$`, got.Path, "the e-mail in the path is masked")
		got.Path = ""
		assert.Equal(t, Wait{Kind: WaitRetry, Delay: 500 * time.Millisecond, Attempt: 2, MaxAttempts: 5,
			Method: "GET", Reason: "500 server error"}, got)
		s := waits[0].String()
		assert.NotContains(t, s, "maria")
		assert.NotContains(t, s, testToken)
	})
}

func TestWaitString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		w    Wait
		want string
	}{
		{Wait{Kind: WaitRetry, Delay: 8 * time.Second, Attempt: 3, MaxAttempts: 5, Method: "POST", Path: "/p", Reason: "HubSpot not answering (timeout)"},
			"waiting 8s for attempt 3 of 5 of POST /p after: HubSpot not answering (timeout)"},
		{Wait{Kind: WaitRateLimited, Delay: 9500 * time.Millisecond, Attempt: 1, Method: "GET", Path: "/p", Reason: "r"},
			"waiting 9.5s before GET /p, rate limited: r"},
		{Wait{Kind: WaitPacing, Delay: 2105263158, Attempt: 1, Method: "GET", Path: "/p", Reason: "pacing to 5 per 10s"},
			"waiting 2.105s before GET /p: pacing to 5 per 10s"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, tc.w.String())
	}
	assert.Equal(t, []string{"pacing", "rate limited", "retry", "WaitKind(9)"},
		[]string{WaitPacing.String(), WaitRateLimited.String(), WaitRetry.String(), WaitKind(9).String()})
}

func TestRateLimitHoldsOtherCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := &countingHandler{answer: func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				w.Header().Set("Retry-After", "4")
				writeJSON(w, 429, `{"status":"error","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING","message":"m"}`)
				return
			}
			writeJSON(w, 200, `{"results":[]}`)
		}}
		log := &waitLog{}
		c := newBounded(t, handlerTransport(h), log, WithRetry(NoRetry()))
		_, err := c.Properties.List(context.Background(), "contacts")
		require.ErrorIs(t, err, ErrRateLimited)
		start := time.Now()
		_, err = c.Properties.List(context.Background(), "contacts")
		require.NoError(t, err)
		assert.Equal(t, 4*time.Second, time.Since(start), "the next call waits for the server's window")
		waits := log.all()
		require.Len(t, waits, 1)
		assert.Equal(t, WaitRateLimited, waits[0].Kind)
		assert.True(t, strings.HasPrefix(waits[0].String(), "waiting 4s before GET /crm/v3/properties/contacts, rate limited"), waits[0].String())
	})
}

// TestUnderAPipeline runs one failing batch through destination.Pipeline
// (its default retries: 5 attempts within 5 minutes) with the client's own
// retries on (the defaults) and off (NoRetry), on a fake clock: how many
// requests one batch costs, and how long until it is dead-lettered. Either
// way the destination makes one attempt per call.
func TestUnderAPipeline(t *testing.T) {
	hung := func(calls *int) http.RoundTripper { return hungTransport{calls} }
	failing := func(calls *int) http.RoundTripper {
		return handlerTransport(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			*calls++
			w.Header().Set("Retry-After", "20")
			writeJSON(w, 503, `{"status":"error","message":"unavailable"}`)
		}))
	}
	tests := []struct {
		name      string
		transport func(calls *int) http.RoundTripper
		retry     Retry
		calls     int
		lower     time.Duration // the run takes at least this long
		upper     time.Duration // and at most this long
	}{
		// The destination makes one attempt per call (SingleAttempt), so the
		// client's own retries do not multiply the pipeline's.
		{"hung server, client retries on", hung, Retry{}, 5, 150 * time.Second, 158 * time.Second},
		{"hung server, NoRetry", hung, NoRetry(), 5, 150 * time.Second, 158 * time.Second},
		{"503 asking for 20 s, NoRetry", failing, NoRetry(), 5, 80 * time.Second, 81 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				calls := 0
				c := newBounded(t, tc.transport(&calls), &waitLog{}, WithRetry(tc.retry))
				dest, err := NewContactsDestination(c, "email")
				require.NoError(t, err)
				p, err := destination.New[Properties](dest, destination.Config[Properties]{})
				require.NoError(t, err)
				start := time.Now()
				require.NoError(t, p.Enqueue(context.Background(), destination.Record[Properties]{Key: "a@example.com", Payload: Properties{"firstname": strVal("A")}}))
				report, err := p.Close(context.Background())
				require.NoError(t, err)
				elapsed := time.Since(start)
				t.Logf("%d requests in %v; dead letters %v", calls, elapsed, report.DeadLetters)
				assert.Equal(t, 1, report.DeadLettered)
				assert.Equal(t, tc.calls, calls)
				assert.GreaterOrEqual(t, elapsed, tc.lower)
				assert.LessOrEqual(t, elapsed, tc.upper)
			})
		})
	}
}
