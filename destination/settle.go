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
	var wi WaitInfo
	for i, s := range b.slots {
		r := b.res[i]
		s.attempts++
		switch r.Status {
		case StatusDelivered:
			d.record(b.recs[i])
			c.delivered.Add(1)
			d.result(b.recs[i], r)
			d.release(s)
		case StatusRejected:
			c.rejected.Add(1)
			d.result(b.recs[i], r)
			d.dead(s, rejectReason(r.Err), r.Err)
		default:
			if w, ok := d.retry(s, r, now); ok {
				wi.Records++
				if wi.Records == 1 || w.Wait > wi.Wait {
					w.Records = wi.Records
					wi = w
				}
			}
		}
	}
	d.recycle(b)
	if wi.Records > 0 && d.s.onWait != nil {
		d.s.onWait(wi)
	}
	d.checkWaiters()
}

// record stores the fingerprint of a delivered record (or forgets its key
// when it has none). A store failure is reported, not fatal: the record
// stays delivered. The call is not cancelled by Close's deadline: a
// confirmed delivery is worth recording.
func (d *loop[T]) record(rec Record[T]) {
	st := d.s.state
	if st == nil {
		return
	}
	ctx := context.WithoutCancel(d.p.ctx)
	if rec.Fingerprint != "" {
		if err := st.Put(ctx, rec.Key, rec.Fingerprint); err != nil {
			d.stateFailed("put", rec.Key, err)
		}
		return
	}
	if err := st.Delete(ctx, rec.Key); err != nil {
		d.stateFailed("delete", rec.Key, err)
	}
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

// waitHint is the wait a retryable result asks for: the longer of its After
// and of the WaitHint of its error.
func waitHint(r Result) time.Duration {
	after := r.After
	var h WaitHinter
	if errors.As(r.Err, &h) {
		after = max(after, h.WaitHint())
	}
	return after
}

// waitReason is WaitInfo.Reason for err: never the error's text.
func waitReason(err error) string {
	var r Reasoner
	switch {
	case errors.As(err, &r) && r.Reason() != "":
		return r.Reason()
	case errors.Is(err, context.DeadlineExceeded):
		return "send_timeout"
	}
	return "retryable"
}

// retry schedules s again after a retryable result, or gives up on it. It
// reports the wait when it scheduled a retry.
func (d *loop[T]) retry(s *slot[T], r Result, now time.Time) (WaitInfo, bool) {
	if r.Status != StatusRetryable {
		r = Retryable(errors.Join(ErrResultCount, errors.New("unknown result status "+r.Status.String()), r.Err), r.After)
	}
	s.lastErr = r.Err
	if d.gaveUp() {
		d.pending(s)
		return WaitInfo{}, false
	}
	if s.hasNext { // the newer record replaces the failed one
		s.rec = d.merge(s.rec, s.next)
		d.coalesced(s.nextGen)
		s.hasNext, s.next = false, Record[T]{}
	}
	if s.attempts >= d.s.maxAttempts {
		d.result(s.rec, r)
		d.dead(s, ReasonRetriesExhausted, r.Err)
		return WaitInfo{}, false
	}
	hint := waitHint(r)
	wait := backoff(s.attempts, hint, d.s.backoffBase, d.s.backoffMax, d.s.jitter)
	if now.Add(wait).Sub(s.first) > d.s.maxElapsed {
		d.result(s.rec, r)
		d.dead(s, ReasonBudgetExhausted, r.Err)
		return WaitInfo{}, false
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
	return WaitInfo{Records: 1, Attempt: s.attempts, Wait: wait, Hinted: hint > 0 && wait == hint, Reason: waitReason(r.Err)}, true
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
		d.p.c.sinkFailures.Add(1)
		d.fallback = append(d.fallback, l)
		if d.sinkErr == nil {
			d.sinkErr = perr
		}
		d.s.logger.Error("dead-letter sink failed; letter kept in the report",
			slog.String("key", maskKey(rec.Key)), slog.String("reason", reason), slog.Any("error", perr))
		return
	}
	d.p.countLetter(reason)
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
		w.ch <- d.flushErr(err)
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
