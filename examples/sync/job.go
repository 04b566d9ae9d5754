package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/examples/sync/internal/syncspec"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// job is one run.
type job struct {
	*jobkit.Sender
	opts options

	spec  *syncspec.Spec
	res   *syncspec.Result
	plan  *hubspot.SyncPlan // dry run
	out   *jobkit.Delivered // sent
	start time.Time
}

// run reads the spec and the sources, then plans or sends; it returns the
// exit status.
func (j *job) run(ctx context.Context) int {
	j.start = time.Now()
	if err := j.loadSpec(); err != nil {
		return j.Refuse(err)
	}
	if j.spec.Mode == hubspot.SyncMirror && j.opts.StatePath == "" && j.opts.Writes() {
		return j.Refuse(errors.New("mode mirror needs -state: the state is how the job knows whom to clear"))
	}
	var err error
	if j.res, err = j.spec.Build(ctx, j.opts.Key, j.open); err != nil {
		return j.Refuse(err)
	}
	store, release, err := j.OpenState(nil)
	if err != nil {
		return j.Refuse(err)
	}
	defer release()
	cfg := j.spec.SyncConfig()
	cfg.State, cfg.MaxClearPercent, cfg.AllowMassClear = destination.NewMemoryStore(), j.opts.MaxClear, j.opts.AllowMassClear
	if j.opts.DryRun {
		plan, code := j.Plan(ctx, cfg, store, slices.Values(j.res.Records), func(p hubspot.SyncPlan) {
			jobkit.PrintPlan(j.Stdout, p, j.opts.Masker, 50, nil)
		})
		j.plan = &plan
		return code
	}
	return j.send(ctx, cfg, store)
}

// loadSpec reads and checks the spec; segment date windows are relative
// to today in America/Sao_Paulo.
func (j *job) loadSpec() error {
	data, err := sample.ReadFile("sample/spec.json")
	if j.opts.specPath != "" {
		data, err = os.ReadFile(j.opts.specPath)
	}
	if err != nil {
		return fmt.Errorf("spec: %w", err)
	}
	loc, err := calendar.SaoPaulo()
	if err != nil {
		return err
	}
	j.spec, err = syncspec.Parse(data, syncspec.Options{AsOf: calendar.DateOf(time.Now().In(loc)), Location: loc})
	if err != nil {
		return fmt.Errorf("spec %s refused:\n%w", cmp.Or(j.opts.specPath, "(embedded example)"), err)
	}
	return nil
}

// open opens a source: a file beside the spec, or of the embedded sample.
func (j *job) open(_ context.Context, src syncspec.Source, schema *rows.Schema) (syncspec.Rows, error) {
	if j.opts.specPath == "" {
		return jobkit.OpenRowsFS(sample, "sample/"+src.Path, schema)
	}
	return jobkit.OpenRows(jobkit.Beside(j.opts.specPath, src.Path), schema)
}
