package destination

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// slotState is where a key's record is.
type slotState uint8

const (
	stateBuilding slotState = iota // in the batch being built
	stateSent                      // in a batch handed to (or waiting for) a worker
	stateRetry                     // waiting for its retry time
)

// slot is the pipeline's state for one key past the queue. At most one slot
// exists per key, so records with the same key never travel concurrently.
type slot[T any] struct {
	rec      Record[T]
	gen      uint64 // Flush generation of the oldest record it carries
	attempts int
	first    time.Time // first send
	due      time.Time // next retry
	lastErr  error
	state    slotState

	// A record with the same key that arrived while this one was sent.
	hasNext bool
	next    Record[T]
	nextGen uint64
}

// batch is a batch of slots and the records sent for them.
type batch[T any] struct {
	slots []*slot[T]
	recs  []Record[T]
	res   []Result
	own   []Result // reusable storage for res filled by the pipeline
	sent  bool     // the destination's Send was called
}

// fill sets every result to r.
func (b *batch[T]) fill(r Result) {
	b.own = b.own[:0]
	for range b.recs {
		b.own = append(b.own, r)
	}
	b.res = b.own
}

// waiter is a Flush waiting for every record of generation gen or older.
type waiter struct {
	gen uint64
	ch  chan error
}

// loop owns the pipeline's state; it runs on one goroutine.
type loop[T any] struct {
	p *Pipeline[T]
	s *settings[T]

	active      map[string]*slot[T]
	free        []*slot[T]
	building    *batch[T]
	ready       []*batch[T]
	freeBatches []*batch[T]
	retries     retryHeap[T]
	held        int // records held past the queue
	peakHeld    int // most records held at once
	limit       int // most records held before intake pauses
	inflight    int // batches handed to workers

	gen     uint64 // current Flush generation
	outBase uint64 // generation of outs[0]
	outs    []int  // records not settled per generation from outBase
	waiters []waiter

	flushTimer *time.Timer
	flushArmed bool
	retryTimer *time.Timer
	ticker     *time.Ticker
	lastTick   int64

	closing  bool
	aborting bool

	sinkErr  error
	fallback []DeadLetter

	stateErr      *StateError // the first store failure
	flushStateErr *StateError // the first since a Flush was last answered
}

func newLoop[T any](p *Pipeline[T]) *loop[T] {
	s := &p.s
	d := &loop[T]{
		p:      p,
		s:      s,
		active: make(map[string]*slot[T]),
		limit:  max(s.queueSize, s.batchSize*(s.parallelism+1)),
		outs:   []int{0},
	}
	d.building = d.newBatch()
	d.flushTimer = time.NewTimer(time.Hour)
	d.flushTimer.Stop()
	d.retryTimer = time.NewTimer(time.Hour)
	d.retryTimer.Stop()
	if s.progress != nil {
		d.ticker = time.NewTicker(s.progressInterval)
	}
	return d
}

func (d *loop[T]) run() {
	p := d.p
	closing := p.closing
	abort := p.abortCh
	var tick <-chan time.Time
	if d.ticker != nil {
		tick = d.ticker.C
	}
	for !d.finished() {
		var queue <-chan item[T]
		if d.aborting || d.held < d.limit {
			queue = p.queue
		}
		var work chan<- *batch[T]
		var next *batch[T]
		if len(d.ready) > 0 {
			work, next = p.work, d.ready[0]
		}
		select {
		case it := <-queue:
			d.receive(it)
			d.receiveMore()
		case work <- next:
			d.ready[0] = nil
			d.ready = d.ready[1:]
			d.inflight++
			p.c.inFlight.Add(int64(len(next.recs)))
			if d.debugging() {
				d.s.logger.LogAttrs(context.Background(), slog.LevelDebug, "batch handed to a worker", slog.Int("records", len(next.recs)))
			}
		case b := <-p.results:
			d.settle(b)
		case <-d.flushTimer.C:
			d.flushArmed = false
			d.seal()
		case <-d.retryTimer.C:
			d.retryDue()
		case <-closing:
			closing = nil
			d.closing = true
		case <-abort:
			abort = nil
			d.abortAll()
		case <-p.wake:
		case <-tick:
			d.progress(false)
		}
		// Closing or flushing: send a partial batch once nothing more is
		// queued to fill it.
		if (d.closing || len(d.waiters) > 0) && len(d.building.slots) > 0 &&
			(len(p.queue) == 0 || d.held >= d.limit) {
			d.seal()
		}
	}
	d.exit()
}

// finished reports whether the pipeline is closed and empty.
func (d *loop[T]) finished() bool {
	return d.closing && d.held == 0 && d.inflight == 0 &&
		d.p.enqueuers.Load() == 0 && len(d.p.queue) == 0
}

// exit stops the workers, builds the report and signals Close.
func (d *loop[T]) exit() {
	p := d.p
	close(p.work)
	p.workers.Wait()
	p.cancel()
	d.flushTimer.Stop()
	d.retryTimer.Stop()
	if d.ticker != nil {
		d.ticker.Stop()
	}
	var err error
	if d.aborting {
		err = ErrClosed
	}
	for _, w := range d.waiters {
		w.ch <- d.flushErr(err)
	}
	d.waiters = nil
	c := &p.c
	r := Report{
		Enqueued:     int(c.received.Load()),
		Delivered:    int(c.delivered.Load()),
		Rejected:     int(c.rejected.Load()),
		DeadLettered: int(c.dead.Load()),
		Skipped:      int(c.skipped.Load()),
		Coalesced:    int(c.coalesced.Load()),
		Pending:      int(c.pending.Load()),
		Retried:      int(c.retried.Load()),
		BatchesSent:  int(c.batches.Load()),
		Letters:      p.letterCounts(),
		SinkFailures: int(c.sinkFailures.Load()),
		StateErrors:  int(c.stateErrors.Load()),
	}
	if d.s.memSink != nil {
		r.DeadLetters = d.s.memSink.Letters()
	} else {
		r.DeadLetters = d.fallback
	}
	p.report = r
	p.peakHeld = d.peakHeld
	if d.sinkErr != nil {
		p.err = errors.Join(ErrDeadLetterSink, d.sinkErr)
	}
	if d.stateErr != nil {
		p.err = errors.Join(p.err, fmt.Errorf("destination: %d state store calls failed; the first: %w", r.StateErrors, d.stateErr))
	}
	d.progress(true)
	d.s.logger.Info("destination pipeline closed",
		slog.Int("enqueued", r.Enqueued), slog.Int("delivered", r.Delivered),
		slog.Int("dead_lettered", r.DeadLettered), slog.Int("rejected", r.Rejected),
		slog.Int("skipped", r.Skipped), slog.Int("coalesced", r.Coalesced),
		slog.Int("pending", r.Pending), slog.Int("batches", r.BatchesSent))
	close(p.done)
}

// progress calls the Progress callback if counters moved (or final).
func (d *loop[T]) progress(final bool) {
	if d.s.progress == nil {
		return
	}
	c := &d.p.c
	v := c.received.Load() + c.batches.Load() + c.delivered.Load() + c.dead.Load() +
		c.skipped.Load() + c.coalesced.Load() + c.retried.Load()
	if !final && v == d.lastTick {
		return
	}
	d.lastTick = v
	d.s.progress(d.p.Stats())
}

// receiveMore takes what is already queued, up to a batch, without
// going back to the select.
func (d *loop[T]) receiveMore() {
	for range d.s.batchSize {
		if !d.aborting && d.held >= d.limit {
			return
		}
		select {
		case it := <-d.p.queue:
			d.receive(it)
		default:
			return
		}
	}
}

// receive takes one item from the queue.
func (d *loop[T]) receive(it item[T]) {
	if it.flush != nil {
		d.waiters = append(d.waiters, waiter{gen: d.gen, ch: it.flush})
		d.gen++
		d.outs = append(d.outs, 0)
		d.checkWaiters()
		return
	}
	rec := it.rec
	d.p.c.received.Add(1)
	if d.p.seen != nil {
		d.p.seen[rec.Key] = struct{}{}
	}
	if d.aborting {
		d.letter(rec, ReasonPending, 0, nil)
		d.p.c.pending.Add(1)
		return
	}
	d.held++
	d.peakHeld = max(d.peakHeld, d.held)
	d.outs[d.gen-d.outBase]++
	s, ok := d.active[rec.Key]
	if !ok {
		s = d.newSlot()
		s.rec, s.gen = rec, d.gen
		d.active[rec.Key] = s
		d.add(s)
		return
	}
	switch s.state {
	case stateBuilding, stateRetry:
		s.rec = d.merge(s.rec, rec)
		d.coalesced(d.gen)
	case stateSent:
		if s.hasNext {
			s.next = d.merge(s.next, rec)
			d.coalesced(d.gen)
		} else {
			s.hasNext, s.next, s.nextGen = true, rec, d.gen
		}
	}
}

// merge coalesces two records with the same key.
func (d *loop[T]) merge(old, new Record[T]) Record[T] {
	if d.s.coalesce == nil {
		return new
	}
	r := d.s.coalesce(old, new)
	r.Key = old.Key
	return r
}

// coalesced accounts for a record merged away, of generation gen.
func (d *loop[T]) coalesced(gen uint64) {
	d.p.c.coalesced.Add(1)
	d.settled(gen)
}

// settled accounts for a record of generation gen that left the pipeline.
func (d *loop[T]) settled(gen uint64) {
	d.held--
	d.outs[gen-d.outBase]--
}

// add puts s in the batch being built.
func (d *loop[T]) add(s *slot[T]) {
	s.state = stateBuilding
	b := d.building
	b.slots = append(b.slots, s)
	if len(b.slots) >= d.s.batchSize {
		d.seal()
		return
	}
	if !d.flushArmed {
		d.flushTimer.Reset(d.s.flushInterval)
		d.flushArmed = true
	}
}

// seal closes the batch being built: unchanged records are skipped, the
// rest wait for a worker.
func (d *loop[T]) seal() {
	b := d.building
	if len(b.slots) == 0 {
		return
	}
	d.building = d.newBatch()
	if d.flushArmed {
		d.flushTimer.Stop()
		d.flushArmed = false
	}
	kept := b.slots[:0]
	for _, s := range b.slots {
		if d.unchanged(s.rec) {
			d.p.c.skipped.Add(1)
			d.release(s)
			continue
		}
		kept = append(kept, s)
	}
	clear(b.slots[len(kept):])
	b.slots = kept
	if len(kept) == 0 {
		d.recycle(b)
		return
	}
	now := time.Now()
	for _, s := range kept {
		s.state = stateSent
		if s.attempts == 0 {
			s.first = now
		}
		b.recs = append(b.recs, s.rec)
	}
	d.ready = append(d.ready, b)
}

// unchanged reports whether rec's fingerprint is the one last delivered.
// When the store cannot tell, the record is sent and the failure reported.
func (d *loop[T]) unchanged(rec Record[T]) bool {
	if d.s.state == nil || rec.Fingerprint == "" {
		return false
	}
	fp, ok, err := d.s.state.Get(d.p.ctx, rec.Key)
	if err != nil {
		d.stateFailed("get", rec.Key, err)
		return false
	}
	return ok && fp == rec.Fingerprint
}

// stateFailed reports a failed store call: counted, logged with the key
// masked, and kept for the next Flush and for Close.
func (d *loop[T]) stateFailed(op, key string, err error) {
	se := &StateError{Op: op, Err: err}
	d.p.c.stateErrors.Add(1)
	if d.stateErr == nil {
		d.stateErr = se
	}
	if d.flushStateErr == nil {
		d.flushStateErr = se
	}
	d.s.logger.Error("state store failed", slog.String("op", op), slog.String("key", maskKey(key)), slog.Any("error", err))
}

// flushErr is the error for a Flush answered now (err is ErrClosed or
// nil): it carries the store failure since the last Flush answered.
func (d *loop[T]) flushErr(err error) error {
	if d.flushStateErr != nil {
		err = errors.Join(err, d.flushStateErr)
		d.flushStateErr = nil
	}
	return err
}

func (d *loop[T]) newSlot() *slot[T] {
	if n := len(d.free); n > 0 {
		s := d.free[n-1]
		d.free = d.free[:n-1]
		return s
	}
	return &slot[T]{}
}

func (d *loop[T]) newBatch() *batch[T] {
	if n := len(d.freeBatches); n > 0 {
		b := d.freeBatches[n-1]
		d.freeBatches = d.freeBatches[:n-1]
		return b
	}
	return &batch[T]{slots: make([]*slot[T], 0, d.s.batchSize), recs: make([]Record[T], 0, d.s.batchSize)}
}

// recycle keeps b for reuse, dropping its references.
func (d *loop[T]) recycle(b *batch[T]) {
	clear(b.slots)
	clear(b.recs)
	clear(b.own)
	b.slots, b.recs, b.own, b.res, b.sent = b.slots[:0], b.recs[:0], b.own[:0], nil, false
	if len(d.freeBatches) < d.s.parallelism+2 {
		d.freeBatches = append(d.freeBatches, b)
	}
}

// gaveUp reports whether Close's context ended: nothing is retried any
// more. The context is cancelled before the abort signal reaches the loop.
func (d *loop[T]) gaveUp() bool { return d.aborting || d.p.ctx.Err() != nil }

// debugging reports whether debug logs are wanted.
func (d *loop[T]) debugging() bool {
	return d.s.logger.Enabled(context.Background(), slog.LevelDebug)
}
