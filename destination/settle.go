package destination

import (
	"container/heap"
	"context"
	"errors"
	"log/slog"
	"time"
)

// settle processes the results of a batch.
func (d *loop[T]) settle(b *batch[T]) {
	c := &d.p.c
	d.inflight--
	c.inFlight.Add(-int64(len(b.recs)))
	if b.sent {
		c.batches.Add(1)
	}
	now := time.Now()
	d.p.sample(now) // the count before this batch, so Rate covers it
	for i, s := range b.slots {
		r := b.res[i]
		s.attempts++
		switch r.Status {
		case StatusDelivered:
			if st := d.s.state; st != nil {
				if fp := b.recs[i].Fingerprint; fp != "" {
					st.Put(s.rec.Key, fp)
				} else {
					st.Delete(s.rec.Key)
				}
			}
			c.delivered.Add(1)
			d.result(b.recs[i], r)
			d.release(s)
		case StatusRejected:
			c.rejected.Add(1)
			d.result(b.recs[i], r)
			d.dead(s, rejectReason(r.Err), r.Err)
		default:
			d.retry(s, r, now)
		}
	}
	d.recycle(b)
	d.checkWaiters()
}

// result calls the OnResult callback.
func (d *loop[T]) result(rec Record[T], r Result) {
	if d.s.onResult != nil {
		d.s.onResult(rec, r)
	}
}

// rejectReason is the dead-letter reason of a rejecting error.
func rejectReason(err error) string {
	var r Reasoner
	if errors.As(err, &r) {
		if reason := r.Reason(); reason != "" {
			return reason
		}
	}
	return ReasonRejected
}

// retry schedules s again after a retryable result, or gives up on it.
func (d *loop[T]) retry(s *slot[T], r Result, now time.Time) {
	if r.Status != StatusRetryable {
		r = Retryable(errors.Join(ErrResultCount, errors.New("unknown result status "+r.Status.String()), r.Err), r.After)
	}
	s.lastErr = r.Err
	if d.gaveUp() {
		d.pending(s)
		return
	}
	if s.hasNext { // the newer record replaces the failed one
		s.rec = d.merge(s.rec, s.next)
		d.coalesced(s.nextGen)
		s.hasNext, s.next = false, Record[T]{}
	}
	if s.attempts >= d.s.maxAttempts {
		d.result(s.rec, r)
		d.dead(s, ReasonRetriesExhausted, r.Err)
		return
	}
	wait := backoff(s.attempts, r.After, d.s.backoffBase, d.s.backoffMax, d.s.jitter)
	if now.Add(wait).Sub(s.first) > d.s.maxElapsed {
		d.result(s.rec, r)
		d.dead(s, ReasonBudgetExhausted, r.Err)
		return
	}
	d.p.c.retried.Add(1)
	s.state = stateRetry
	s.due = now.Add(wait)
	heap.Push(&d.retries, s)
	d.armRetry(now)
	if d.debugging() {
		d.s.logger.LogAttrs(context.Background(), slog.LevelDebug, "retry scheduled", slog.String("key", maskKey(s.rec.Key)), slog.Int("attempt", s.attempts),
			slog.Duration("wait", wait), slog.Any("error", r.Err))
	}
}

// armRetry sets the retry timer for the earliest retry.
func (d *loop[T]) armRetry(now time.Time) {
	if len(d.retries) == 0 {
		d.retryTimer.Stop()
		return
	}
	d.retryTimer.Reset(max(d.retries[0].due.Sub(now), 0))
}

// retryDue moves the records whose retry time has come to the batch.
func (d *loop[T]) retryDue() {
	now := time.Now()
	for len(d.retries) > 0 && !d.retries[0].due.After(now) {
		s := heap.Pop(&d.retries).(*slot[T])
		d.add(s)
	}
	d.armRetry(now)
}

// dead dead-letters s with reason.
func (d *loop[T]) dead(s *slot[T], reason string, err error) {
	d.p.c.dead.Add(1)
	d.letter(s.rec, reason, s.attempts, err)
	d.release(s)
}

// pending gives up on s (and its next record) because Close aborted.
func (d *loop[T]) pending(s *slot[T]) {
	d.p.c.pending.Add(1)
	d.letter(s.rec, ReasonPending, s.attempts, s.lastErr)
	if s.hasNext {
		d.p.c.pending.Add(1)
		d.letter(s.next, ReasonPending, 0, nil)
		d.settled(s.nextGen)
		s.hasNext = false
	}
	d.release(s)
}

// release settles s's record; its key's next record, if any, takes the slot.
func (d *loop[T]) release(s *slot[T]) {
	d.settled(s.gen)
	if s.hasNext {
		s.rec, s.gen = s.next, s.nextGen
		s.hasNext, s.next = false, Record[T]{}
		s.attempts, s.first, s.lastErr = 0, time.Time{}, nil
		if d.aborting {
			d.pending(s)
			return
		}
		d.add(s)
		return
	}
	delete(d.active, s.rec.Key)
	*s = slot[T]{}
	d.free = append(d.free, s)
}

// letter writes a dead letter to the sink, keeping it if the sink fails.
func (d *loop[T]) letter(rec Record[T], reason string, attempts int, err error) {
	l := DeadLetter{Key: rec.Key, Payload: rec.Payload, Reason: reason, Attempts: attempts, Time: time.Now()}
	if err != nil {
		l.LastError = err.Error()
	}
	if perr := d.s.sink.Put(context.Background(), l); perr != nil {
		d.fallback = append(d.fallback, l)
		if d.sinkErr == nil {
			d.sinkErr = perr
		}
		d.s.logger.Error("dead-letter sink failed; letter kept in the report",
			slog.String("key", maskKey(rec.Key)), slog.String("reason", reason), slog.Any("error", perr))
		return
	}
	if reason != ReasonPending {
		d.s.logger.Warn("record dead-lettered", slog.String("key", maskKey(rec.Key)),
			slog.String("reason", reason), slog.Int("attempts", attempts), slog.String("last_error", l.LastError))
	}
}

// abortAll gives up on every record not in flight.
func (d *loop[T]) abortAll() {
	d.aborting = true
	d.flushTimer.Stop()
	d.flushArmed = false
	d.retryTimer.Stop()
	b := d.building
	for _, s := range b.slots {
		d.pending(s)
	}
	clear(b.slots)
	b.slots = b.slots[:0]
	for _, b := range d.ready {
		for _, s := range b.slots {
			d.pending(s)
		}
		d.recycle(b)
	}
	d.ready = nil
	for len(d.retries) > 0 {
		d.pending(heap.Pop(&d.retries).(*slot[T]))
	}
	d.checkWaiters()
}

// checkWaiters answers the Flush calls whose records are all settled.
func (d *loop[T]) checkWaiters() {
	for len(d.outs) > 1 && d.outs[0] == 0 {
		d.outs = d.outs[1:]
		d.outBase++
	}
	for len(d.waiters) > 0 {
		w := d.waiters[0]
		if w.gen >= d.outBase && d.outs[0] != 0 {
			return
		}
		var err error
		if d.gaveUp() {
			err = ErrClosed // settled as pending, not delivered
		}
		w.ch <- err
		d.waiters = d.waiters[1:]
	}
}

// retryHeap orders slots waiting for a retry by due time.
type retryHeap[T any] []*slot[T]

func (h retryHeap[T]) Len() int           { return len(h) }
func (h retryHeap[T]) Less(i, j int) bool { return h[i].due.Before(h[j].due) }
func (h retryHeap[T]) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *retryHeap[T]) Push(x any)        { *h = append(*h, x.(*slot[T])) }
func (h *retryHeap[T]) Pop() any {
	old := *h
	n := len(old)
	s := old[n-1]
	old[n-1] = nil
	*h = old[:n-1]
	return s
}
