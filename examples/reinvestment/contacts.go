package main

import (
	"context"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/identity"
)

// Dead-letter reasons of persons with due positions and no contact key.
const (
	reasonNoEmail  = "no_email"   // keyed by e-mail, the person has none
	reasonNoUserID = "no_user_id" // keyed by -contact-key, the person has no user id
)

// contactPlan is what the job writes: one contact per person with due
// positions and a contact key, and the dead letters of those without one.
// The records' properties are built when they are read (see records), so
// that a run holds the alerts, not ~1 KB of properties per contact.
type contactPlan struct {
	contacts []planned
	noKey    []destination.DeadLetter
	byKey    map[string]alert // alerts by contact key (lower-case e-mail or user id)
}

// planned is one contact of the plan.
type planned struct {
	key, email string
}

// records yields the contact records, building each one's properties as it
// is read; ranging over it again yields the same records.
func (p contactPlan) records() iter.Seq[hubspot.SyncRecord] {
	return func(yield func(hubspot.SyncRecord) bool) {
		for _, c := range p.contacts {
			a := p.byKey[c.key]
			rec := hubspot.SyncRecord{
				Key: c.key, Email: c.email, Properties: a.properties(),
				Ref: map[string]string{"person_id": a.PersonID, "position_ids": strings.Join(a.positionIDs(), ",")},
			}
			if !yield(rec) {
				return
			}
		}
	}
}

// planContacts turns the alerts into contact records keyed by e-mail or,
// with -contact-key, by the platform user id (the e-mail still written).
func (j *job) planContacts(g *identity.Graph, alerts []alert) contactPlan {
	plan := contactPlan{byKey: make(map[string]alert, len(alerts))}
	now := time.Now().UTC()
	for _, a := range alerts {
		p, _ := g.Person(a.PersonID)
		email, _ := p.Latest(cdp.Email)
		key, reason, missing := strings.ToLower(email.Value), reasonNoEmail, "an e-mail address"
		if j.opts.contactKey != hubspot.KeyEmail {
			uid, _ := p.Latest(cdp.UserID)
			if uid.Value == "" {
				uid.Value = a.Positions[0].Item.UserID // a holder never observed
			}
			key, reason, missing = uid.Value, reasonNoUserID, "a platform user id"
		}
		if key == "" {
			plan.noKey = append(plan.noKey, destination.DeadLetter{
				Key: a.PersonID, Payload: a.deadLetterPayload(), Reason: reason, Time: now,
				LastError: "the person has due positions and no " + missing + " to find their contact by",
			})
			continue
		}
		plan.byKey[key] = a
		plan.contacts = append(plan.contacts, planned{key: key, email: email.Value})
	}
	return plan
}

// syncConfig is the contact sync of this run: the reinvestment properties,
// the contact key, mirror mode (contacts that left the window are cleared)
// when a state is kept.
func (j *job) syncConfig(state *jobkit.StateFile, sink destination.DeadLetterSink) hubspot.SyncConfig {
	cfg := hubspot.SyncConfig{
		Group: propertyGroup(), Properties: propertyDefs(),
		Key: j.opts.contactKey, KeyLabel: "ID do usuário na plataforma",
		Mode:            hubspot.SyncUpsert,
		MaxClearPercent: j.opts.maxClear, AllowMassClear: j.opts.allowMassClear,
		DeadLetters: sink, Logger: j.logger,
		MaxAttempts: pipelineAttempts, BackoffBase: j.retryBase,
	}
	if state != nil {
		cfg.Mode, cfg.State = hubspot.SyncMirror, state
	}
	return cfg
}

// keyRecorder passes dead letters on and remembers their keys: the
// contacts that get no task.
type keyRecorder struct {
	next destination.DeadLetterSink
	mu   sync.Mutex
	keys map[string]bool
}

func (r *keyRecorder) Put(ctx context.Context, l destination.DeadLetter) error {
	r.mu.Lock()
	if r.keys == nil {
		r.keys = make(map[string]bool)
	}
	r.keys[l.Key] = true
	r.mu.Unlock()
	return r.next.Put(ctx, l)
}

func (r *keyRecorder) failed(key string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.keys[key]
}

// positionIDs lists the alert's position ids.
func (a alert) positionIDs() []string {
	ids := make([]string, 0, len(a.Positions))
	for _, p := range a.Positions {
		ids = append(ids, p.Item.ID)
	}
	return slices.Clip(ids)
}
