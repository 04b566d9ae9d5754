package jobkit

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWithRunTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := WithRunTimeout(context.Background(), "-timeout", 30*time.Minute)
		defer cancel()
		time.Sleep(30*time.Minute - time.Nanosecond)
		synctest.Wait()
		require.NoError(t, ctx.Err(), "done before the limit")

		time.Sleep(time.Nanosecond)
		synctest.Wait()
		assert.ErrorIs(t, ctx.Err(), context.DeadlineExceeded)
		cause := context.Cause(ctx)
		assert.Equal(t, &TimeoutError{Flag: "-timeout", Limit: 30 * time.Minute}, cause)
		assert.EqualError(t, cause, "the run exceeded -timeout 30m")
		assert.ErrorIs(t, cause, context.DeadlineExceeded)
	})
}

func TestWithRunTimeoutNoLimit(t *testing.T) {
	for _, limit := range []time.Duration{0, -time.Second} {
		ctx, cancel := WithRunTimeout(context.Background(), "-timeout", limit)
		_, has := ctx.Deadline()
		assert.False(t, has, "limit %v", limit)
		cancel()
		assert.Equal(t, context.Canceled, context.Cause(ctx), "limit %v", limit)
	}
}

func TestWithRunTimeoutParentFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, cancelParent := context.WithCancel(context.Background())
		ctx, cancel := WithRunTimeout(parent, "-timeout", time.Hour)
		defer cancel()
		cancelParent()
		assert.Equal(t, context.Canceled, context.Cause(ctx), "the parent's cause, not a timeout")
	})
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{30 * time.Minute, "30m"},
		{time.Hour, "1h"},
		{90 * time.Minute, "1h30m"},
		{time.Hour + time.Second, "1h0m1s"},
		{45 * time.Second, "45s"},
		{1500 * time.Millisecond, "1.5s"},
		{0, "0s"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, FormatDuration(tc.d), "%v", tc.d)
	}
}
