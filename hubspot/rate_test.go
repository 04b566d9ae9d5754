package hubspot

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	get := &request{method: "GET", path: "/x"}
	search := &request{method: "POST", path: "/s", search: true}
	_, err = c.pace(ctx, get, 1)
	require.NoError(t, err, "the first slot is free")
	_, err = c.pace(ctx, get, 1)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the second would wait an hour: refused at once")
	_, err = c.pace(ctx, search, 1)
	require.NoError(t, err)
	cancel()
	_, err = c.pace(ctx, search, 1)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestLimitsForTier(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want Limits
	}{
		{"free", FreeLimits()},
		{" Starter ", FreeLimits()},
		{"PROFESSIONAL", ProfessionalLimits()},
		{"enterprise", EnterpriseLimits()},
		{"limit-increase", LimitIncreaseLimits()},
		{"unlimited", Unlimited()},
	}
	for _, tc := range tests {
		got, err := LimitsForTier(tc.name)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, got, tc.name)
	}
	for _, name := range Tiers() {
		_, err := LimitsForTier(name)
		assert.NoError(t, err, name)
	}
	_, err := LimitsForTier("gold")
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, ConfigError{Field: "tier", Reason: `unknown tier "gold"; want one of free, starter, professional, enterprise, limit-increase, unlimited`}, *ce)
}

func TestLimitsDivide(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		l     Limits
		n     int
		want  Limits
		field string // of the ConfigError, when one is expected
	}{
		{"one process keeps all", FreeLimits(), 1, FreeLimits(), ""},
		{"free by 4", FreeLimits(), 4, Limits{25, 10 * time.Second, 62_500, 1}, ""},
		{"professional by 3 rounds down", ProfessionalLimits(), 3, Limits{63, 10 * time.Second, 208_333, 1}, ""},
		{"unlimited stays unlimited", Unlimited(), 7, Unlimited(), ""},
		{"search cannot go below one a second", FreeLimits(), 6, Limits{}, "Limits.SearchPerSecond"},
		{"per interval too small", Limits{PerInterval: 2}, 3, Limits{}, "Limits.PerInterval"},
		{"daily too small", Limits{Daily: 2}, 3, Limits{}, "Limits.Daily"},
		{"zero processes", FreeLimits(), 0, Limits{}, "Divide"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := tc.l.Divide(tc.n)
			if tc.field != "" {
				var ce *ConfigError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tc.field, ce.Field)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.NoError(t, got.validate())
		})
	}
}
