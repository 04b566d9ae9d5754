package main

import (
	"cmp"
	"context"
	_ "embed"
	"fmt"
	"iter"
	"maps"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
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
	PositionsRead, BadRows, OtherPartition         int
	Observations, DroppedIDs, Conflicts, Persons   int
	DuePositions, Alerts, NoEmail                  int
	TasksCreated, TasksExisting, TasksWithoutOwner int
	EventsSent, EventsNoEmail, Failed, Pending     int
	ReinvestableSum                                decimal.Decimal
	Elapsed                                        time.Duration
	out                                            *jobkit.Delivered
}

// usedTypes are the identifier types the job links positions and contacts by.
var usedTypes = []cdp.IdentifierType{cdp.UserID, cdp.CPF, cdp.Email, cdp.Phone}

// Dead-letter reasons of persons with due positions and no contact key.
const (
	reasonNoEmail  = "no_email"   // keyed by e-mail, the person has none
	reasonNoUserID = "no_user_id" // keyed by -contact-key, the person has no user id
)

// run reads, plans and delivers; it returns the exit status.
func (j *job) run(ctx context.Context) int {
	g, alerts, err := j.readInput(ctx)
	if err != nil {
		j.sum.BadRows = jobkit.BadRows(err)
		return j.Refuse(err)
	}
	plan := j.planContacts(g, alerts)
	j.sum.NoEmail = len(plan.noKey)
	keyType := map[bool]cdp.IdentifierType{true: cdp.Email, false: cdp.UserID}[j.opts.ContactKey == hubspot.KeyEmail]
	owned := jobkit.OwnedKeys(g, j.opts.Partition, keyType)
	store, release, err := j.OpenState(func(st *jobkit.StateFile) error {
		return jobkit.CheckPartitions(ctx, st, j.opts.Partition, j.opts.Repartition, owned)
	})
	if err != nil {
		return j.Refuse(err)
	}
	defer release()
	cfg := hubspot.SyncConfig{Group: alert.PropertyGroup(), Properties: alert.PropertyDefs(), Key: j.opts.ContactKey,
		KeyLabel: "ID do usuário na plataforma", Mode: hubspot.SyncUpsert,
		MaxClearPercent: j.opts.MaxClear, AllowMassClear: j.opts.AllowMassClear}
	if store != nil {
		cfg.Mode = hubspot.SyncMirror // contacts that left the window are cleared
	}
	if j.opts.DryRun {
		_, code := j.Plan(ctx, cfg, store, plan.records(), func(sp hubspot.SyncPlan) { j.printPlan(plan, sp) })
		return code
	}
	out, code := j.Deliver(ctx, jobkit.Delivery{Config: cfg, State: store, Records: plan.records(), Total: len(plan.contacts),
		Keys: maps.Keys(plan.byKey), Letters: plan.noKey, Show: j.printWritten,
		After: func(ctx context.Context, c *hubspot.Client, sink *jobkit.KeySink) error {
			return j.after(ctx, c, sink, plan)
		}})
	j.sum.out = &out
	j.sum.Failed += out.Report.DeadLettered
	j.sum.Pending += out.Report.Pending
	if code == exitOK && j.sum.Failed+j.sum.Pending > 0 {
		return exitRejected
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
	s.Observations, s.DroppedIDs, s.Conflicts = st.Observations, jobkit.Dropped(st, g), len(g.Conflicts())
	if unused := jobkit.UnusedTypes(st.Seen, usedTypes); unused != "" {
		fmt.Fprintf(j.Stderr, "reinvestment: warning: identities carry identifier types this job does not use: %s (it links by %s)\n", unused, cdp.UserID+", "+cdp.CPF+", "+cdp.Email+", "+cdp.Phone)
	}
	if j.opts.identitiesPath != "" && st.Seen[cdp.Email] == 0 {
		fmt.Fprintf(j.Stderr, "reinvestment: WARNING: no observation in %s carries an e-mail: no contact can be found, every alert will be a %s dead letter\n", ids.Name(), reasonNoEmail)
	}
	r, err := jobkit.BytesRows(samplePositions, "positions.csv", jobkit.FormatCSV, alert.Schema)
	if j.opts.positionsPath != "" {
		r, err = jobkit.OpenRows(j.opts.positionsPath, alert.Schema)
	}
	name := cmp.Or(j.opts.positionsPath, "(embedded sample)")
	if err != nil {
		return nil, nil, fmt.Errorf("positions %s: %w", name, err)
	}
	defer r.Close()
	det := calendar.ExpiryDetector{Calendar: j.opts.cal, Lead: j.opts.lead}
	var groups calendar.DueGroups[string, alert.Position]
	s.PositionsRead, err = alert.Read(ctx, r.Reader, func(p alert.Position) {
		if e := det.Check(j.opts.asOf, p.Maturity); e.Due {
			ids := p.Identifiers()
			person, _, _ := g.ResolveRow(ids[:]...) // a position has a valid user_id or CPF
			if !j.opts.Partition.Owns(person) {
				s.OtherPartition++
				return
			}
			groups.Add(person, alert.Due{Item: p, Expiry: e})
		}
	})
	if err != nil {
		return nil, nil, fmt.Errorf("positions %s: %w", name, err)
	}
	alerts := alert.Group(&groups)
	s.Persons, s.Alerts = g.Stats().Persons, len(alerts)
	for _, a := range alerts {
		s.DuePositions += len(a.Positions)
		s.ReinvestableSum = s.ReinvestableSum.Add(a.Amount)
	}
	return g, alerts, nil
}

// contactPlan is one contact per person with due positions and a contact
// key, and the dead letters of those without one. Properties are built as
// the records are read, so that a run holds the alerts, not ~1 KB of
// properties per contact.
type contactPlan struct {
	contacts []struct{ key, email string }
	noKey    []destination.DeadLetter
	byKey    map[string]alert.Alert // by contact key (lower-case e-mail or user id)
}

// records yields the contact records; ranging again yields the same ones.
func (p contactPlan) records() iter.Seq[hubspot.SyncRecord] {
	return func(yield func(hubspot.SyncRecord) bool) {
		for _, c := range p.contacts {
			a := p.byKey[c.key]
			if !yield(hubspot.SyncRecord{Key: c.key, Email: c.email, Properties: a.Properties(),
				Ref: map[string]string{"person_id": a.PersonID, "position_ids": strings.Join(a.PositionIDs(), ",")}}) {
				return
			}
		}
	}
}

// planContacts keys the alerts' contacts by e-mail or, with -contact-key,
// by the platform user id (the e-mail still written).
func (j *job) planContacts(g *identity.Graph, alerts []alert.Alert) contactPlan {
	plan := contactPlan{byKey: make(map[string]alert.Alert, len(alerts))}
	for _, a := range alerts {
		p, _ := g.Person(a.PersonID)
		email, _ := p.Latest(cdp.Email)
		key, reason, missing := strings.ToLower(email.Value), reasonNoEmail, "an e-mail address"
		if j.opts.ContactKey != hubspot.KeyEmail {
			uid, _ := p.Latest(cdp.UserID)
			key, reason, missing = cmp.Or(uid.Value, a.Positions[0].Item.UserID), reasonNoUserID, "a platform user id"
		}
		if key == "" {
			plan.noKey = append(plan.noKey, destination.DeadLetter{Key: a.PersonID, Payload: a.DeadLetterPayload(), Reason: reason,
				Time: time.Now().UTC(), LastError: "the person has due positions and no " + missing + " to find their contact by"})
			continue
		}
		plan.byKey[key] = a
		plan.contacts = append(plan.contacts, struct{ key, email string }{key, email.Value})
	}
	return plan
}
