package main

import (
	"net/http"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// TestTasksAt10000ContactsDrawNoSearch429 runs the job with -tasks for
// 10,000 customers against a HubSpot that allows 5 searches a second, on a
// fake clock: the tier's search budget paces the task searches, so HubSpot
// never refuses one.
func TestTasksAt10000ContactsDrawNoSearch429(t *testing.T) {
	positions, identities := writeManyCustomers(t, 10_000)
	// The server lives outside the bubble (its listener would keep the fake
	// clock from advancing); it is reached only through handlerTransport,
	// so its clock reads are made by goroutines of the bubble: fake time.
	srv := hubspottest.NewServer(hubspottest.WithSearchLimit(5), hubspottest.WithOwners(sampleOwner))
	defer srv.Close()
	synctest.Test(t, func(t *testing.T) {
		env := map[string]string{"HUBSPOT_ACCESS_TOKEN": srv.Token, "HUBSPOT_BASE_URL": srv.URL}
		r := runJobEnv(t, env, func(j *job) {
			j.Transport = srv.Transport()
			j.RetryBase = 0 // the real backoff: the clock is fake
		}, "-positions", positions, "-identities", identities, "-as-of", "2026-02-13", "-tasks",
			"-tier", "professional", "-owner-fallback", sampleOwner.ID)
		require.Equal(t, exitOK, r.code, r.stderr)
		searches, refused := 0, 0
		for _, req := range srv.Requests() {
			if req.Method == http.MethodPost && len(req.Path) > 7 && req.Path[len(req.Path)-7:] == "/search" {
				searches++
				if req.Status == http.StatusTooManyRequests {
					refused++
				}
			}
		}
		require.Positive(t, searches)
		assert.Zero(t, refused, "searches refused with 429 out of %d", searches)
		assert.Len(t, srv.Tasks(), 10_000)
		assert.Contains(t, r.stdout, "429s seen                   0")
	})
}
