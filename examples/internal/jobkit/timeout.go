package jobkit

import (
	"context"
	"strings"
	"time"
)

// TimeoutError is the cancellation cause of a context from WithRunTimeout:
// the run took longer than its limit. It wraps context.DeadlineExceeded.
type TimeoutError struct {
	// Flag names the setting, as the operator typed it ("-timeout").
	Flag string
	// Limit is the limit that was exceeded.
	Limit time.Duration
}

// Error names the setting and its value: "the run exceeded -timeout 30m".
func (e *TimeoutError) Error() string {
	return "the run exceeded " + e.Flag + " " + FormatDuration(e.Limit)
}

// Unwrap returns context.DeadlineExceeded.
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// WithRunTimeout returns a context whose deadline is limit from now, with a
// *TimeoutError cause that names flag, and its cancel function. A limit of
// zero or less means no limit: the context is only cancellable.
//
// A run that hits its limit stops like an interrupted one; the job reports
// the records left pending and exits ExitRejected, naming the cause
// (context.Cause(ctx).Error()).
func WithRunTimeout(parent context.Context, flag string, limit time.Duration) (context.Context, context.CancelFunc) {
	if limit <= 0 {
		return context.WithCancel(parent)
	}
	return context.WithTimeoutCause(parent, limit, &TimeoutError{Flag: flag, Limit: limit})
}

// FormatDuration writes d as time.Duration.String does, without the zero
// units at its end: 30m rather than 30m0s, 1h rather than 1h0m0s.
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
