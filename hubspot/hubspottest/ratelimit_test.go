package hubspottest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rateHeaders extracts the rate-limit headers ("" when absent).
func rateHeaders(h http.Header) [5]string {
	return [5]string{
		h.Get("X-HubSpot-RateLimit-Max"), h.Get("X-HubSpot-RateLimit-Remaining"), h.Get("X-HubSpot-RateLimit-Interval-Milliseconds"),
		h.Get("X-HubSpot-RateLimit-Daily"), h.Get("X-HubSpot-RateLimit-Daily-Remaining"),
	}
}

func TestRateHeadersAnd429TenSecondly(t *testing.T) {
	clock := newClock()
	srv := newServer(t, WithClock(clock.now), WithRateLimit(3, 10*time.Second), WithDailyLimit(1000))
	get := func() resp { return do(t, srv, "GET", "/crm/v3/properties/contacts/email", nil) }

	for i, want := range []string{"2", "1", "0"} {
		if i > 0 {
			clock.advance(time.Second) // admissions at t0, t0+1s, t0+2s
		}
		r := get()
		require.Equal(t, http.StatusOK, r.status, "request %d", i)
		assert.Equal(t, [5]string{"3", want, "10000", "1000", []string{"999", "998", "997"}[i]}, rateHeaders(r.header), "request %d", i)
	}
	r := get()
	require.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, [5]string{"3", "0", "10000", "1000", "997"}, rateHeaders(r.header))
	var e tError
	r.into(t, &e)
	assert.Equal(t, tError{Status: "error", Message: "You have reached your ten_secondly_rolling limit.", ErrorType: "RATE_LIMIT",
		PolicyName: "TEN_SECONDLY_ROLLING", Correlation: e.Correlation}, e)
	assert.Equal(t, "publicapi:private-app:hubspottest", r.json(t)["groupName"])

	// Rolling window: the first admission leaves it 10 s after it happened.
	clock.advance(7999 * time.Millisecond) // t0+9.999s

	assert.Equal(t, http.StatusTooManyRequests, get().status)
	clock.advance(time.Millisecond)
	r = get()
	assert.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, [5]string{"3", "0", "10000", "1000", "996"}, rateHeaders(r.header), "three admitted in the last 10 s again")
	clock.advance(time.Second) // t0+11s: the admission at t0+1s has left too
	r = get()
	assert.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, [5]string{"3", "0", "10000", "1000", "995"}, rateHeaders(r.header))
	assert.Equal(t, http.StatusTooManyRequests, get().status)
	assert.Equal(t, 3, srv.Count429())
}

func TestNoRateHeadersWithoutLimits(t *testing.T) {
	srv := newServer(t)
	r := do(t, srv, "GET", "/crm/v3/properties/contacts", nil)
	assert.Equal(t, [5]string{}, rateHeaders(r.header))
}

func TestDailyLimit(t *testing.T) {
	clock := newClock()
	srv := newServer(t, WithClock(clock.now), WithDailyLimit(2))
	get := func() resp { return do(t, srv, "GET", "/crm/v3/properties/contacts/email", nil) }
	assert.Equal(t, http.StatusOK, get().status)
	search := do(t, srv, "POST", "/crm/v3/objects/contacts/search", map[string]any{})
	assert.Equal(t, http.StatusOK, search.status, "search counts toward the daily quota")
	r := get()
	require.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, [5]string{"", "", "", "2", "0"}, rateHeaders(r.header))
	var e tError
	r.into(t, &e)
	assert.Equal(t, tError{Status: "error", Message: "You have reached your daily limit.", ErrorType: "RATE_LIMIT",
		PolicyName: "DAILY", Correlation: e.Correlation}, e)
	assert.Equal(t, http.StatusTooManyRequests, do(t, srv, "POST", "/crm/v3/objects/contacts/search", map[string]any{}).status)

	clock.advance(12 * time.Hour) // 2026-03-03T00:00Z: a new UTC day
	r = get()
	assert.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, [5]string{"", "", "", "2", "1"}, rateHeaders(r.header))
}

func TestSearchLimit(t *testing.T) {
	clock := newClock()
	srv := newServer(t, WithClock(clock.now), WithSearchLimit(2), WithRateLimit(100, 10*time.Second))
	search := func() resp { return do(t, srv, "POST", "/crm/v3/objects/contacts/search", map[string]any{}) }
	for range 2 {
		r := search()
		require.Equal(t, http.StatusOK, r.status)
		assert.Equal(t, [5]string{}, rateHeaders(r.header), "no rate headers on search")
	}
	r := search()
	require.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, [5]string{}, rateHeaders(r.header))
	var e tError
	r.into(t, &e)
	assert.Equal(t, tError{Status: "error", Message: "You have reached your secondly limit.", ErrorType: "RATE_LIMIT",
		PolicyName: "SECONDLY", Correlation: e.Correlation}, e)

	g := do(t, srv, "GET", "/crm/v3/properties/contacts", nil)
	assert.Equal(t, [5]string{"100", "99", "10000", "", ""}, rateHeaders(g.header), "searches do not use the ten-secondly budget")

	clock.advance(time.Second)
	assert.Equal(t, http.StatusOK, search().status)
}
