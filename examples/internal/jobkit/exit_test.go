package jobkit

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDescribeExit(t *testing.T) {
	tests := []struct {
		code int
		want string
	}{
		{ExitOK, "ok"},
		{ExitRejected, "some records were rejected or ran out of retries: see the dead letters"},
		{ExitRefused, "refused before sending: nothing was sent"},
		{ExitInterrupted, "interrupted (SIGINT): records not sent are pending, rerun to send them"},
		{ExitTerminated, "terminated (SIGTERM): records not sent are pending, rerun to send them"},
		{3, "unknown exit status"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, DescribeExit(tc.code), "code %d", tc.code)
	}
}

func TestExitValues(t *testing.T) {
	// The values are a contract with schedulers and shells.
	assert.Equal(t, []int{0, 1, 2, 130, 143}, []int{ExitOK, ExitRejected, ExitRefused, ExitInterrupted, ExitTerminated})
}

func TestSignalExitStatus(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		want   int
		wantOK bool
	}{
		{"SIGINT", &SignalError{Signal: syscall.SIGINT}, ExitInterrupted, true},
		{"SIGTERM", &SignalError{Signal: syscall.SIGTERM}, ExitTerminated, true},
		{"wrapped SIGINT", fmt.Errorf("sending: %w", &SignalError{Signal: syscall.SIGINT}), ExitInterrupted, true},
		{"other signal", &SignalError{Signal: syscall.SIGHUP}, ExitTerminated, true},
		{"nil", nil, 0, false},
		{"canceled", context.Canceled, 0, false},
		{"timeout", &TimeoutError{Flag: "-timeout", Limit: 1}, 0, false},
		{"other", errors.New("boom"), 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, ok := SignalExitStatus(tc.err)
			assert.Equal(t, []any{tc.want, tc.wantOK}, []any{code, ok})
		})
	}
}

func TestSignalErrorMessage(t *testing.T) {
	tests := []struct {
		sig  syscall.Signal
		want string
	}{
		{syscall.SIGINT, "interrupted by SIGINT"},
		{syscall.SIGTERM, "terminated by SIGTERM"},
		{syscall.SIGHUP, "stopped by signal hangup"},
	}
	for _, tc := range tests {
		err := &SignalError{Signal: tc.sig}
		assert.Equal(t, tc.want, err.Error())
		assert.ErrorIs(t, err, context.Canceled, "a signal cause is a cancellation")
	}
}

func TestExitStatus(t *testing.T) {
	tests := []struct {
		name  string
		cause error // nil: not cancelled
		found int
		want  int
	}{
		{"running", nil, ExitRejected, ExitRejected},
		{"SIGINT", &SignalError{Signal: syscall.SIGINT}, ExitOK, ExitInterrupted},
		{"SIGTERM", &SignalError{Signal: syscall.SIGTERM}, ExitRejected, ExitTerminated},
		{"timeout", &TimeoutError{Flag: "-timeout", Limit: 1}, ExitRejected, ExitRejected},
		{"cancelled", context.Canceled, ExitOK, ExitOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			if tc.cause != nil {
				cancel(tc.cause)
			}
			assert.Equal(t, tc.want, ExitStatus(ctx, tc.found))
		})
	}
}
