package jobkit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// SignalError is the cancellation cause of a context from NotifySignals:
// the signal that stopped the run. Read it with context.Cause and
// errors.As, or map it to an exit status with SignalExitStatus.
type SignalError struct {
	// Signal is syscall.SIGINT or syscall.SIGTERM.
	Signal os.Signal
}

// Error says which signal stopped the run.
func (e *SignalError) Error() string {
	switch e.Signal {
	case syscall.SIGINT:
		return "interrupted by SIGINT"
	case syscall.SIGTERM:
		return "terminated by SIGTERM"
	}
	return "stopped by signal " + e.Signal.String()
}

// Is makes a SignalError match context.Canceled, so code that only checks
// for a cancelled context keeps working.
func (e *SignalError) Is(target error) bool { return target == context.Canceled }

// ExitStatus returns ExitInterrupted for SIGINT and ExitTerminated for
// SIGTERM (and any other signal).
func (e *SignalError) ExitStatus() int {
	if e.Signal == syscall.SIGINT {
		return ExitInterrupted
	}
	return ExitTerminated
}

// SignalExitStatus returns the exit status that err calls for when err is or
// wraps a *SignalError (pass context.Cause(ctx)), and false otherwise.
func SignalExitStatus(err error) (int, bool) {
	var se *SignalError
	if errors.As(err, &se) {
		return se.ExitStatus(), true
	}
	return 0, false
}

// ExitStatus returns the status of the signal that cancelled ctx (see
// NotifySignals), if one did, and found otherwise: a run stopped by a signal
// exits 130 or 143 whatever else it found.
func ExitStatus(ctx context.Context, found int) int {
	if code, ok := SignalExitStatus(context.Cause(ctx)); ok {
		return code
	}
	return found
}

// Signals configures NotifySignals. The zero value is ready to use.
type Signals struct {
	// OnFirst, if not nil, is called at the first signal, after the context
	// is cancelled, from the handler's goroutine. A job prints there that it
	// is finishing what is in flight and that a second signal quits at once.
	// It must not block: the second signal waits for it to return.
	OnFirst func(os.Signal)
	// OnSecond is called at the second signal, from the handler's
	// goroutine. Nil means os.Exit with the status of that signal: the run
	// stops without saving its state or dead letters.
	OnSecond func(os.Signal)
}

// Notify returns a context that is cancelled at the first SIGINT or
// SIGTERM with a *SignalError cause, and a stop function that uninstalls
// the handler, cancels the context and waits for the handler's goroutine.
// While the handler is installed the signals do not kill the process; after
// stop they do again. Call stop once the run is over (defer it).
func (s Signals) Notify(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		first := true
		for {
			select {
			case sig := <-ch:
				if first {
					first = false
					cancel(&SignalError{Signal: sig})
					if s.OnFirst != nil {
						s.OnFirst(sig)
					}
					continue
				}
				if s.OnSecond != nil {
					s.OnSecond(sig)
					continue
				}
				os.Exit((&SignalError{Signal: sig}).ExitStatus())
			case <-quit:
				return
			}
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(ch)
			close(quit)
			<-done
			cancel(context.Canceled)
		})
	}
}

// NotifySignals is Signals{}.Notify(parent): the first SIGINT or SIGTERM
// cancels the context, the second exits the process with its status.
func NotifySignals(parent context.Context) (ctx context.Context, stop func()) {
	return Signals{}.Notify(parent)
}

// Run is a job's program without the process: its arguments, environment,
// outputs and whether stderr is a terminal; it returns the exit status.
type Run func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, terminal bool) int

// Main runs run as the process and exits with its status. The first
// SIGINT or SIGTERM cancels run's context (what is in flight settles and
// is saved) after printing "<name>: <signal>: onFirst"; a second exits at
// once (see Signals).
func Main(name, onFirst string, run Run) {
	ctx, stop := Signals{OnFirst: func(sig os.Signal) {
		fmt.Fprintf(os.Stderr, "\n%s: %v: %s (a second signal stops at once)\n", name, sig, onFirst)
	}}.Notify(context.Background())
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, IsTerminal(os.Stderr))
	stop()
	os.Exit(code)
}
