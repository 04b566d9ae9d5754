package hubspot

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
)

// SyncReport is what a ContactSync run did. Once the run is past the guard
// and the schema, every record given and every clear planned ends in exactly
// one outcome, so that
//
//	Records + Clears == Created + Updated + Unchanged + Cleared + DeadLettered + Pending
type SyncReport struct {
	Mode    SyncMode
	Records int // records read from the input
	Clears  int // contacts the run set out to clear (SyncMirror)

	Created   int // contacts HubSpot created
	Updated   int // contacts HubSpot updated
	Unchanged int // records skipped: the state has their fingerprint
	// Cleared counts the contacts whose managed properties were emptied,
	// each then forgotten in the state; Gone, a part of it, counts those
	// HubSpot no longer had.
	Cleared int
	Gone    int
	// DeadLettered counts the records and clears given up on: refused
	// before sending (ReasonNoKey...), rejected by HubSpot or out of
	// retries. Pending counts those left when the run was cancelled.
	DeadLettered int
	Pending      int
	// Letters counts the dead letters the sink accepted, by reason
	// (destination.ReasonPending included); nil when there were none.
	Letters map[string]int
	// SinkFailures counts the dead letters the sink refused (they are in
	// DeadLetters); StateErrors the state store calls that failed.
	SinkFailures int
	StateErrors  int

	// Delivered lists, sorted, the keys of the contacts HubSpot confirmed
	// created or updated in this run; ClearedKeys, the contacts cleared.
	Delivered   []string
	ClearedKeys []string
	// DeadLetters holds the letters kept in memory: all of them without a
	// SyncConfig.DeadLetters sink, otherwise those the sink refused.
	DeadLetters []destination.DeadLetter
	// Pipeline is the report of the pipeline that sent the writes.
	Pipeline destination.Report
}

// Run writes records to HubSpot:
//
//  1. it refuses, before any request, a SyncMirror run that would clear
//     too many contacts (*MassClearError);
//  2. it ensures the group, the managed properties and a custom key
//     property (EnsureSchema; a refused schema stops the run);
//  3. it writes the records through a destination.Pipeline — unchanged
//     ones skipped, refused ones dead-lettered with the sync's reason —
//     and, in SyncMirror, clears the contacts that left the set and
//     forgets them in the state.
//
// Run streams: it ranges over records twice (only once when it stops
// before sending), and both passes must yield the same records, in any
// order. The first pass reads only each record's Key, for the duplicate
// check and the guard; the second reads whole records as the pipeline
// takes them, so Run holds about twice SyncConfig.QueueSize records at a
// time (plus the keys and the report's key lists), however many records
// there are. slices.Values(s) is such an iterator, and so is one that
// rebuilds each record from the caller's own data on every pass, which
// keeps the caller's memory bounded too; it may set only Key on its first
// pass, since nothing else is read then. A record of the second pass whose
// key the first did not yield (or not as often) is never sent: it is a
// dead letter with ReasonInputChanged, and Run returns an error wrapping
// ErrInputChanged, as it does when the second pass yields fewer records;
// an iterator that can be ranged over only once ends that way, having sent
// nothing. The values read on the second pass are the ones sent.
//
// Per-record failures are dead letters counted in the report, not errors.
// The error is for what stops or spoils the run as a whole: an invalid or
// refused schema, a failing state store or dead-letter sink, the guard, a
// changed input, a cancelled ctx. When ctx is cancelled, Run stops
// enqueueing, lets the batches in flight settle for up to SyncConfig.Grace
// (counted from the cancellation), writes the records it did not send to
// the dead letters as destination.ReasonPending (it ranges over the rest of
// the second pass to do so) and returns an error matching ctx's; the state
// only ever holds what HubSpot confirmed, so a later run completes the
// work. The report is valid whatever the error.
func (s *ContactSync) Run(ctx context.Context, records iter.Seq[SyncRecord]) (SyncReport, error) {
	rep := SyncReport{Mode: s.cfg.Mode}
	keys, err := s.tally(ctx, records)
	if err != nil {
		return rep, err
	}
	rep.Records = keys.records
	clears, known, err := s.absent(ctx, keys.seen)
	if err != nil {
		return rep, err
	}
	if err := s.guard(len(clears), known); err != nil {
		s.cfg.Logger.WarnContext(ctx, "hubspot: contact sync refused a mass clear", "clears", len(clears), "known", known,
			"max_percent", s.cfg.MaxClearPercent)
		return rep, err
	}
	rep.Clears = len(clears)
	if err := s.ensureSchema(ctx); err != nil {
		return rep, err
	}

	r := &syncRun{s: s, rep: &rep}
	r.sink, r.mem = s.cfg.DeadLetters, nil
	if r.sink == nil {
		r.mem = destination.NewMemorySink()
		r.sink = r.mem
	}
	if r.dest, err = newSyncDest(s.c, s.key); err != nil {
		return rep, err
	}
	p, err := destination.New(r.dest, s.pipelineConfig(r))
	if err != nil {
		return rep, err
	}
	closeCtx, release := r.graceContext(ctx)
	notEnqueued, enqueueErr := r.stream(ctx, p, records, keys, clears)
	prep, closeErr := p.Close(closeCtx)
	release()
	rep.Records = keys.records2
	r.finish(prep, notEnqueued)

	var errs []error
	switch {
	case ctx.Err() != nil:
		errs = append(errs, fmt.Errorf("hubspot: contact sync stopped with %d records pending: %w", rep.Pending, ctx.Err()))
	case enqueueErr != nil:
		errs = append(errs, fmt.Errorf("hubspot: contact sync: %w", enqueueErr))
	}
	if err := keys.changed(); err != nil {
		errs = append(errs, err)
	}
	if closeErr != nil {
		errs = append(errs, closeErr)
	}
	if r.sinkErr != nil {
		errs = append(errs, fmt.Errorf("hubspot: contact sync: %w: %w", destination.ErrDeadLetterSink, r.sinkErr))
	}
	s.cfg.Logger.InfoContext(ctx, "hubspot: contact sync done", "mode", rep.Mode.String(), "records", rep.Records,
		"created", rep.Created, "updated", rep.Updated, "unchanged", rep.Unchanged, "cleared", rep.Cleared,
		"dead_lettered", rep.DeadLettered, "pending", rep.Pending)
	return rep, errors.Join(errs...)
}

// ensureSchema creates what is missing of the group and properties, and
// checks that a custom key property is unique.
func (s *ContactSync) ensureSchema(ctx context.Context) error {
	if len(s.defs) == 0 {
		return nil
	}
	res, err := s.c.Properties.EnsureSchema(ctx, "contacts", s.cfg.Group, s.defs)
	if err != nil {
		return fmt.Errorf("hubspot: contact sync: schema: %w", err)
	}
	if s.key == KeyEmail || !slices.Contains(res.Existing, s.key) {
		return nil
	}
	p, err := s.c.Properties.Get(ctx, "contacts", s.key)
	if err != nil {
		return fmt.Errorf("hubspot: contact sync: schema: %w", err)
	}
	if !p.HasUniqueValue {
		return fmt.Errorf("%w: %s (it can be set only when the property is created)", ErrKeyNotUnique, s.key)
	}
	return nil
}

// pipelineConfig is the pipeline's configuration for one run.
func (s *ContactSync) pipelineConfig(r *syncRun) destination.Config[SyncPayload] {
	c := s.cfg
	return destination.Config[SyncPayload]{
		BatchSize: c.BatchSize, Parallelism: c.Parallelism, QueueSize: c.QueueSize,
		MaxAttempts: c.MaxAttempts, BackoffBase: c.BackoffBase, BackoffMax: c.BackoffMax,
		MaxElapsed: c.MaxElapsed, SendTimeout: c.SendTimeout,
		DeadLetters: r.sink, State: c.State, Logger: c.Logger,
		Progress: c.Progress, ProgressInterval: c.ProgressInterval, OnWait: c.OnWait,
		OnResult: r.onResult,
	}
}

// syncRun is the bookkeeping of one Run.
type syncRun struct {
	s    *ContactSync
	rep  *SyncReport
	dest *syncDest
	sink destination.DeadLetterSink
	mem  *destination.MemorySink // the sink when the caller gave none

	mu        sync.Mutex
	letters   map[string]int
	kept      []destination.DeadLetter
	sinkErr   error
	delivered []string
	cleared   []string
	created   int
	gone      int
}

// onResult counts the final result of a record sent.
func (r *syncRun) onResult(rec destination.Record[SyncPayload], res destination.Result) {
	if res.Status != destination.StatusDelivered {
		return
	}
	created, gone := r.dest.settled(rec.Key)
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case rec.Payload.Action == "clear":
		r.cleared = append(r.cleared, rec.Key)
		if gone {
			r.gone++
		}
	default:
		r.delivered = append(r.delivered, rec.Key)
		if created {
			r.created++
		}
	}
}

// put writes one of the sync's own letters: a refused or pending record.
func (r *syncRun) put(ctx context.Context, rec destination.Record[SyncPayload], reason, lastError string) {
	l := destination.DeadLetter{Key: rec.Key, Payload: rec.Payload, Reason: reason, LastError: lastError, Time: time.Now().UTC()}
	err := r.sink.Put(context.WithoutCancel(ctx), l)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.kept = append(r.kept, l)
		r.rep.SinkFailures++
		if r.sinkErr == nil {
			r.sinkErr = err
		}
		return
	}
	if r.letters == nil {
		r.letters = map[string]int{}
	}
	r.letters[reason]++
}

// stream is the second pass: it builds each record, dead-letters the
// refused ones and hands the others, then the clears, to p. Once an
// Enqueue fails (ctx ended), it writes the rest as pending letters and
// returns how many, with why.
func (r *syncRun) stream(ctx context.Context, p *destination.Pipeline[SyncPayload], records iter.Seq[SyncRecord], keys *keyTally, clears []string) (notEnqueued int, err error) {
	send := func(rec destination.Record[SyncPayload]) {
		if err == nil {
			err = p.Enqueue(ctx, rec)
		}
		if err != nil {
			r.put(ctx, rec, destination.ReasonPending, err.Error())
			notEnqueued++
		}
	}
	for rec := range records {
		e := r.s.entry(rec, keys)
		if e.refuse != nil {
			r.put(ctx, e.rec, e.refuse.reason, e.refuse.Error())
			r.rep.DeadLettered++
			continue
		}
		send(e.rec)
	}
	for _, k := range clears {
		send(r.s.clearRecord(k))
	}
	return notEnqueued, err
}

// graceContext returns the context to close the pipeline with: it ends
// SyncConfig.Grace after ctx does, so that the batches in flight when the
// run is cancelled get the grace period to settle before the pipeline
// gives up on them. release stops the timer; call it once Close returned.
func (r *syncRun) graceContext(ctx context.Context) (closeCtx context.Context, release func()) {
	closeCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-done:
			return
		}
		t := time.NewTimer(r.s.cfg.Grace)
		defer t.Stop()
		select {
		case <-t.C:
			cancel()
		case <-done:
		}
	}()
	return closeCtx, sync.OnceFunc(func() {
		close(done)
		cancel()
	})
}

// finish fills the report from the pipeline's and the run's counts.
func (r *syncRun) finish(prep destination.Report, notEnqueued int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := r.rep
	rep.Pipeline = prep
	rep.Created = r.created
	rep.Updated = len(r.delivered) - r.created
	rep.Unchanged = prep.Skipped
	rep.Cleared, rep.Gone = len(r.cleared), r.gone
	rep.DeadLettered += prep.DeadLettered
	rep.Pending = prep.Pending + notEnqueued
	rep.SinkFailures += prep.SinkFailures
	rep.StateErrors = prep.StateErrors
	rep.Delivered = slices.Sorted(slices.Values(r.delivered))
	rep.ClearedKeys = slices.Sorted(slices.Values(r.cleared))
	letters := maps.Clone(r.letters)
	for reason, n := range prep.Letters {
		if letters == nil {
			letters = map[string]int{}
		}
		letters[reason] += n
	}
	rep.Letters = letters
	if r.mem != nil {
		rep.DeadLetters = r.mem.Letters()
	}
	rep.DeadLetters = append(rep.DeadLetters, prep.DeadLetters...)
	rep.DeadLetters = append(rep.DeadLetters, r.kept...)
}
