package hubspot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewValidatesOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		token string
		opts  []Option
		field string
	}{
		{"empty token", "", nil, "token"},
		{"blank token", "  ", nil, "token"},
		{"token with newline", "abc\ndef", nil, "token"},
		{"relative base URL", "t", []Option{WithBaseURL("api.hubapi.com")}, "BaseURL"},
		{"ftp base URL", "t", []Option{WithBaseURL("ftp://x")}, "BaseURL"},
		{"base URL with query", "t", []Option{WithBaseURL("https://x/?a=1")}, "BaseURL"},
		{"base URL with user", "t", []Option{WithBaseURL("https://u:p@x/")}, "BaseURL"},
		{"nil http client", "t", []Option{WithHTTPClient(nil)}, "HTTPClient"},
		{"negative per interval", "t", []Option{WithLimits(Limits{PerInterval: -1})}, "Limits.PerInterval"},
		{"negative interval", "t", []Option{WithLimits(Limits{PerInterval: 1, Interval: -time.Second})}, "Limits.Interval"},
		{"interval without budget", "t", []Option{WithLimits(Limits{Interval: time.Second})}, "Limits.Interval"},
		{"negative daily", "t", []Option{WithLimits(Limits{Daily: -5})}, "Limits.Daily"},
		{"negative search", "t", []Option{WithLimits(Limits{SearchPerSecond: -1})}, "Limits.SearchPerSecond"},
		{"negative attempts", "t", []Option{WithRetry(Retry{MaxAttempts: -1})}, "Retry.MaxAttempts"},
		{"negative base backoff", "t", []Option{WithRetry(Retry{BaseBackoff: -1})}, "Retry.BaseBackoff"},
		{"negative max backoff", "t", []Option{WithRetry(Retry{MaxBackoff: -1})}, "Retry.MaxBackoff"},
		{"base above max", "t", []Option{WithRetry(Retry{BaseBackoff: time.Second, MaxBackoff: time.Millisecond})}, "Retry.BaseBackoff"},
		{"negative attempt timeout", "t", []Option{WithRetry(Retry{AttemptTimeout: -time.Second})}, "Retry.AttemptTimeout"},
		{"negative max elapsed", "t", []Option{WithRetry(Retry{MaxElapsed: -time.Second})}, "Retry.MaxElapsed"},
		{"nil reset zone", "t", []Option{WithDailyReset(nil)}, "DailyReset"},
		{"empty user agent", "t", []Option{WithUserAgent(" ")}, "UserAgent"},
		{"nil option", "t", []Option{nil}, "option 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := New(tc.token, tc.opts...)
			assert.Nil(t, c)
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.field, ce.Field)
		})
	}
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	c, err := New("t")
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, c.base.String())
	assert.Equal(t, FreeLimits(), c.Limits())
	assert.Equal(t, FreeLimits(), c.Pacing())
	assert.Equal(t, Retry{MaxAttempts: DefaultMaxAttempts, BaseBackoff: DefaultBaseBackoff, MaxBackoff: DefaultMaxBackoff,
		AttemptTimeout: DefaultAttemptTimeout, MaxElapsed: DefaultMaxElapsed}, c.retry)
	assert.Equal(t, Rate{Max: -1, Remaining: -1, Daily: -1, DailyRemaining: -1}, c.Rate())
	require.NotNil(t, c.interval)
	require.NotNil(t, c.search)
	assert.Equal(t, []int{100, 5}, []int{c.interval.limit, c.search.limit})
	assert.Equal(t, 250_000, c.dailyBudget.limit)
	assert.Equal(t, DailyProbeInterval, c.dailyBudget.probe, "the account's zone is a guess: probe")
	assert.Equal(t, time.Duration(0), c.hc.Timeout, "attempts are bounded by Retry.AttemptTimeout")
	assert.True(t, c.DailySpentUntil().IsZero())

	u, err := New("t", WithLimits(Unlimited()), WithDailyReset(time.UTC), WithRetry(NoRetry()))
	require.NoError(t, err)
	assert.Nil(t, u.interval)
	assert.Nil(t, u.search)
	assert.Equal(t, []any{0, time.UTC, time.Duration(0)}, []any{u.dailyBudget.limit, u.dailyBudget.loc, u.dailyBudget.probe}, "a known zone: no probes")
	assert.Equal(t, 1, u.retry.MaxAttempts)
}

func TestWithHTTPClientCopies(t *testing.T) {
	t.Parallel()
	hc := &http.Client{Timeout: time.Second}
	c, err := New("t", WithHTTPClient(hc))
	require.NoError(t, err)
	assert.NotSame(t, hc, c.hc)
	c.hc.Timeout = time.Hour
	assert.Equal(t, time.Second, hc.Timeout, "the caller's client must not change")
}

func TestLimitPresets(t *testing.T) {
	t.Parallel()
	assert.Equal(t, Limits{100, 10 * time.Second, 250_000, 5}, FreeLimits())
	assert.Equal(t, Limits{190, 10 * time.Second, 625_000, 5}, ProfessionalLimits())
	assert.Equal(t, Limits{190, 10 * time.Second, 1_000_000, 5}, EnterpriseLimits())
	assert.Equal(t, Limits{250, 10 * time.Second, 2_000_000, 5}, LimitIncreaseLimits())
	assert.Equal(t, Limits{}, Unlimited())
	for _, l := range []Limits{FreeLimits(), ProfessionalLimits(), EnterpriseLimits(), LimitIncreaseLimits(), Unlimited()} {
		assert.NoError(t, l.validate(), "%+v", l)
	}
}

func TestTokenNeverLeaks(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := setup(t, WithLogger(logger))
	calls := 0
	h.mux.HandleFunc("GET /crm/v3/properties/contacts", func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			writeJSON(w, http.StatusBadGateway, `{"status":"error","message":"bad gateway"}`)
			return
		}
		writeJSON(w, http.StatusUnauthorized, `{"status":"error","message":"Authentication credentials not found.","correlationId":"c-1","category":"INVALID_AUTHENTICATION"}`)
	})
	_, err := h.client.Properties.List(context.Background(), "contacts")
	require.ErrorIs(t, err, ErrUnauthorized)
	logger.Info("client", "client", h.client)

	outputs := map[string]string{
		"error":    err.Error(),
		"logs":     logs.String(),
		"String":   h.client.String(),
		"%v":       fmt.Sprintf("%v", h.client),
		"%+v":      fmt.Sprintf("%+v", h.client),
		"%#v":      fmt.Sprintf("%#v", h.client),
		"LogValue": h.client.LogValue().String(),
	}
	for name, out := range outputs {
		assert.NotContains(t, out, testToken, name)
		assert.NotContains(t, out, "secret", name)
	}
	assert.Contains(t, logs.String(), "retrying", "the 502 retry is logged")
	assert.Contains(t, logs.String(), "[REDACTED]")
}

func TestTransportErrorHasNoToken(t *testing.T) {
	t.Parallel()
	c, err := New(testToken, WithBaseURL("http://127.0.0.1:1"), WithLimits(Unlimited()), WithRetry(Retry{MaxAttempts: 1}))
	require.NoError(t, err)
	_, err = c.Properties.List(context.Background(), "contacts")
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.NotContains(t, err.Error(), testToken)
	assert.Equal(t, "NETWORK", te.Reason())
}

func TestRequestHeadersAndPath(t *testing.T) {
	t.Parallel()
	h := setup(t, WithUserAgent("warren-cdp/2"))
	h.mux.HandleFunc("GET /crm/v3/objects/contacts/{id}", func(w http.ResponseWriter, r *http.Request) {
		checkAuth(t, r)
		assert.Equal(t, "warren-cdp/2", r.Header.Get("User-Agent"))
		assert.Equal(t, "a@b.com", r.PathValue("id"))
		assert.Equal(t, "email", r.URL.Query().Get("idProperty"))
		assert.Equal(t, "email,firstname", r.URL.Query().Get("properties"))
		writeJSON(w, 200, `{"id":"7","properties":{"email":"a@b.com","firstname":"Ana"}}`)
	})
	o, err := h.client.Contacts.Get(context.Background(), "a@b.com", "email", []string{"email", "firstname"})
	require.NoError(t, err)
	assert.Equal(t, Object{ID: "7", Properties: map[string]string{"email": "a@b.com", "firstname": "Ana"}}, o)
}

func TestDecodeErrorNotRetried(t *testing.T) {
	t.Parallel()
	h := setup(t)
	calls := 0
	h.mux.HandleFunc("GET /crm/v3/properties/contacts", func(w http.ResponseWriter, r *http.Request) {
		calls++
		writeJSON(w, 200, `{"results": [`)
	})
	_, err := h.client.Properties.List(context.Background(), "contacts")
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 1, calls)
	assert.Equal(t, "BAD_RESPONSE", de.Reason())
	assert.True(t, errors.Unwrap(de) != nil)
}
