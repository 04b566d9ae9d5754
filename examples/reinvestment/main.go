// Command reinvestment is the reinvestment alert job: two business days
// (ANBIMA) before a customer's fixed-income position matures, it puts what
// matures, when and how much can be reinvested on the customer's HubSpot
// contact, and optionally creates a task for the advisor to call.
//
// It is wiring over the customerdata packages: identity stitches the
// observations into persons, calendar detects the due positions, destination
// batches, retries, tracks changes and keeps dead letters, and hubspot writes
// the contacts. Run it with no flags to see it work on embedded sample data
// against an in-process HubSpot:
//
//	go run ./examples/reinvestment
//
// Set HUBSPOT_ACCESS_TOKEN to write to a real account. See -h for the flags
// and README.md for running it in a Databricks job.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // "today" is taken in America/Sao_Paulo, even where the system has no zone database
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, isTerminal(os.Stderr))
	stop()
	os.Exit(code)
}

// run is the whole program minus the process: tests call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, terminal bool) int {
	return runWith(ctx, args, getenv, stdout, stderr, terminal, nil)
}

// runWith is run with a hook that adjusts the job before it starts (tests
// shorten its backoff).
func runWith(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, terminal bool, adjust func(*job)) int {
	opts, err := parseOptions(args, getenv, time.Now, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "reinvestment: %v\nnothing was sent.\n", err)
		return exitUsage
	}
	j := &job{
		opts: opts, stdout: stdout, stderr: stderr, terminal: terminal,
		logger:      slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		settleDelay: 10 * time.Second,
	}
	if opts.fakeHubSpot {
		j.settleDelay = 0 // the in-process HubSpot's search is never stale
	}
	if adjust != nil {
		adjust(j)
	}
	sum, code := j.run(ctx)
	j.printSummary(stdout, sum, code)
	return code
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
