//go:build unix

package jobkit

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// guard bounds a wait that must end; it fails the test instead of hanging.
// It asserts no duration: only that the event happens at all.
const guard = 30 * time.Second

func TestNotifyCancelsOnSignal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			first, second := make(chan os.Signal, 1), make(chan os.Signal, 1)
			s := Signals{
				OnFirst:  func(s os.Signal) { first <- s },
				OnSecond: func(s os.Signal) { second <- s },
			}
			ctx, stop := s.Notify(context.Background())
			defer stop()
			require.NoError(t, ctx.Err(), "cancelled before any signal")

			require.NoError(t, syscall.Kill(os.Getpid(), sig))
			select {
			case <-ctx.Done():
			case <-time.After(guard):
				t.Fatal("the signal did not cancel the context")
			}
			assert.Equal(t, &SignalError{Signal: sig}, context.Cause(ctx))
			assert.Equal(t, os.Signal(sig), <-first)
			code, ok := SignalExitStatus(context.Cause(ctx))
			assert.True(t, ok)
			assert.Equal(t, map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143}[sig], code)

			// The second signal goes to OnSecond; the process lives on.
			require.NoError(t, syscall.Kill(os.Getpid(), sig))
			select {
			case got := <-second:
				assert.Equal(t, os.Signal(sig), got)
			case <-time.After(guard):
				t.Fatal("the second signal did not reach OnSecond")
			}
			assert.Equal(t, &SignalError{Signal: sig}, context.Cause(ctx), "the cause is the first signal")
		})
	}
}

func TestNotifyStop(t *testing.T) {
	ctx, stop := NotifySignals(context.Background())
	require.NoError(t, ctx.Err())
	stop()
	stop() // harmless
	assert.ErrorIs(t, ctx.Err(), context.Canceled)
	assert.Equal(t, context.Canceled, context.Cause(ctx))
	_, ok := SignalExitStatus(context.Cause(ctx))
	assert.False(t, ok, "stop is not a signal")
}

func TestNotifyParentCancelled(t *testing.T) {
	parent, cancel := context.WithCancelCause(context.Background())
	ctx, stop := NotifySignals(parent)
	defer stop()
	boom := errors.New("boom")
	cancel(boom)
	<-ctx.Done()
	assert.Equal(t, boom, context.Cause(ctx))
}

// TestSecondSignalExits runs a helper process with the default handler: the
// first signal cancels its context, the second exits it with the signal's
// status.
func TestSecondSignalExits(t *testing.T) {
	tests := []struct {
		sig       syscall.Signal
		wantCause string
		wantCode  int
	}{
		{syscall.SIGINT, "cause: interrupted by SIGINT", ExitInterrupted},
		{syscall.SIGTERM, "cause: terminated by SIGTERM", ExitTerminated},
	}
	for _, tc := range tests {
		t.Run(tc.sig.String(), func(t *testing.T) {
			cmd := helperCommand(t, "signals", "")
			out, err := cmd.StdoutPipe()
			require.NoError(t, err)
			require.NoError(t, cmd.Start())
			t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
			lines := bufio.NewScanner(out)

			require.True(t, lines.Scan())
			require.Equal(t, "ready", lines.Text())
			require.NoError(t, cmd.Process.Signal(tc.sig))
			require.True(t, lines.Scan())
			assert.Equal(t, tc.wantCause, lines.Text())
			require.NoError(t, cmd.Process.Signal(tc.sig))

			err = cmd.Wait()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit)
			assert.Equal(t, tc.wantCode, exit.ExitCode())
		})
	}
}
