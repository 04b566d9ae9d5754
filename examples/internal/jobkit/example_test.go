package jobkit_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
)

// A run's dead letters: written as they come, counted by reason for the
// summary, and put in place by Commit.
func ExampleDeadLetterFile() {
	dir, err := os.MkdirTemp("", "jobkit-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "dead-letters.ndjson")

	if err := jobkit.CheckWritable(path); err != nil {
		fmt.Println("refused:", err)
		return
	}
	dl, err := jobkit.CreateDeadLetters(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer dl.Abort() // does nothing after Commit

	ctx := context.Background()
	at := time.Date(2026, 2, 13, 12, 0, 0, 0, time.UTC)
	letters := []destination.DeadLetter{
		{Key: "person-1", Reason: "no_email", Payload: map[string]string{"amount": "1500.00"}, Time: at},
		{Key: "person-2", Reason: "no_email", Time: at},
		{Key: "c@example.com", Reason: destination.ReasonRejected, Attempts: 1, LastError: "INVALID_EMAIL", Time: at},
	}
	for _, l := range letters {
		if err := dl.Put(ctx, l); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := dl.Commit(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("dead letters: %d\n", dl.Total())
	for _, c := range dl.Counts() {
		fmt.Printf("  %s: %d\n", c.Reason, c.Count)
	}
	b, _ := os.ReadFile(path)
	first, _, _ := strings.Cut(string(b), "\n")
	fmt.Println(first)
	// Output:
	// dead letters: 3
	//   no_email: 2
	//   rejected: 1
	// {"time":"2026-02-13T12:00:00Z","reason":"no_email","key":"person-1","attempts":0,"last_error":"","payload":{"amount":"1500.00"}}
}

// The exit status of a run: a signal's cause wins over what the job
// found.
func ExampleExitStatus() {
	ctx, cancel := context.WithCancelCause(context.Background())
	fmt.Println(jobkit.ExitStatus(ctx, jobkit.ExitOK), jobkit.DescribeExit(jobkit.ExitOK))
	// What the first SIGTERM does to the context of NotifySignals:
	cancel(&jobkit.SignalError{Signal: syscall.SIGTERM})
	code := jobkit.ExitStatus(ctx, jobkit.ExitRejected)
	fmt.Println(code, jobkit.DescribeExit(code))
	fmt.Println(context.Cause(ctx))
	// Output:
	// 0 ok
	// 143 terminated (SIGTERM): records not sent are pending, rerun to send them
	// terminated by SIGTERM
}

// A run timeout names its flag.
func ExampleWithRunTimeout() {
	ctx, cancel := jobkit.WithRunTimeout(context.Background(), "-timeout", time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	cause := context.Cause(ctx)
	fmt.Println(cause)
	fmt.Println(errors.Is(cause, context.DeadlineExceeded))
	// Output:
	// the run exceeded -timeout 1ns
	// true
}
