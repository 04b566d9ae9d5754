package main

import (
	"cmp"
	"fmt"
	"time"

	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// printSummary writes the counts of the run: never a personal value.
func (j *job) printSummary(code int, cause error) {
	fmt.Fprintf(j.Stdout, "\nSync %s%s\n", cmp.Or(j.opts.specPath, "(embedded example)"), j.opts.Target.Banner(j.opts.DryRun))
	t := jobkit.NewSummary(j.Stdout)
	if s, r := j.spec, j.res; r != nil {
		t.Row("mode", "%s, contacts found by %s", s.Mode, s.KeyProperty)
		for i, src := range s.Sources {
			t.Row("rows from "+src.Name, "%d", r.Rows[i])
		}
		t.Row("rows without a usable identifier", "%d", r.Unplaced)
		t.Row("identifiers dropped / links refused", "%d / %d", r.Dropped, r.Conflicts)
		t.Row("persons / audience members", "%d / %d", r.Persons, r.Members)
	}
	if p := j.plan; p != nil {
		t.Row("would write / unchanged", "%d / %d", p.Count(hubspot.ActionUpsert)+p.Count(hubspot.ActionUpdate), p.Count(hubspot.ActionUnchanged))
		t.Row("would clear / dead-letter", "%d / %d", p.Count(hubspot.ActionClear), p.Count(hubspot.ActionDeadLetter))
	}
	if d := j.out; d != nil {
		jobkit.ContactRows(t, d.Report)
		j.LetterRows(t, *d, d.Report.Pending)
	}
	t.Row("elapsed", "%s", time.Since(j.start).Round(time.Millisecond))
	j.StatusRow(t, code, cause, 0)
	t.Flush()
}
