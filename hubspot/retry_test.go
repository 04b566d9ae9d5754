package hubspot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type decision struct {
	Retry  bool
	Wait   time.Duration
	Reason string
}

func TestShouldRetry(t *testing.T) {
	t.Parallel()
	live := context.Background()
	done, cancel := context.WithCancel(context.Background())
	cancel()
	apiErr := func(status int) error { return &Error{Status: status} }
	rl := func(p Policy, after time.Duration) error {
		return &RateLimitError{Policy: p, RetryAfter: after, Err: &Error{Status: 429}}
	}
	withRetryAfter := &http.Response{Header: http.Header{"Retry-After": {"7"}}}
	reset := &TransportError{Method: "POST", Path: "/x", Err: &net.OpError{Op: "read", Err: syscall.ECONNRESET}}
	refused := &TransportError{Method: "POST", Path: "/x", Err: &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}}
	eof := &TransportError{Method: "POST", Path: "/x", Err: io.ErrUnexpectedEOF}
	timeout := &TransportError{Method: "POST", Path: "/x", Err: context.DeadlineExceeded}
	permanent := &TransportError{Method: "POST", Path: "/x", Err: errors.New("unsupported protocol scheme")}

	pol := retryPolicy{
		retry:      Retry{MaxAttempts: 5, BaseBackoff: 100 * time.Millisecond, MaxBackoff: time.Second},
		idempotent: true,
		jitter:     fixedJitter,
		interval:   10 * time.Second,
	}
	nonIdem := pol
	nonIdem.idempotent = false

	tests := []struct {
		name    string
		pol     retryPolicy
		attempt int
		ctx     context.Context
		resp    *http.Response
		err     error
		want    decision
	}{
		{"success", pol, 1, live, nil, nil, decision{false, 0, "success"}},
		{"context done", pol, 1, done, nil, apiErr(500), decision{false, 0, "context done"}},
		{"attempt cap", pol, 5, live, nil, apiErr(500), decision{false, 0, "attempt cap 5 reached"}},
		{"400", pol, 1, live, nil, apiErr(400), decision{false, 0, "400 is not retryable"}},
		{"401", pol, 1, live, nil, apiErr(401), decision{false, 0, "401 is not retryable"}},
		{"403", pol, 1, live, nil, apiErr(403), decision{false, 0, "403 is not retryable"}},
		{"404", pol, 1, live, nil, apiErr(404), decision{false, 0, "404 is not retryable"}},
		{"409", pol, 1, live, nil, apiErr(409), decision{false, 0, "409 is not retryable"}},
		{"501", pol, 1, live, nil, apiErr(501), decision{false, 0, "501 is not retryable"}},
		{"423 at least 2s", pol, 1, live, nil, apiErr(423), decision{true, 2250 * time.Millisecond, "423 locked"}},
		{"423 retry-after wins when longer", pol, 1, live, withRetryAfter, apiErr(423), decision{true, 7 * time.Second, "423 locked"}},
		{"423 on a create", nonIdem, 1, live, nil, apiErr(423), decision{true, 2250 * time.Millisecond, "423 locked"}},
		{"477 retry-after", pol, 1, live, withRetryAfter, apiErr(477), decision{true, 7 * time.Second, "477 migration: Retry-After"}},
		{"477 backoff", pol, 1, live, nil, apiErr(477), decision{true, 75 * time.Millisecond, "477 migration"}},
		{"500 attempt 1", pol, 1, live, nil, apiErr(500), decision{true, 75 * time.Millisecond, "500 server error"}},
		{"502 attempt 2", pol, 2, live, nil, apiErr(502), decision{true, 150 * time.Millisecond, "502 server error"}},
		{"503 attempt 3", pol, 3, live, nil, apiErr(503), decision{true, 300 * time.Millisecond, "503 server error"}},
		{"504 attempt 4 capped", pol, 4, live, nil, apiErr(504), decision{true, 600 * time.Millisecond, "504 server error"}},
		{"521", pol, 1, live, nil, apiErr(521), decision{true, 75 * time.Millisecond, "521 server error"}},
		{"524 retry-after wins", pol, 1, live, withRetryAfter, apiErr(524), decision{true, 7 * time.Second, "524 server error"}},
		{"500 on a create", nonIdem, 1, live, nil, apiErr(500), decision{false, 0, "500 on a non-idempotent call: outcome unknown"}},
		{"429 ten-secondly waits the window", pol, 1, live, nil, rl(TenSecondly, 0), decision{true, 10*time.Second + 500*time.Millisecond, "429 TEN_SECONDLY_ROLLING: waiting out the window"}},
		{"429 ten-secondly retry-after", pol, 1, live, nil, rl(TenSecondly, 3*time.Second), decision{true, 3 * time.Second, "429 TEN_SECONDLY_ROLLING: Retry-After"}},
		{"429 ten-secondly on a create", nonIdem, 1, live, nil, rl(TenSecondly, 0), decision{true, 10*time.Second + 500*time.Millisecond, "429 TEN_SECONDLY_ROLLING: waiting out the window"}},
		{"429 secondly about a second", pol, 1, live, nil, rl(Secondly, 0), decision{true, time.Second + 125*time.Millisecond, "429 secondly (search) limit"}},
		{"429 daily stops", pol, 1, live, nil, rl(Daily, time.Hour), decision{false, 0, "daily limit reached"}},
		{"connection reset", pol, 1, live, nil, reset, decision{true, 75 * time.Millisecond, "network failure"}},
		{"unexpected EOF", pol, 2, live, nil, eof, decision{true, 150 * time.Millisecond, "network failure"}},
		{"timeout", pol, 1, live, nil, timeout, decision{true, 75 * time.Millisecond, "HubSpot not answering (timeout)"}},
		{"timeout on a create", nonIdem, 1, live, nil, timeout, decision{false, 0, "HubSpot not answering (timeout) on a non-idempotent call: outcome unknown"}},
		{"reset on a create", nonIdem, 1, live, nil, reset, decision{false, 0, "network failure on a non-idempotent call: outcome unknown"}},
		{"refused dial on a create", nonIdem, 1, live, nil, refused, decision{true, 75 * time.Millisecond, "network failure"}},
		{"permanent transport error", pol, 1, live, nil, permanent, decision{false, 0, "permanent transport error"}},
		{"decode error", pol, 1, live, nil, &DecodeError{Err: errors.New("x")}, decision{false, 0, "undecodable 2xx response"}},
		{"other error", pol, 1, live, nil, errors.New("x"), decision{false, 0, "not retryable"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			retry, wait, reason := tc.pol.shouldRetry(tc.attempt, tc.ctx, tc.resp, tc.err)
			assert.Equal(t, tc.want, decision{retry, wait, reason})
		})
	}
}

func TestBackoffNeverExceedsCap(t *testing.T) {
	t.Parallel()
	maxJitter := func(n int64) int64 { return n - 1 }
	p := retryPolicy{retry: Retry{MaxAttempts: 50, BaseBackoff: 500 * time.Millisecond, MaxBackoff: 5 * time.Second}, jitter: maxJitter}
	prev := time.Duration(0)
	for attempt := 1; attempt < 50; attempt++ {
		d := p.backoff(attempt)
		assert.LessOrEqual(t, d, 5*time.Second, "attempt %d", attempt)
		assert.GreaterOrEqual(t, d, prev, "attempt %d: never shrinks at max jitter", attempt)
		prev = d
	}
	assert.Equal(t, 5*time.Second, prev)
}

func TestRetriesSendIdenticalBytes(t *testing.T) {
	t.Parallel()
	h := setup(t)
	var mu sync.Mutex
	var bodies []string
	statuses := []int{500, 502, 503, 200}
	h.mux.HandleFunc("POST /crm/v3/objects/contacts/batch/upsert", func(w http.ResponseWriter, r *http.Request) {
		checkAuth(t, r)
		b := readJSON(t, r, nil)
		mu.Lock()
		n := len(bodies)
		bodies = append(bodies, string(b))
		mu.Unlock()
		if statuses[n] != 200 {
			writeJSON(w, statuses[n], `{"status":"error","message":"try again"}`)
			return
		}
		writeJSON(w, 200, `{"status":"COMPLETE","results":[{"id":"1","new":true,"properties":{"email":"a@x.com"}},{"id":"2","new":false,"properties":{"email":"b@x.com"}}]}`)
	})
	out, err := h.client.Contacts.BatchUpsert(context.Background(), "email", []UpsertInput{
		{ID: "a@x.com", Properties: Properties{"firstname": strVal("Ana")}},
		{ID: "B@x.com", Properties: Properties{"firstname": strVal("Bia")}},
	})
	require.NoError(t, err)
	assert.Equal(t, []UpsertResult{
		{ID: "1", Created: true, Properties: map[string]string{"email": "a@x.com"}},
		{ID: "2", Created: false, Properties: map[string]string{"email": "b@x.com"}},
	}, out)
	require.Len(t, bodies, 4)
	for i := 1; i < len(bodies); i++ {
		assert.Equal(t, bodies[0], bodies[i], "attempt %d body", i+1)
	}
	assert.Equal(t, []time.Duration{
		750 * time.Microsecond, 1500 * time.Microsecond, 3000 * time.Microsecond,
	}, h.sleeps.waits(), "capped exponential backoff with jitter")
}

func TestNonIdempotentCreateNotRetriedOn5xx(t *testing.T) {
	t.Parallel()
	h := setup(t)
	calls := 0
	h.mux.HandleFunc("POST /crm/v3/objects/tasks/batch/create", func(w http.ResponseWriter, r *http.Request) {
		calls++
		writeJSON(w, 503, `{"status":"error","message":"unavailable"}`)
	})
	_, err := h.client.Tasks.BatchCreate(context.Background(), []TaskInput{{Subject: "s", Due: time.Unix(0, 0)}})
	var ae *Error
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 503, ae.Status)
	assert.Equal(t, 1, calls)
}

func TestRateLimitedCreateIsRetried(t *testing.T) {
	t.Parallel()
	h := setup(t)
	calls := 0
	h.mux.HandleFunc("POST /crm/v3/objects/tasks/batch/create", func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, 429, `{"status":"error","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING","message":"slow down"}`)
			return
		}
		var req batchRequest
		readJSON(t, r, &req)
		writeJSON(w, 201, fmt.Sprintf(`{"status":"COMPLETE","results":[{"id":"t1","objectWriteTraceId":%q,"properties":{}}]}`, req.Inputs[0].TraceID))
	})
	out, err := h.client.Tasks.BatchCreate(context.Background(), []TaskInput{{Subject: "s", Due: time.Unix(0, 0)}})
	require.NoError(t, err)
	assert.Equal(t, []WriteResult{{ID: "t1", Properties: map[string]string{}}}, out)
	assert.Equal(t, 2, calls)
	assert.Equal(t, []time.Duration{time.Second}, h.sleeps.waits())
}

func TestDailyLimitStopsAndRefusesLocally(t *testing.T) {
	t.Parallel()
	h := setup(t)
	calls := 0
	h.mux.HandleFunc("GET /crm/v3/properties/contacts", func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("X-HubSpot-RateLimit-Daily", "1000")
		w.Header().Set("X-HubSpot-RateLimit-Daily-Remaining", "0")
		writeJSON(w, 429, `{"status":"error","errorType":"RATE_LIMIT","policyName":"DAILY","message":"You have reached your daily limit."}`)
	})
	_, err := h.client.Properties.List(context.Background(), "contacts")
	require.ErrorIs(t, err, ErrDailyLimit)
	assert.Equal(t, 1, calls, "a daily 429 is not retried")

	_, err = h.client.Properties.List(context.Background(), "contacts")
	var rl *RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.True(t, rl.Local)
	assert.Equal(t, Daily, rl.Policy)
	assert.Equal(t, 1, calls, "the spent daily budget is refused without a request")

	_, err = h.client.Contacts.Search(context.Background(), SearchRequest{})
	assert.ErrorIs(t, err, ErrDailyLimit, "searches count against the daily budget too")
}

func TestContextCancelledDuringBackoff(t *testing.T) {
	t.Parallel()
	h := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	h.client.sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		return sleepCtx(ctx, d)
	}
	h.mux.HandleFunc("GET /crm/v3/properties/contacts", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 500, `{}`)
	})
	_, err := h.client.Properties.List(ctx, "contacts")
	require.ErrorIs(t, err, context.Canceled)
	var ae *Error
	assert.ErrorAs(t, err, &ae, "the last API error is kept")
}

func TestSleepCtx(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		assert.NoError(t, sleepCtx(context.Background(), 0))
		assert.NoError(t, sleepCtx(context.Background(), 2*time.Second))
		assert.Equal(t, 2*time.Second, time.Since(start), "slept the whole wait")
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		start = time.Now()
		assert.ErrorIs(t, sleepCtx(ctx, time.Hour), context.Canceled)
		assert.Equal(t, time.Duration(0), time.Since(start), "a done context ends the wait at once")
		ctx, cancel = context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		start = time.Now()
		assert.ErrorIs(t, sleepCtx(ctx, time.Hour), context.DeadlineExceeded)
		assert.Equal(t, time.Minute, time.Since(start))
	})
}

func TestRetryWaitsThroughClient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		search bool
		status int
		header map[string]string
		body   string
		wait   time.Duration
	}{
		{"423", false, 423, nil, `{"status":"error","message":"locked"}`, 2250 * time.Millisecond},
		{"429 ten-secondly waits the server's window", false, 429,
			map[string]string{"X-HubSpot-RateLimit-Interval-Milliseconds": "10000", "X-HubSpot-RateLimit-Max": "100", "X-HubSpot-RateLimit-Remaining": "0"},
			`{"status":"error","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING","message":"m"}`, 10*time.Second + 500*time.Millisecond},
		{"429 secondly on search", true, 429, nil,
			`{"status":"error","errorType":"RATE_LIMIT","policyName":"SECONDLY","message":"You have reached your secondly limit."}`, 1125 * time.Millisecond},
		{"503 with Retry-After", false, 503, map[string]string{"Retry-After": "2"}, `{"status":"error","message":"m"}`, 2 * time.Second},
		{"reset", false, 0, nil, "", 750 * time.Microsecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := setup(t)
			calls := 0
			handler := func(w http.ResponseWriter, r *http.Request) {
				calls++
				if calls == 1 {
					if tc.status == 0 {
						conn, _, err := w.(http.Hijacker).Hijack()
						require.NoError(t, err)
						_ = conn.Close()
						return
					}
					for k, v := range tc.header {
						w.Header().Set(k, v)
					}
					writeJSON(w, tc.status, tc.body)
					return
				}
				writeJSON(w, 200, `{"total":0,"results":[]}`)
			}
			var err error
			if tc.search {
				h.mux.HandleFunc("POST /crm/v3/objects/contacts/search", handler)
				_, err = h.client.Contacts.Search(context.Background(), SearchRequest{})
			} else {
				h.mux.HandleFunc("GET /crm/v3/properties/contacts", handler)
				_, err = h.client.Properties.List(context.Background(), "contacts")
			}
			require.NoError(t, err)
			assert.Equal(t, 2, calls)
			assert.Equal(t, []time.Duration{tc.wait}, h.sleeps.waits())
		})
	}
}

func TestShouldRetryTimeBudget(t *testing.T) {
	t.Parallel()
	pol := retryPolicy{
		retry:      Retry{MaxAttempts: 5, BaseBackoff: time.Second, MaxBackoff: 8 * time.Second, MaxElapsed: time.Minute},
		idempotent: true,
		jitter:     fixedJitter,
		interval:   10 * time.Second,
	}
	after := &http.Response{Header: http.Header{"Retry-After": {"30"}}}
	tests := []struct {
		name    string
		elapsed time.Duration
		resp    *http.Response
		err     error
		want    decision
	}{
		{"within the budget", 59 * time.Second, nil, &Error{Status: 500}, decision{true, 750 * time.Millisecond, "500 server error"}},
		{"the wait would end past it", 59500 * time.Millisecond, nil, &Error{Status: 500}, decision{false, 0, "retry budget 1m0s spent: 500 server error"}},
		{"a long Retry-After", 31 * time.Second, after, &Error{Status: 503, RetryAfter: 30 * time.Second}, decision{false, 0, "retry budget 1m0s spent: 503 server error"}},
		{"a long Retry-After, early", 30 * time.Second, after, &Error{Status: 503, RetryAfter: 30 * time.Second}, decision{true, 30 * time.Second, "503 server error"}},
	}
	for _, tc := range tests {
		p := pol
		p.elapsed = tc.elapsed
		retry, wait, reason := p.shouldRetry(1, context.Background(), tc.resp, tc.err)
		assert.Equal(t, tc.want, decision{retry, wait, reason}, tc.name)
	}
}

func TestRetryDefaultsAndNoRetry(t *testing.T) {
	t.Parallel()
	assert.Equal(t, Retry{MaxAttempts: 5, BaseBackoff: 500 * time.Millisecond, MaxBackoff: 10 * time.Second,
		AttemptTimeout: 30 * time.Second, MaxElapsed: 2 * time.Minute}, Retry{}.withDefaults())
	assert.Equal(t, Retry{MaxAttempts: 1, BaseBackoff: 500 * time.Millisecond, MaxBackoff: 10 * time.Second,
		AttemptTimeout: 30 * time.Second, MaxElapsed: 2 * time.Minute}, NoRetry().withDefaults())
}
