package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
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
	opts           options
	stdout, stderr io.Writer
	terminal       bool
	logger         *slog.Logger

	spec    *syncspec.Spec
	res     *syncspec.Result
	state   *jobkit.StateFile   // nil without -state
	plan    *hubspot.SyncPlan   // dry run
	rep     *hubspot.SyncReport // sent
	letters []jobkit.ReasonCount
	calls   [2]int64 // API calls, 429s
	failure error    // what made the run exit 1 besides dead letters
	start   time.Time
}

// run reads the spec and the sources, then plans or sends; it returns the
// exit status.
func (j *job) run(ctx context.Context) int {
	j.start, j.logger = time.Now(), slog.New(slog.NewTextHandler(j.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := j.loadSpec(); err != nil {
		return j.refuse(err)
	}
	if j.spec.Mode == hubspot.SyncMirror && j.opts.statePath == "" && !j.opts.target.Fake && !j.opts.dryRun {
		return j.refuse(errors.New("mode mirror needs -state: the state is how the job knows whom to clear"))
	}
	var err error
	if j.res, err = j.spec.Build(ctx, j.opts.key, j.open); err != nil {
		return j.refuse(err)
	}
	store, release, err := j.openState()
	if err != nil {
		return j.refuse(fmt.Errorf("state: %w", err))
	}
	defer release()
	if j.opts.dryRun {
		return j.dryRun(ctx, store)
	}
	return j.send(ctx, store)
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

// openState returns the change-tracking store: -state, locked when the
// run writes to a real HubSpot, or an empty one in memory.
func (j *job) openState() (destination.StateStore, func(), error) {
	if j.opts.statePath == "" {
		return destination.NewMemoryStore(), func() {}, nil
	}
	st, release, err := jobkit.LockedState(j.opts.statePath, !j.opts.dryRun && !j.opts.target.Fake)
	if err == nil {
		j.state = st
	}
	return st, release, err
}

// contactSync configures the sync of the spec; dl and prog may be nil.
func (j *job) contactSync(c *hubspot.Client, store destination.StateStore, dl *jobkit.DeadLetterFile, prog *jobkit.Progress) (*hubspot.ContactSync, error) {
	cfg := j.spec.SyncConfig()
	cfg.State, cfg.Logger, cfg.MaxAttempts = store, j.logger, 8
	cfg.MaxClearPercent, cfg.AllowMassClear = j.opts.maxClear, j.opts.allowMassClear
	if dl != nil {
		cfg.DeadLetters = dl
	}
	if prog != nil {
		cfg.Progress = func(s destination.Stats) { prog.SetDone(s.Delivered + s.Skipped + s.DeadLettered + s.Coalesced) }
	}
	return hubspot.NewContactSync(c, cfg)
}

// dryRun prints the plan; it sends nothing and writes no file.
func (j *job) dryRun(ctx context.Context, store destination.StateStore) int {
	c, err := hubspot.New("dry-run-never-sent")
	var cs *hubspot.ContactSync
	if err == nil {
		cs, err = j.contactSync(c, store, nil, nil)
	}
	var plan hubspot.SyncPlan
	if err == nil {
		plan, err = cs.Plan(ctx, slices.Values(j.res.Records))
	}
	if err != nil {
		return j.refuse(err)
	}
	j.plan = &plan
	jobkit.PrintPlan(j.stdout, plan, j.opts.masker, 50, nil)
	if plan.Guard != nil {
		return j.refuse(jobkit.MassClearRefusal(plan.Guard))
	}
	return jobkit.ExitOK
}

// refuse reports a problem found before anything was sent.
func (j *job) refuse(err error) int {
	fmt.Fprintf(j.stderr, "sync: %v\nnothing was sent.\n", err)
	return jobkit.ExitRefused
}
