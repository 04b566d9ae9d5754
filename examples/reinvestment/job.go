package main

import (
	"context"
	_ "embed"
	"fmt"
	"maps"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/examples/reinvestment/internal/alert"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/identity"
)

//go:embed sample/positions.csv
var samplePositions []byte

//go:embed sample/identities.ndjson
var sampleIdentities []byte

// job is one run: its options, the sender and the counts of the summary.
type job struct {
	*jobkit.Sender
	opts        options
	settleDelay time.Duration // the tasks destination's wait after an ambiguous create
	sum         summary
}

// summary is what the job counts for the end-of-run table.
type summary struct {
	PositionsRead, BadRows, OtherPartition, Observations, DroppedIDs, Conflicts int
	Persons, DuePositions, Alerts, NoEmail, Failed, Pending                     int
	ReinvestableSum                                                             decimal.Decimal
	UnusedTypes                                                                 string // identifier types read and not used, with counts
	Elapsed                                                                     time.Duration
	out                                                                         *jobkit.Delivered
	Tasks                                                                       *jobkit.TaskCounts
	Events                                                                      *jobkit.EventCounts
}

// run reads, plans and delivers; it returns the exit status.
func (j *job) run(ctx context.Context) int {
	g, alerts, err := j.readInput(ctx)
	if err != nil {
		j.sum.BadRows = jobkit.BadRows(err)
		return j.Refuse(err)
	}
	plan := jobkit.PlanContacts(g, j.opts.ContactKey, alerts)
	j.sum.NoEmail = len(plan.NoKey)
	store, release, err := j.OpenState(j.opts.StateCheck(ctx, g))
	if err != nil {
		return j.Refuse(err)
	}
	defer release()
	cfg := hubspot.SyncConfig{Group: alert.PropertyGroup(), Properties: alert.PropertyDefs(), Key: j.opts.ContactKey,
		KeyLabel: "ID do usuário na plataforma", Mode: hubspot.SyncUpsert, MaxClearPercent: j.opts.MaxClear, AllowMassClear: j.opts.AllowMassClear}
	if store != nil {
		cfg.Mode = hubspot.SyncMirror // contacts that left the window are cleared
	}
	if j.opts.DryRun {
		_, code := j.Plan(ctx, cfg, store, plan.Records(), func(sp hubspot.SyncPlan) { j.printPlan(plan, sp) })
		return code
	}
	out, code := j.Deliver(ctx, jobkit.Delivery{Config: cfg, State: store, Records: plan.Records(), Total: len(plan.Contacts),
		Keys: maps.Keys(plan.ByKey), Letters: plan.NoKey, Show: j.printWritten,
		After: func(ctx context.Context, c *hubspot.Client, sink *jobkit.KeySink) error {
			return j.after(ctx, c, sink, plan)
		}})
	j.sum.out = &out
	j.sum.Failed += out.Report.DeadLettered
	j.sum.Pending += out.Report.Pending
	if code == jobkit.ExitOK && j.sum.Failed+j.sum.Pending > 0 {
		return jobkit.ExitRejected
	}
	return code
}

// readInput reads the identities into a graph, then streams the positions,
// keeping the due ones of this partition grouped by person. Any bad row or
// line is an error: the job must not send on partial input.
func (j *job) readInput(ctx context.Context) (*identity.Graph, []alert.Alert, error) {
	ids := jobkit.Identities{Snapshot: j.opts.snapshotPath, Path: j.opts.identitiesPath, Key: j.opts.Key}
	if j.opts.positionsPath == "" {
		ids.Sample = sampleIdentities
	}
	g, st, err := ids.Load(ctx)
	if err != nil {
		return nil, nil, err
	}
	s := &j.sum
	s.Observations, s.DroppedIDs, s.Conflicts, s.Persons = st.Observations, jobkit.Dropped(st, g), len(g.Conflicts()), g.Stats().Persons
	used := []cdp.IdentifierType{cdp.UserID, cdp.CPF, cdp.Email, cdp.Phone}
	ids.Warn(j.Stderr, "reinvestment", st, used)
	s.UnusedTypes = jobkit.UnusedTypes(st.Seen, used)
	r, name, err := jobkit.OpenInput(j.opts.positionsPath, samplePositions, alert.Schema)
	if err != nil {
		return nil, nil, fmt.Errorf("positions %w", err)
	}
	defer r.Close()
	det := calendar.ExpiryDetector{Calendar: j.opts.cal, Lead: j.opts.lead}
	alerts, read, other, err := alert.Collect(ctx, r.Reader, det, j.opts.asOf, func(p alert.Position) (string, bool) {
		ids := p.Identifiers()
		person, _, _ := g.ResolveRow(ids[:]...) // a position has a valid user_id or CPF
		return person, j.opts.Partition.Owns(person)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("positions %s: %w", name, err)
	}
	s.PositionsRead, s.OtherPartition, s.Alerts = read, other, len(alerts)
	s.DuePositions, s.ReinvestableSum = alert.Totals(alerts)
	return g, alerts, nil
}
