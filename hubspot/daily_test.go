package hubspot

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
