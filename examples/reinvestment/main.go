// Command reinvestment is the reinvestment alert job: two business days
// (ANBIMA) before a customer's fixed-income position matures, it puts what
// matures, when and how much can be reinvested on the customer's HubSpot
// contact, and optionally creates a task for the advisor to call. With no
// flags it runs on embedded sample data against an in-process HubSpot:
//
//	go run ./examples/reinvestment
//
// Set HUBSPOT_ACCESS_TOKEN to write to a real account; see -h.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"
	_ "time/tzdata" // "today" is taken in America/Sao_Paulo, even where the system has no zone database

	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// memoryLimit is the job's soft memory limit when GOMEMLIMIT is not set. A
// run keeps the identity graph and the due alerts (about 150 MB at 1,000,000
// positions over 300,000 persons); the limit lets the collector run before
// the heap doubles that. Past it the collector works harder (at most half
// the CPU), it never fails a run.
const memoryLimit = 350 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	jobkit.Main("reinvestment", "finishing what is in flight and saving", run)
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
		return jobkit.ExitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "reinvestment: %v\nnothing was sent.\n", err)
		return jobkit.ExitRefused
	}
	j := &job{opts: opts, settleDelay: 10 * time.Second}
	j.Sender = jobkit.NewSender("reinvestment", &j.opts.Flags, stdout, stderr, terminal)
	j.FakeServer = []hubspottest.Option{hubspottest.WithOwners(sampleOwner), hubspottest.WithoutRequestLog()}
	if opts.Target.Fake {
		j.settleDelay = 0 // the in-process HubSpot's search is never stale
	}
	if adjust != nil {
		adjust(j)
	}
	ctx, cancel := jobkit.WithRunTimeout(ctx, "-timeout", opts.Timeout)
	defer cancel()
	start := time.Now()
	code := jobkit.ExitStatus(ctx, j.run(ctx))
	j.sum.Elapsed = time.Since(start)
	j.printSummary(code, context.Cause(ctx))
	return code
}
