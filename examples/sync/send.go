package main

import (
	"context"
	"io"
	"slices"

	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// settled are the dead-letter reasons that describe the data, not a
// failure to write: no rerun changes them, so they leave the exit status 0.
var settled = []string{hubspot.ReasonNoKey, hubspot.ReasonNotFound}

// send runs the sync; the exit status is 1 when a record was not written
// for a reason other than a settled one.
func (j *job) send(ctx context.Context, cfg hubspot.SyncConfig, store *jobkit.StateFile) int {
	out, code := j.Deliver(ctx, jobkit.Delivery{Config: cfg, State: store, Records: slices.Values(j.res.Records), Total: len(j.res.Records),
		Show: func(w io.Writer, srv *hubspottest.Server) {
			jobkit.PrintContacts(w, srv, j.opts.Masker, j.spec.PropertyNames(), 20)
		}})
	j.out = &out
	if code != jobkit.ExitOK {
		return code
	}
	for _, rc := range out.Letters {
		if !slices.Contains(settled, rc.Reason) {
			return jobkit.ExitRejected
		}
	}
	return code
}
