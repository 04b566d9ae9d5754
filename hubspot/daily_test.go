package hubspot

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

func TestNextMidnight(t *testing.T) {
	t.Parallel()
	saoPaulo := time.FixedZone("UTC-3", -3*3600)
	utc5 := time.FixedZone("UTC-5", defaultResetOffset)
	tests := []struct {
		name string
		t    time.Time
		loc  *time.Location
		want time.Time
	}{
		{"UTC", time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC), time.UTC, time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)},
		{"at midnight: the next one", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), time.UTC, time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)},
		{"Brazil", time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC), saoPaulo, time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)},
		{"UTC-5 after Brazil's", time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC), utc5, time.Date(2026, 3, 2, 5, 0, 0, 0, time.UTC)},
		{"end of month", time.Date(2026, 2, 28, 12, 0, 0, 0, time.UTC), time.UTC, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		assert.True(t, tc.want.Equal(nextMidnight(tc.t, tc.loc)), "%s: got %v", tc.name, nextMidnight(tc.t, tc.loc))
	}
}

// refusedFor returns the RetryAfter of a local daily refusal, failing the
// test for any other error.
func refusedFor(t *testing.T, err error) time.Duration {
	t.Helper()
	var rl *RateLimitError
	require.ErrorAs(t, err, &rl)
	require.ErrorIs(t, err, ErrDailyLimit)
	require.True(t, rl.Local)
	return rl.RetryAfter
}

func TestDailyBudgetCountsPerDay(t *testing.T) {
	t.Parallel()
	d := &dailyBudget{limit: 2, loc: time.UTC}
	now := time.Date(2026, 3, 2, 22, 0, 0, 0, time.UTC)
	for range 2 {
		probe, err := d.take(now)
		require.NoError(t, err)
		assert.False(t, probe)
	}
	_, err := d.take(now)
	assert.Equal(t, 2*time.Hour, refusedFor(t, err), "until the next midnight")
	d.give(now, false) // one call was not sent after all
	_, err = d.take(now)
	require.NoError(t, err)
	_, err = d.take(now.Add(2 * time.Hour))
	assert.NoError(t, err, "a new day, a new budget")
}

func TestDailyBudgetSpentSignal(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 22, 0, 0, 0, time.UTC)
	t.Run("known zone: refused until midnight, then one probe", func(t *testing.T) {
		t.Parallel()
		d := &dailyBudget{loc: time.UTC}
		d.settle(now, false, true, true)
		_, err := d.take(now.Add(time.Hour))
		assert.Equal(t, time.Hour, refusedFor(t, err))
		probe, err := d.take(now.Add(2 * time.Hour))
		require.NoError(t, err)
		assert.True(t, probe)
		_, err = d.take(now.Add(2 * time.Hour))
		assert.Equal(t, time.Second, refusedFor(t, err), "one probe at a time")
		d.settle(now.Add(2*time.Hour), true, true, false)
		probe, err = d.take(now.Add(2 * time.Hour))
		require.NoError(t, err)
		assert.False(t, probe, "the probe succeeded: back to normal")
		assert.True(t, d.spentAt().IsZero())
	})
	t.Run("unknown zone: a probe every interval", func(t *testing.T) {
		t.Parallel()
		d := &dailyBudget{loc: time.FixedZone("UTC-5", defaultResetOffset), probe: DailyProbeInterval}
		d.settle(now, false, true, true)
		assert.Equal(t, now.Add(time.Hour), d.spentAt(), "before midnight UTC-5 (05:00 UTC)")
		probe, err := d.take(now.Add(time.Hour))
		require.NoError(t, err)
		require.True(t, probe)
		d.settle(now.Add(time.Hour), true, true, true) // still spent
		assert.Equal(t, now.Add(2*time.Hour), d.spentAt())
		probe, err = d.take(now.Add(2 * time.Hour))
		require.NoError(t, err)
		require.True(t, probe)
		d.settle(now.Add(2*time.Hour), true, false, false) // no answer: the next call probes
		probe, err = d.take(now.Add(2 * time.Hour))
		require.NoError(t, err)
		assert.True(t, probe)
	})
	t.Run("an answer to a call sent earlier does not lift it", func(t *testing.T) {
		t.Parallel()
		d := &dailyBudget{loc: time.UTC}
		d.settle(now, false, true, true)
		d.settle(now.Add(time.Minute), false, true, false)
		_, err := d.take(now.Add(time.Minute))
		assert.Equal(t, 2*time.Hour-time.Minute, refusedFor(t, err))
	})
	t.Run("a probe given back lets the next call probe", func(t *testing.T) {
		t.Parallel()
		d := &dailyBudget{loc: time.UTC}
		d.settle(now, false, true, true)
		later := now.Add(3 * time.Hour)
		probe, err := d.take(later)
		require.NoError(t, err)
		d.give(later, probe)
		probe, err = d.take(later)
		require.NoError(t, err)
		assert.True(t, probe)
	})
}

// TestDailySpentSignalExpires runs a long-lived client against an in-memory
// HubSpot whose daily budget (3 requests, reset at midnight UTC) runs out,
// on synctest's fake clock, which starts at midnight UTC.
func TestDailySpentSignalExpires(t *testing.T) {
	list := func(c *Client) error {
		_, err := c.Properties.List(context.Background(), "contacts")
		return err
	}
	t.Run("known zone: resumes at the account's midnight", func(t *testing.T) {
		srv := hubspottest.NewServer(hubspottest.WithDailyLimit(3))
		t.Cleanup(srv.Close)
		synctest.Test(t, func(t *testing.T) {
			c := bubbleClient(t, srv, WithLimits(Unlimited()), WithDailyReset(time.UTC))
			time.Sleep(22 * time.Hour)
			for range 3 {
				require.NoError(t, list(c))
			}
			midnight := time.Now().Add(2 * time.Hour)
			assert.True(t, midnight.Equal(c.DailySpentUntil()), "the last response said none is left: refused until %v", c.DailySpentUntil())
			assert.Equal(t, 2*time.Hour, refusedFor(t, list(c)))
			time.Sleep(time.Hour)
			assert.Equal(t, time.Hour, refusedFor(t, list(c)))
			time.Sleep(time.Hour)
			require.NoError(t, list(c), "a new day")
			assert.True(t, c.DailySpentUntil().IsZero())
			assert.Equal(t, map[int]int{200: 4}, answers(srv), "no request was spent on a 429")
		})
	})
	t.Run("unknown zone: hourly probes", func(t *testing.T) {
		srv := hubspottest.NewServer(hubspottest.WithDailyLimit(3))
		t.Cleanup(srv.Close)
		synctest.Test(t, func(t *testing.T) {
			c := bubbleClient(t, srv, WithLimits(Unlimited()))
			time.Sleep(22*time.Hour + 30*time.Minute)
			for range 3 {
				require.NoError(t, list(c))
			}
			assert.Equal(t, time.Hour, refusedFor(t, list(c)), "midnight UTC-5 is later than the next probe")
			time.Sleep(time.Hour) // 23:30 UTC: the probe finds the budget still spent
			err := list(c)
			require.ErrorIs(t, err, ErrDailyLimit)
			var rl *RateLimitError
			require.ErrorAs(t, err, &rl)
			assert.False(t, rl.Local, "the probe went to HubSpot")
			assert.Equal(t, time.Hour, refusedFor(t, list(c)))
			time.Sleep(time.Hour) // 00:30 UTC: HubSpot reset at midnight
			require.NoError(t, list(c))
			require.NoError(t, list(c))
			assert.Equal(t, map[int]int{200: 5, 429: 1}, answers(srv))
		})
	})
}
