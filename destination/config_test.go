package destination

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config[string]
		want ConfigError
	}{
		{"batch size", Config[string]{BatchSize: -1}, ConfigError{"BatchSize", "-1 is negative"}},
		{"parallelism", Config[string]{Parallelism: -2}, ConfigError{"Parallelism", "-2 is negative"}},
		{"queue size", Config[string]{QueueSize: -1}, ConfigError{"QueueSize", "-1 is negative"}},
		{"requests", Config[string]{RequestsPerInterval: -1}, ConfigError{"RequestsPerInterval", "-1 is negative"}},
		{"burst", Config[string]{Burst: -1}, ConfigError{"Burst", "-1 is negative"}},
		{"attempts", Config[string]{MaxAttempts: -1}, ConfigError{"MaxAttempts", "-1 is negative"}},
		{"flush interval", Config[string]{FlushInterval: -time.Second}, ConfigError{"FlushInterval", "-1s is negative"}},
		{"interval", Config[string]{Interval: -time.Second}, ConfigError{"Interval", "-1s is negative"}},
		{"backoff base", Config[string]{BackoffBase: -time.Second}, ConfigError{"BackoffBase", "-1s is negative"}},
		{"backoff max", Config[string]{BackoffMax: -time.Second}, ConfigError{"BackoffMax", "-1s is negative"}},
		{"max elapsed", Config[string]{MaxElapsed: -time.Second}, ConfigError{"MaxElapsed", "-1s is negative"}},
		{"progress interval", Config[string]{ProgressInterval: -time.Second}, ConfigError{"ProgressInterval", "-1s is negative"}},
		{"send timeout", Config[string]{SendTimeout: -time.Second}, ConfigError{"SendTimeout", "-1s is negative"}},
		{"max below base", Config[string]{BackoffBase: time.Second, BackoffMax: time.Millisecond},
			ConfigError{"BackoffMax", "1ms is less than BackoffBase 1s"}},
		{"limiter and rate", Config[string]{Limiter: newLimiter(1, 1), RequestsPerInterval: 3},
			ConfigError{"Limiter", "set together with RequestsPerInterval, Interval or Burst"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New[string](NewMemory[string](10), tc.cfg)
			assert.Nil(t, p)
			var ce *ConfigError
			require.ErrorIs(t, err, ErrInvalidConfig)
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.want, *ce)
			assert.Equal(t, "destination: invalid config "+tc.want.Field+": "+tc.want.Reason, err.Error())
		})
	}
}

func TestNewRejectsBadDestination(t *testing.T) {
	_, err := New[string](nil, Config[string]{})
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, ConfigError{"Destination", "is nil"}, *ce)

	_, err = New[string](NewFunc[string](0, nil).withMax(0), Config[string]{})
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, ConfigError{"Destination", "MaxBatchSize is 0, must be at least 1"}, *ce)

	// The helpers take zero as the default and leave a negative size for
	// New to refuse, like a negative Config field.
	for name, d := range map[string]Destination[string]{
		"Memory": NewMemory[string](-1), "Func": NewFunc[string](-1, nil), "DryRun": NewDryRun[string](nil, DryRunNDJSON, -1),
	} {
		_, err = New(d, Config[string]{})
		require.ErrorIs(t, err, ErrInvalidConfig, name)
		require.ErrorAs(t, err, &ce, name)
		assert.Equal(t, ConfigError{"Destination", "MaxBatchSize is -1, must be at least 1"}, *ce, name)
	}
}

func (f *Func[T]) withMax(n int) *Func[T] { f.max = n; return f }

func TestConfigDefaults(t *testing.T) {
	s, err := Config[string]{}.validate(1000)
	require.NoError(t, err)
	got := []any{s.batchSize, s.flushInterval, s.parallelism, s.queueSize, s.maxAttempts, s.backoffBase,
		s.backoffMax, s.maxElapsed, s.progressInterval, s.sendTimeout, s.limiter == nil, s.memSink != nil}
	want := []any{DefaultBatchSize, DefaultFlushInterval, DefaultParallelism, DefaultQueueSize, DefaultMaxAttempts,
		DefaultBackoffBase, DefaultBackoffMax, DefaultMaxElapsed, DefaultProgressInterval, DefaultSendTimeout, true, true}
	assert.Equal(t, want, got)

	s, err = Config[string]{BatchSize: 500, RequestsPerInterval: 100, Interval: 10 * time.Second}.validate(100)
	require.NoError(t, err)
	assert.Equal(t, 100, s.batchSize, "capped at the destination's maximum")
	require.NotNil(t, s.limiter)
	assert.InDelta(t, 10.0, float64(s.limiter.Limit()), 1e-9, "100 per 10s")
	assert.Equal(t, DefaultBurst, s.limiter.Burst())
}

func TestEnqueueEmptyKey(t *testing.T) {
	p, err := New[string](NewMemory[string](10), Config[string]{})
	require.NoError(t, err)
	require.ErrorIs(t, p.Enqueue(context.Background(), Record[string]{Payload: "x"}), ErrEmptyKey)
	r, err := p.Close(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Report{}, r)
}
