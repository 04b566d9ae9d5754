package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
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

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// inProcess serves requests with a hubspottest.Server's handler in the
// calling goroutine, without a network, so that a synctest bubble can run
// the client. hold may delay the answer of a request the server already
// applied, on the bubble's fake clock; the request's context ends the wait
// with an error, as a connection cut after the server acted would.
type inProcess struct {
	srv *hubspottest.Server

	mu   sync.Mutex
	hold func(path string, body []byte) time.Duration
}

func (t *inProcess) setHold(f func(path string, body []byte) time.Duration) {
	t.mu.Lock()
	t.hold = f
	t.mu.Unlock()
}

func (t *inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			return nil, err
		}
		_ = r.Body.Close()
	}
	in := r.Clone(r.Context())
	in.Body = io.NopCloser(bytes.NewReader(body))
	rec := httptest.NewRecorder()
	t.srv.ServeHTTP(rec, in)
	t.mu.Lock()
	hold := t.hold
	t.mu.Unlock()
	if hold != nil {
		if d := hold(r.URL.Path, body); d > 0 {
			timer := time.NewTimer(d)
			defer timer.Stop()
			select {
			case <-timer.C:
			case <-r.Context().Done():
				return nil, r.Context().Err()
			}
		}
	}
	return rec.Result(), nil
}

// inputIDs returns the ids of a batch request body.
func inputIDs(t *testing.T, body []byte) []string {
	var req struct {
		Inputs []struct {
			ID string `json:"id"`
		} `json:"inputs"`
	}
	require.NoError(t, json.Unmarshal(body, &req))
	ids := make([]string, len(req.Inputs))
	for i, in := range req.Inputs {
		ids[i] = in.ID
	}
	return ids
}

// snapshot maps each contact's e-mail to its managed properties.
func snapshot(srv *hubspottest.Server) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, c := range srv.Contacts() {
		out[c.Properties["email"]] = map[string]string{propAmount: c.Properties[propAmount], propNext: c.Properties[propNext]}
	}
	return out
}

// A run cancelled while its third batch is in flight: the state claims
// exactly what HubSpot confirmed, the rest is pending, and a rerun ends
// with the HubSpot state of a clean run.
func TestContactSyncCancelledMidRun(t *testing.T) {
	t.Parallel()
	const n = 120
	recs := make([]SyncRecord, n)
	for i := range recs {
		recs[i] = contact(fmt.Sprintf("c%03d@x.com", i), fmt.Sprint(i+1))
	}
	cleanSrv, cleanClient := newFake(t)
	run(t, newSync(t, cleanClient, syncConfig(SyncUpsert, destination.NewMemoryStore())), recs...)
	clean := snapshot(cleanSrv)
	require.Len(t, clean, n)

	tests := []struct {
		name      string
		hold      time.Duration // how long HubSpot's answer to the third batch takes
		confirmed bool          // whether that answer comes within the grace period
	}{
		{"answer within the grace period", 5 * time.Second, true},
		{"answer after the grace period", time.Hour, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := hubspottest.NewServer() // outside the bubble: it listens on a socket
			t.Cleanup(srv.Close)
			synctest.Test(t, func(t *testing.T) {
				tr := &inProcess{srv: srv}
				c, err := New(srv.Token, WithBaseURL(srv.URL), WithLimits(Unlimited()), WithHTTPClient(&http.Client{Transport: tr}),
					WithRetry(Retry{MaxAttempts: 3, BaseBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond}))
				require.NoError(t, err)
				store := destination.NewMemoryStore()
				cfg := syncConfig(SyncUpsert, store)
				cfg.BatchSize, cfg.Parallelism, cfg.QueueSize = 20, 1, 20
				s := newSync(t, c, cfg)

				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				var held []string
				batches := 0
				tr.setHold(func(path string, body []byte) time.Duration {
					if !strings.HasSuffix(path, "/batch/upsert") {
						return 0
					}
					if batches++; batches != 3 {
						return 0
					}
					held = inputIDs(t, body)
					cancel() // the operator presses Ctrl-C while HubSpot works on it
					return tc.hold
				})
				rep, err := s.Run(ctx, slices.Values(recs))
				require.ErrorIs(t, err, context.Canceled)
				require.Len(t, held, 20)

				assert.Positive(t, rep.Pending)
				assert.Equal(t, n, rep.Created+rep.Pending, "every record is created or pending")
				assert.Equal(t, rep.Created, len(rep.Delivered))
				assert.Equal(t, map[string]int{destination.ReasonPending: rep.Pending}, rep.Letters)
				assert.Equal(t, rep.Delivered, stateKeys(t, store), "the state claims exactly what HubSpot confirmed")
				var pending []string
				for _, dl := range rep.DeadLetters {
					pending = append(pending, dl.Key)
				}
				slices.Sort(pending)
				all := slices.Sorted(slices.Values(append(slices.Clone(rep.Delivered), pending...)))
				assert.Equal(t, n, len(slices.Compact(all)), "delivered and pending are disjoint and cover the input")
				for _, k := range held {
					_, onServer := srv.Contact(k)
					assert.True(t, onServer, "HubSpot applied %s", k)
					assert.Equal(t, tc.confirmed, slices.Contains(rep.Delivered, k), "%s confirmed", k)
				}

				tr.setHold(nil)
				again, err := s.Run(context.Background(), slices.Values(recs))
				require.NoError(t, err)
				unconfirmed := 0
				if !tc.confirmed {
					unconfirmed = len(held)
				}
				assert.Equal(t, counts{Records: n, Created: n - rep.Created - unconfirmed, Updated: unconfirmed, Unchanged: rep.Created,
					Delivered: again.Delivered}, countsOf(t, again))
				assert.Equal(t, clean, snapshot(srv), "the rerun ends where a clean run does")
				assert.Len(t, stateKeys(t, store), n)
			})
		})
	}
}
