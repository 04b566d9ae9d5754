package hubspot

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

func TestParseRate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	unknown := Rate{Max: -1, Remaining: -1, Daily: -1, DailyRemaining: -1}
	tests := []struct {
		name   string
		header http.Header
		prev   Rate
		want   Rate
		seen   bool
	}{
		{"none", http.Header{}, unknown, unknown, false},
		{"all", http.Header{
			"X-Hubspot-Ratelimit-Max":                   {"100"},
			"X-Hubspot-Ratelimit-Remaining":             {"97"},
			"X-Hubspot-Ratelimit-Interval-Milliseconds": {"10000"},
			"X-Hubspot-Ratelimit-Daily":                 {"250000"},
			"X-Hubspot-Ratelimit-Daily-Remaining":       {"249000"},
		}, unknown, Rate{100, 97, 10 * time.Second, 250000, 249000, now}, true},
		{"partial keeps the rest", http.Header{"X-Hubspot-Ratelimit-Remaining": {"5"}},
			Rate{100, 50, time.Second, 9, 8, now.Add(-time.Hour)}, Rate{100, 5, time.Second, 9, 8, now}, true},
		{"malformed ignored", http.Header{"X-Hubspot-Ratelimit-Max": {"lots"}, "X-Hubspot-Ratelimit-Interval-Milliseconds": {"-5"}},
			unknown, unknown, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, seen := parseRate(tc.header, tc.prev, now)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.seen, seen)
		})
	}
}

func TestSlowdown(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 10, 0, time.UTC)
	tests := []struct {
		name string
		r    Rate
		want time.Duration
	}{
		{"unknown", Rate{Max: -1, Remaining: -1}, 0},
		{"budget left", Rate{Max: 100, Remaining: 3, Interval: 10 * time.Second, Observed: now}, 0},
		{"spent: one slot", Rate{Max: 100, Remaining: 0, Interval: 10 * time.Second, Observed: now}, 100 * time.Millisecond},
		{"spent, but a full window is normal at a small budget", Rate{Max: 10, Remaining: 0, Interval: time.Second, Observed: now}, 0},
		{"spent but stale", Rate{Max: 100, Remaining: 0, Interval: 10 * time.Second, Observed: now.Add(-11 * time.Second)}, 0},
		{"no interval", Rate{Max: 100, Remaining: 0, Observed: now}, 0},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, slowdown(tc.r, now), tc.name)
	}
}

func TestLimitersSpreadTheBudget(t *testing.T) {
	t.Parallel()
	interval, daily, search := Limits{PerInterval: 100, Interval: 10 * time.Second, Daily: 86400, SearchPerSecond: 5}.limiters()
	require.NotNil(t, interval)
	require.NotNil(t, daily)
	require.NotNil(t, search)
	assert.Equal(t, 1, interval.Burst(), "no bursts: a rolling window never sees more than its budget")
	assert.InDelta(t, 9.5, float64(interval.Limit()), 1e-9)
	assert.InDelta(t, 1.0, float64(daily.Limit()), 1e-9)
	assert.Equal(t, 86400, daily.Burst())
	assert.InDelta(t, 4.75, float64(search.Limit()), 1e-9)

	// Driven with explicit times: in any 10 s window the interval limiter
	// admits at most PaceFactor × 100 requests.
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	admitted := 0
	for ms := 0; ms < 10_000; ms++ {
		if interval.AllowN(start.Add(time.Duration(ms)*time.Millisecond), 1) {
			admitted++
		}
	}
	assert.Equal(t, 95, admitted)

	i2, d2, s2 := Unlimited().limiters()
	assert.Equal(t, []*rate.Limiter{nil, nil, nil}, []*rate.Limiter{i2, d2, s2})
}

func TestRateSnapshotFromResponses(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.mux.HandleFunc("GET /crm/v3/properties/contacts", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-HubSpot-RateLimit-Max", "190")
		w.Header().Set("X-HubSpot-RateLimit-Remaining", "189")
		w.Header().Set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
		writeJSON(w, 200, `{"results":[]}`)
	})
	h.mux.HandleFunc("POST /crm/v3/objects/contacts/search", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-HubSpot-RateLimit-Remaining", "1") // ignored: search has its own budget
		writeJSON(w, 200, `{"total":0,"results":[]}`)
	})
	_, err := h.client.Properties.List(context.Background(), "contacts")
	require.NoError(t, err)
	_, err = h.client.Contacts.Search(context.Background(), SearchRequest{})
	require.NoError(t, err)
	r := h.client.Rate()
	assert.False(t, r.Observed.IsZero())
	r.Observed = time.Time{}
	assert.Equal(t, Rate{Max: 190, Remaining: 189, Interval: 10 * time.Second, Daily: -1, DailyRemaining: -1}, r)
	assert.Equal(t, 10*time.Second, h.client.windowInterval())
}

func TestPaceHonoursContext(t *testing.T) {
	t.Parallel()
	c, err := New("t", WithLimits(Limits{PerInterval: 1, Interval: time.Hour, SearchPerSecond: 1}))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	require.NoError(t, c.pace(ctx, false), "the first token is free")
	assert.Error(t, c.pace(ctx, false), "the second would wait an hour: refused at once")
	require.NoError(t, c.pace(ctx, true))
	cancel()
	assert.ErrorIs(t, c.pace(ctx, true), context.Canceled)
}
