package hubspot

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// TestPacing upserts 2,000 contacts against an in-memory HubSpot limited to
// 40 requests per 2 s (HubSpot's 100 per 10 s scaled down) and checks that
// the client never gets a 429 and that the run takes the ideal time within
// 10%. This test measures wall time by design; the ideal is computed from the
// limiter's own spacing (PaceFactor of the budget, one request per slot),
// and the result is also checked against calls ÷ limit. It does not run in
// parallel with the package's other tests, so that their load does not skew
// the arrival times the server's rolling window sees.
func TestPacing(t *testing.T) {
	const (
		contacts  = 2000
		perCall   = 25 // 80 calls: two windows at the limit
		perWindow = 40
		window    = 2 * time.Second
		workers   = 4
	)
	srv := hubspottest.NewServer(hubspottest.WithRateLimit(perWindow, window))
	t.Cleanup(srv.Close)
	c, err := New(srv.Token, WithBaseURL(srv.URL), WithLimits(Limits{PerInterval: perWindow, Interval: window}))
	require.NoError(t, err)

	calls := contacts / perCall
	jobs := make(chan []UpsertInput)
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for in := range jobs {
				out, err := c.Contacts.BatchUpsert(context.Background(), "email", in)
				if err != nil {
					errs <- err
					continue
				}
				for _, r := range out {
					if r.Err != nil {
						errs <- r.Err
					}
				}
			}
		}()
	}
	for i := range calls {
		in := make([]UpsertInput, perCall)
		for j := range in {
			in[j] = UpsertInput{ID: fmt.Sprintf("c%04d@x.com", i*perCall+j), Properties: Properties{"firstname": cdp.StringValue("N")}}
		}
		jobs <- in
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		t.Errorf("upsert: %v", err)
	}

	if srv.Count429() > 0 { // show the arrival times the server saw
		reqs := srv.Requests()
		t0 := reqs[0].Time
		for _, r := range reqs {
			t.Logf("%8.1fms %d", float64(r.Time.Sub(t0).Microseconds())/1000, r.Status)
		}
	}
	assert.Zero(t, srv.Count429(), "a paced run sees no 429")
	assert.Len(t, srv.Contacts(), contacts)
	// The limiter admits the first call at once, then one per slot.
	w := float64(window)
	slot := time.Duration(w / perWindow / PaceFactor)
	ideal := time.Duration(calls-1) * slot
	t.Logf("%d calls in %v; ideal %v (%d per %v at %.0f%%); calls ÷ limit = %v", calls, elapsed, ideal, perWindow, window, PaceFactor*100, time.Duration(calls)*window/perWindow)
	assert.InDelta(t, float64(ideal), float64(elapsed), 0.10*float64(ideal), "within 10%% of the limiter's ideal %v, took %v", ideal, elapsed)
	nominal := time.Duration(calls) * window / perWindow
	assert.InDelta(t, float64(nominal), float64(elapsed), 0.10*float64(nominal), "within 10%% of calls ÷ limit = %v, took %v", nominal, elapsed)
}
