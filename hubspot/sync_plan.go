package hubspot

import (
	"context"
	"fmt"
	"iter"
)

// SyncAction is what a run would do with one contact.
type SyncAction string

// The actions of a SyncPlan.
const (
	ActionUpsert     SyncAction = "upsert"      // create or update (SyncUpsert, SyncMirror)
	ActionUpdate     SyncAction = "update"      // update if the contact exists (SyncUpdate)
	ActionUnchanged  SyncAction = "unchanged"   // skipped: the state has its fingerprint
	ActionClear      SyncAction = "clear"       // empty the managed properties (SyncMirror)
	ActionDeadLetter SyncAction = "dead_letter" // refused before sending; see Reason
)

// PlannedContact is one line of a SyncPlan.
type PlannedContact struct {
	Key        string
	Action     SyncAction
	Reason     string     // the dead-letter reason, for ActionDeadLetter
	Properties Properties // what would be written (nil for ActionDeadLetter)
	Ref        map[string]string
}

// SyncPlan is what Run would do, computed without sending anything.
type SyncPlan struct {
	Mode SyncMode
	// Contacts lists the records in input order, then the clears sorted
	// by key. A record HubSpot itself would refuse (an invalid e-mail, say)
	// is planned as a write: only HubSpot can tell.
	Contacts []PlannedContact
	// Known is the number of keys in the state, counted in SyncMirror
	// only (the guard's base).
	Known int
	// Guard is the *MassClearError Run would return, or nil when the run
	// may proceed.
	Guard error
}

// Count returns how many contacts the plan gives action.
func (p SyncPlan) Count(action SyncAction) int {
	n := 0
	for _, c := range p.Contacts {
		if c.Action == action {
			n++
		}
	}
	return n
}

// Plan computes what Run would do with records — for each record upsert,
// update, unchanged or dead letter, the clears, and the guard's verdict —
// reading the state but sending nothing and writing nothing. Like Run, it
// ranges over records twice, reads only Key on the first pass, and both
// passes must yield the same records; the plan itself holds every
// record's properties. Its error is for
// a state store that cannot answer, a cancelled ctx, or records that
// changed between the passes (ErrInputChanged, with the plan filled and
// the records the first pass did not have planned as dead letters with
// ReasonInputChanged).
func (s *ContactSync) Plan(ctx context.Context, records iter.Seq[SyncRecord]) (SyncPlan, error) {
	plan := SyncPlan{Mode: s.cfg.Mode}
	keys, err := s.tally(ctx, records)
	if err != nil {
		return plan, err
	}
	write := ActionUpsert
	if s.cfg.Mode == SyncUpdate {
		write = ActionUpdate
	}
	for rec := range records {
		if err := ctx.Err(); err != nil {
			return plan, err
		}
		e := s.entry(rec, keys)
		pc := PlannedContact{Key: e.rec.Key, Action: write, Properties: e.rec.Payload.Properties, Ref: e.rec.Payload.Ref}
		switch {
		case e.refuse != nil:
			pc.Action, pc.Reason, pc.Properties = ActionDeadLetter, e.refuse.reason, nil
		case s.cfg.State != nil:
			fp, ok, err := s.cfg.State.Get(ctx, e.rec.Key)
			if err != nil {
				return plan, fmt.Errorf("hubspot: contact sync plan: state get: %w", err)
			}
			if ok && fp == e.rec.Fingerprint {
				pc.Action = ActionUnchanged
			}
		}
		plan.Contacts = append(plan.Contacts, pc)
	}
	clears, known, err := s.absent(ctx, keys.seen)
	if err != nil {
		return plan, err
	}
	plan.Known = known
	for _, k := range clears {
		rec := s.clearRecord(k)
		plan.Contacts = append(plan.Contacts, PlannedContact{Key: k, Action: ActionClear, Properties: rec.Payload.Properties})
	}
	plan.Guard = s.guard(len(clears), known)
	return plan, keys.changed()
}
