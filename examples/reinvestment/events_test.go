package main

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// eventSummary lists the events HubSpot counted, as "uuid position
// maturity payment amount", sorted.
func eventSummary(srv *hubspottest.Server) []string {
	var out []string
	for _, e := range srv.Events() {
		out = append(out, e.UUID+" "+e.Email+" "+e.Properties["maturity_date"]+" "+e.Properties["payment_date"]+" "+e.Properties["amount"])
	}
	sort.Strings(out)
	return out
}

func TestExpiryEventOncePerPositionAcrossRerunsAndFaults(t *testing.T) {
	clean := hubspottest.NewServer()
	defer clean.Close()
	r := runJob(t, clean, "-events", "pe123_cdp_expiry_detected")
	require.Equal(t, exitOK, r.code, r.stderr)
	want := eventSummary(clean)
	// 38 due positions, 3 of them held by the two persons without e-mail.
	require.Len(t, want, 35)
	assert.Contains(t, r.stdout, "expiry events sent          35")
	for _, e := range clean.Events() {
		assert.Equal(t, "pe123_cdp_expiry_detected", e.EventName)
	}

	again := runJob(t, clean, "-events", "pe123_cdp_expiry_detected")
	require.Equal(t, exitOK, again.code, again.stderr)
	assert.Equal(t, want, eventSummary(clean), "a rerun of the same day adds no event")

	for seed := int64(1); seed <= 3; seed++ {
		faulty := hubspottest.NewServer(hubspottest.WithFaults(hubspottest.Faults{ServerError: 0.15, Reset: 0.05, ApplyThenFail: 0.1, Seed: seed}))
		r := runJob(t, faulty, "-events", "pe123_cdp_expiry_detected")
		if r.code != exitOK { // out of retries: the rerun completes the work
			r = runJob(t, faulty, "-events", "pe123_cdp_expiry_detected")
		}
		require.Equal(t, exitOK, r.code, "seed %d: %s", seed, r.stderr)
		assert.Equal(t, want, eventSummary(faulty), "seed %d: every event once", seed)
		faulty.Close()
	}
}

func TestEventsFlagNeedsAQualifiedName(t *testing.T) {
	r := runJob(t, nil, "-events", "Expiry Detected")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "pe<portal id>_<name>")
}
