package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
)

// newProgress returns the progress line of one phase on stderr.
func (j *job) newProgress(label string) *jobkit.Progress {
	p, err := jobkit.NewProgress(j.stderr, jobkit.ProgressConfig{Label: label, Terminal: j.terminal})
	if err != nil {
		panic(err) // the configuration above is valid by construction
	}
	j.progress.Store(p)
	return p
}

// runProgress draws p until the returned stop is called, then draws the
// final line.
func (j *job) runProgress(ctx context.Context, p *jobkit.Progress) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { p.Run(ctx) })
	return func() {
		cancel()
		wg.Wait()
		p.Finish()
	}
}

// onWait shows on the progress line what the pipeline waits for before
// retrying; the reason is a code, never a record's content.
func (j *job) onWait(p *jobkit.Progress) func(destination.WaitInfo) {
	return func(w destination.WaitInfo) {
		what := "HubSpot failed"
		switch w.Reason {
		case "send_timeout", "NETWORK":
			what = "HubSpot not answering"
		case "RATE_LIMIT":
			what = "HubSpot rate limit"
		}
		p.SetWaiting(fmt.Sprintf("%s (%s), attempt %d, next in %s", what, w.Reason, w.Attempt+1, jobkit.FormatDuration(w.Wait)))
	}
}
