package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// settled are the dead-letter reasons that describe the data, not a
// failure to write: no rerun changes them, so they leave the exit status 0.
var settled = []string{hubspot.ReasonNoKey, hubspot.ReasonNotFound}

// send checks the dead-letter file and the token, then runs the sync.
func (j *job) send(ctx context.Context, store destination.StateStore) int {
	if err := jobkit.CheckWritable(j.opts.deadLetterPath); err != nil {
		return j.refuse(fmt.Errorf("dead-letter file: %w", err))
	}
	counter := &jobkit.CallCounter{}
	defer func() { j.calls = [2]int64{counter.Calls(), counter.RateLimited()} }()
	c, srv, err := jobkit.HubSpotClient(j.opts.target, j.opts.limits, j.logger, counter, nil)
	if err != nil {
		return j.refuse(err)
	}
	if srv != nil {
		defer srv.Close()
	}
	if err := jobkit.CheckToken(ctx, c, 45*time.Second); err != nil {
		return j.refuse(err)
	}
	dl, err := jobkit.CreateDeadLetters(j.opts.deadLetterPath)
	if err != nil {
		return j.refuse(err)
	}
	prog, err := jobkit.NewProgress(j.stderr, jobkit.ProgressConfig{Label: "contacts", Terminal: j.terminal})
	if err != nil {
		return j.refuse(err)
	}
	prog.SetTotal(len(j.res.Records))
	cs, err := j.contactSync(c, store, dl, prog)
	if err != nil {
		return j.refuse(err)
	}
	stopDrawing := jobkit.StartProgress(ctx, prog)
	rep, runErr := cs.Run(ctx, slices.Values(j.res.Records))
	stopDrawing()
	j.rep = &rep
	if errors.Is(runErr, hubspot.ErrMassClear) {
		_ = dl.Abort()
		return j.refuse(jobkit.MassClearRefusal(runErr))
	}
	if j.state != nil && !j.opts.target.Fake {
		if err := j.state.Save(); err != nil {
			j.failure = err
		}
	}
	if err := dl.Commit(); err != nil {
		j.failure = err
	}
	j.letters = dl.Counts()
	if srv != nil {
		jobkit.PrintContacts(j.stdout, srv, j.opts.masker, j.spec.PropertyNames(), 20)
	}
	if j.failure = cmp.Or(j.failure, runErr); j.failure != nil {
		fmt.Fprintf(j.stderr, "sync: %v\n", j.failure)
		return jobkit.ExitRejected
	}
	for _, rc := range j.letters {
		if !slices.Contains(settled, rc.Reason) {
			return jobkit.ExitRejected
		}
	}
	return jobkit.ExitOK
}
