package hubspot

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// The pacing tests run in a synctest bubble: time is fake, advancing only
// when every goroutine of the test waits, so elapsed times are exact and no
// test depends on the machine's speed. Requests reach the in-memory HubSpot
// through handlerTransport, without sockets (a goroutine blocked on a
// socket would keep the bubble's clock from moving).

// handlerTransport serves requests with a handler, in the caller's goroutine.
func handlerTransport(h http.Handler) http.RoundTripper { return hubspottest.HandlerTransport(h) }

// bubbleClient returns a client of srv for use inside a synctest bubble.
func bubbleClient(t *testing.T, srv *hubspottest.Server, opts ...Option) *Client {
	t.Helper()
	all := append([]Option{WithBaseURL("http://hubspot.invalid"),
		WithHTTPClient(&http.Client{Transport: srv.Transport()})}, opts...)
	c, err := New(srv.Token, all...)
	require.NoError(t, err)
	return c
}

// upsertAll upserts calls batches of perCall contacts with workers
// goroutines and returns the errors.
func upsertAll(c *Client, calls, perCall, workers int) []error {
	jobs := make(chan []UpsertInput)
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for in := range jobs {
				out, err := c.Contacts.BatchUpsert(context.Background(), "email", in)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				}
				for _, r := range out {
					if r.Err != nil {
						errs = append(errs, r.Err)
					}
				}
				mu.Unlock()
			}
		})
	}
	for i := range calls {
		in := make([]UpsertInput, perCall)
		for j := range in {
			in[j] = UpsertInput{ID: fmt.Sprintf("c%05d@example.com", i*perCall+j), Properties: Properties{"firstname": cdp.StringValue("N")}}
		}
		jobs <- in
	}
	close(jobs)
	wg.Wait()
	return errs
}

// answers counts the server's answers by status.
func answers(srv *hubspottest.Server) map[int]int {
	m := map[int]int{}
	for _, r := range srv.Requests() {
		m[r.Status]++
	}
	return m
}

// TestPacingMatchesTheBudget upserts 2,000 contacts (80 calls) with four
// workers against a server allowing 40 requests per 2 s, the client being
// given the same budget: no 429, and the run takes the limiter's ideal time
// (one call per slot of 2 s ÷ 40 ÷ PaceFactor), within 10% of calls ÷ limit.
func TestPacingMatchesTheBudget(t *testing.T) {
	srv := hubspottest.NewServer(hubspottest.WithRateLimit(40, 2*time.Second))
	t.Cleanup(srv.Close)
	synctest.Test(t, func(t *testing.T) {
		c := bubbleClient(t, srv, WithLimits(Limits{PerInterval: 40, Interval: 2 * time.Second}))
		const calls = 80
		start := time.Now()
		assert.Empty(t, upsertAll(c, calls, 25, 4))
		elapsed := time.Since(start)

		assert.Equal(t, map[int]int{200: calls}, answers(srv), "a paced run sees no 429")
		assert.Len(t, srv.Contacts(), 2000)
		w := newWindow(40, 2*time.Second)
		assert.Equal(t, time.Duration(calls-1)*w.gap(), elapsed, "one call per slot")
		nominal := calls * 2 * time.Second / 40
		assert.InDelta(t, float64(nominal), float64(elapsed), 0.10*float64(nominal), "took %v; calls ÷ limit = %v", elapsed, nominal)
	})
}

// TestPacingAdaptsToAStricterServer gives the client 100 requests per 10 s
// against a server allowing 5: it must learn the server's figure from the
// first response's headers, see at most one 429 and end within 10% of the
// server's ideal pace (calls ÷ 5 per 10 s).
func TestPacingAdaptsToAStricterServer(t *testing.T) {
	srv := hubspottest.NewServer(hubspottest.WithRateLimit(5, 10*time.Second))
	t.Cleanup(srv.Close)
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		kinds := map[WaitKind]int{}
		c := bubbleClient(t, srv, WithLimits(FreeLimits()), WithWaitObserver(func(w Wait) {
			mu.Lock()
			kinds[w.Kind]++
			mu.Unlock()
		}))
		const calls = 150
		start := time.Now()
		assert.Empty(t, upsertAll(c, calls, 1, 4))
		elapsed := time.Since(start)

		got := answers(srv)
		t.Logf("%d calls in %v; answers %v; waits %v", calls, elapsed, got, kinds)
		assert.LessOrEqual(t, got[429], 1, "at most one 429")
		assert.Equal(t, calls, got[200])
		assert.Equal(t, 5, c.Pacing().PerInterval, "paced to the server's figure")
		ideal := time.Duration(calls) * 10 * time.Second / 5
		assert.InDelta(t, float64(ideal), float64(elapsed), 0.10*float64(ideal), "took %v; ideal %v", elapsed, ideal)
		assert.Positive(t, kinds[WaitPacing], "the pacing waits were reported")
	})
}

// TestPacingLeavesRoomForOtherIntegrations runs the client, given the whole
// budget of 100 per 10 s, while another integration of the same app sends 4
// requests a second on its own: the client must learn from the headers that
// only about 60 are left for it and slow down before the 429s, not after.
func TestPacingLeavesRoomForOtherIntegrations(t *testing.T) {
	srv := hubspottest.NewServer(hubspottest.WithRateLimit(100, 10*time.Second))
	t.Cleanup(srv.Close)
	synctest.Test(t, func(t *testing.T) {
		other := &http.Client{Transport: srv.Transport()}
		stop := make(chan struct{})
		var otherWG sync.WaitGroup
		otherWG.Go(func() {
			tick := time.NewTicker(250 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
				}
				req, _ := http.NewRequest("GET", "http://hubspot.invalid/crm/v3/owners", nil)
				req.Header.Set("Authorization", "Bearer "+srv.Token)
				if resp, err := other.Do(req); err == nil {
					_ = resp.Body.Close()
				}
			}
		})
		time.Sleep(10 * time.Second) // the other integration fills its part of the window

		c := bubbleClient(t, srv, WithLimits(FreeLimits()))
		const calls = 300
		start := time.Now()
		assert.Empty(t, upsertAll(c, calls, 1, 4))
		elapsed := time.Since(start)
		close(stop)
		otherWG.Wait()

		ours := map[int]int{}
		for _, r := range srv.Requests() {
			if r.Method == "POST" {
				ours[r.Status]++
			}
		}
		t.Logf("%d calls in %v; our answers %v; all answers %v; pacing to %d", calls, elapsed, ours, answers(srv), c.Pacing().PerInterval)
		assert.LessOrEqual(t, ours[429], 1, "slowed down before the 429s")
		assert.Equal(t, calls, ours[200])
		// 60 per 10 s are left; at PaceFactor the client uses about 57.
		fair := time.Duration(calls) * 10 * time.Second / 60
		assert.InDelta(t, float64(fair), float64(elapsed), 0.15*float64(fair), "took %v; the share left is %v", elapsed, fair)
	})
}

// TestPacingSearches sends 140 searches with four workers against a server
// allowing 5 searches a second, the client being given SearchPerSecond 5:
// no 429, at about the server's pace.
func TestPacingSearches(t *testing.T) {
	srv := hubspottest.NewServer(hubspottest.WithSearchLimit(5))
	t.Cleanup(srv.Close)
	synctest.Test(t, func(t *testing.T) {
		c := bubbleClient(t, srv, WithLimits(Limits{SearchPerSecond: 5}))
		const searches = 140
		start := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, searches)
		jobs := make(chan int)
		for range 4 {
			wg.Go(func() {
				for range jobs {
					if _, err := c.Contacts.Search(context.Background(), SearchRequest{}); err != nil {
						errs <- err
					}
				}
			})
		}
		for i := range searches {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("search: %v", err)
		}
		elapsed := time.Since(start)
		assert.Equal(t, map[int]int{200: searches}, answers(srv), "no 429")
		ideal := time.Duration(searches) * time.Second / 5
		assert.InDelta(t, float64(ideal), float64(elapsed), 0.10*float64(ideal), "took %v; ideal %v", elapsed, ideal)
	})
}
