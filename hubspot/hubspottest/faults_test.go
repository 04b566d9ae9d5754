package hubspottest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawUpsert sends one upsert with a client that never reuses connections and
// reports the status, or the transport error.
func rawUpsert(ctx context.Context, srv *Server, email string) (int, error) {
	body := fmt.Sprintf(`{"inputs":[{"id":%q,"idProperty":"email","properties":{"firstname":"X"}}]}`, email)
	req, err := http.NewRequestWithContext(ctx, "POST", srv.URL+upsertPath, bytes.NewBufferString(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, err = io.ReadAll(res.Body)
	return res.StatusCode, err
}

func TestFaultsAtRateOne(t *testing.T) {
	tests := []struct {
		name    string
		faults  Faults
		applied bool
		check   func(t *testing.T, status int, err error)
	}{
		{"server error", Faults{ServerError: 1}, false, func(t *testing.T, status int, err error) {
			require.NoError(t, err)
			assert.Contains(t, []int{500, 502, 503, 504}, status)
		}},
		{"rate limited", Faults{RateLimited: 1}, false, func(t *testing.T, status int, err error) {
			require.NoError(t, err)
			assert.Equal(t, http.StatusTooManyRequests, status)
		}},
		{"reset", Faults{Reset: 1}, false, func(t *testing.T, status int, err error) {
			assert.Error(t, err, "the connection is closed without an answer")
		}},
		{"apply then fail", Faults{ApplyThenFail: 1}, true, func(t *testing.T, status int, err error) {
			if err == nil {
				assert.Equal(t, http.StatusInternalServerError, status)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, WithFaults(tc.faults))
			const n = 8
			for i := range n {
				status, err := rawUpsert(context.Background(), srv, fmt.Sprintf("c%d@example.com", i))
				tc.check(t, status, err)
			}
			if tc.applied {
				assert.Len(t, srv.Contacts(), n)
			} else {
				assert.Empty(t, srv.Contacts())
			}
			reqs := srv.Requests()
			require.Len(t, reqs, n)
			for _, r := range reqs {
				want := map[string]FaultKind{"server error": FaultServerError, "rate limited": FaultRateLimited,
					"reset": FaultReset, "apply then fail": FaultApplyThenFail}[tc.name]
				assert.Equal(t, want, r.Fault)
			}
		})
	}
}

func TestApplyThenFailAnswers500OrResets(t *testing.T) {
	srv := newServer(t, WithFaults(Faults{ApplyThenFail: 1, Seed: 7}))
	outcomes := map[string]int{}
	for i := range 16 {
		status, err := rawUpsert(context.Background(), srv, fmt.Sprintf("c%d@example.com", i))
		switch {
		case err != nil:
			outcomes["reset"]++
		default:
			outcomes[fmt.Sprint(status)]++
		}
	}
	assert.Len(t, outcomes, 2, "only 500 and reset: %v", outcomes)
	assert.Positive(t, outcomes["500"], "%v", outcomes)
	assert.Positive(t, outcomes["reset"], "%v", outcomes)
	assert.Len(t, srv.Contacts(), 16, "every request applied")
	statuses := map[int]int{}
	for _, r := range srv.Requests() {
		statuses[r.Status]++
	}
	assert.Equal(t, map[int]int{0: outcomes["reset"], 500: outcomes["500"]}, statuses)
}

func TestInjectedBodies(t *testing.T) {
	srv := newServer(t, WithFaults(Faults{RateLimited: 1}))
	r := do(t, srv, "GET", "/crm/v3/properties/contacts", nil)
	var e tError
	r.into(t, &e)
	assert.Equal(t, tError{Status: "error", Message: "You have reached your ten_secondly_rolling limit.", ErrorType: "RATE_LIMIT",
		PolicyName: "TEN_SECONDLY_ROLLING", Correlation: e.Correlation}, e)
	assert.Equal(t, 1, srv.Count429())

	srv = newServer(t, WithFaults(Faults{ServerError: 1}))
	r = do(t, srv, "GET", "/crm/v3/properties/contacts", nil)
	e = tError{}
	r.into(t, &e)
	assert.Equal(t, tError{Status: "error", Category: "INTERNAL_ERROR", Message: "internal error", Errors: noDetails, Links: noLinks, Correlation: e.Correlation}, e)
}

// faultSequence runs n sequential requests and returns what each got.
func faultSequence(t *testing.T, f Faults, n int) []string {
	srv := newServer(t, WithFaults(f))
	out := make([]string, n)
	for i := range n {
		status, err := rawUpsert(context.Background(), srv, fmt.Sprintf("c%d@example.com", i))
		out[i] = fmt.Sprint(status)
		if err != nil {
			out[i] = "error"
		}
	}
	return out
}

func TestFaultsAreDeterministicFromSeed(t *testing.T) {
	f := Faults{ServerError: 0.2, RateLimited: 0.1, Reset: 0.1, ApplyThenFail: 0.1, Seed: 42}
	a := faultSequence(t, f, 60)
	b := faultSequence(t, f, 60)
	assert.Equal(t, a, b, "same seed, same faults")
	f.Seed = 43
	c := faultSequence(t, f, 60)
	assert.NotEqual(t, a, c, "another seed, other faults")
	kinds := map[string]bool{}
	for _, s := range a {
		kinds[s] = true
	}
	assert.True(t, kinds["200"] && kinds["error"] && kinds["429"], "a mix of outcomes: %v", a)
}

// serveDirect sends a request to srv's handler in the calling goroutine,
// with no socket, so that a synctest bubble's fake clock times it.
func serveDirect(ctx context.Context, srv *Server, email string) *httptest.ResponseRecorder {
	body := fmt.Sprintf(`{"inputs":[{"id":%q,"idProperty":"email","properties":{"firstname":"X"}}]}`, email)
	req := httptest.NewRequestWithContext(ctx, "POST", upsertPath, bytes.NewBufferString(body))
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

func TestLatency(t *testing.T) {
	// The servers live outside the bubbles (their listeners are real); the
	// requests reach their handler directly, so latency runs on fake time.
	t.Run("delays the answer", func(t *testing.T) {
		srv := newServer(t, WithLatency(3*time.Second))
		synctest.Test(t, func(t *testing.T) {
			start := time.Now()
			rec := serveDirect(context.Background(), srv, "a@example.com")
			assert.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, 3*time.Second, time.Since(start), "answered after the latency, on the fake clock")
		})
	})
	t.Run("honours cancellation", func(t *testing.T) {
		srv := newServer(t, WithLatency(time.Minute))
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
			defer cancel()
			start := time.Now()
			serveDirect(ctx, srv, "a@example.com")
			assert.Equal(t, 5*time.Millisecond, time.Since(start), "the wait ends with the request's context")
		})
		reqs := srv.Requests()
		require.Len(t, reqs, 1)
		assert.Equal(t, FaultCanceled, reqs[0].Fault)
		assert.Equal(t, 0, reqs[0].Status)
		assert.Empty(t, srv.Contacts())
	})
}

func TestConcurrentUse(t *testing.T) {
	srv := newServer(t, WithRateLimit(1000, time.Second), WithDailyLimit(100000))
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				status, err := rawUpsert(context.Background(), srv, fmt.Sprintf("w%d-%d@example.com", w, i%5))
				if err == nil && status != http.StatusOK {
					err = fmt.Errorf("status %d", status)
				}
				if err != nil {
					errs <- err
					return
				}
				_ = srv.Contacts()
				_ = srv.Requests()
			}
		}()
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	require.NoError(t, errors.Join(all...))
	emails := []string{}
	for _, c := range srv.Contacts() {
		emails = append(emails, c.Properties["email"])
	}
	slices.Sort(emails)
	assert.Len(t, emails, 40, "8 workers × 5 distinct emails, no duplicates")
	assert.Len(t, slices.Compact(emails), 40)
	assert.Len(t, srv.Requests(), 80)
}

func TestSetFaults(t *testing.T) {
	srv := newServer(t)
	status, err := rawUpsert(context.Background(), srv, "a@example.com")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)

	require.NoError(t, srv.SetFaults(Faults{RateLimited: 1}))
	status, err = rawUpsert(context.Background(), srv, "b@example.com")
	require.NoError(t, err)
	assert.Equal(t, http.StatusTooManyRequests, status)

	err = srv.SetFaults(Faults{Reset: 2})
	require.EqualError(t, err, "hubspottest: WithFaults: Reset must be in [0, 1], got 2")
	status, _ = rawUpsert(context.Background(), srv, "c@example.com")
	assert.Equal(t, http.StatusTooManyRequests, status, "an invalid configuration changes nothing")

	require.NoError(t, srv.SetFaults(Faults{}))
	status, err = rawUpsert(context.Background(), srv, "d@example.com")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	assert.Len(t, srv.Contacts(), 2)
}

func TestTransportReachesTheHandlerWithoutASocket(t *testing.T) {
	srv := newServer(t, WithLatency(time.Hour))
	synctest.Test(t, func(t *testing.T) {
		client := &http.Client{Transport: srv.Transport()}
		body := `{"inputs":[{"id":"a@example.com","idProperty":"email","properties":{"firstname":"A"}}]}`
		req, err := http.NewRequest(http.MethodPost, srv.URL+upsertPath, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+srv.Token)
		start := time.Now()
		res, err := client.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Equal(t, time.Hour, time.Since(start), "the latency ran on the bubble's fake clock")
	})
	_, ok := srv.Contact("a@example.com")
	assert.True(t, ok)
}
