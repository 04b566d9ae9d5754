package destination

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"
	"time"
)

// Pipeline delivers records to a Destination: it batches them (by size and
// by time), limits the send rate, retries only the records that failed with
// jittered exponential backoff within a budget, coalesces records with the
// same Key, dead-letters what cannot be delivered, skips unchanged records,
// and on Close flushes everything.
//
// Records with the same Key are delivered in order: while a record is in
// flight, a later record with its Key waits (coalesced with any other later
// one) and is sent only once the first is settled, so the destination ends
// with the last write.
//
// Enqueue, Flush, Stats and Close are safe for concurrent use.
type Pipeline[T any] struct {
	dest Destination[T]
	s    settings[T]

	queue     chan item[T]
	closing   chan struct{} // closed by the first Close
	closeOnce sync.Once
	abortCh   chan struct{} // closed when a Close's context ends first
	abortOnce sync.Once
	wake      chan struct{} // pokes the loop when the last enqueuer leaves after closing
	done      chan struct{} // closed when the loop has exited and report is set
	enqueuers atomic.Int64  // Enqueue/Flush calls in progress

	ctx    context.Context // for sends; cancelled on abort
	cancel context.CancelFunc

	work    chan *batch[T]
	results chan *batch[T]
	workers sync.WaitGroup

	c counters

	rateMu  sync.Mutex
	samples []rateSample

	lettersMu sync.Mutex
	letters   map[string]int // letters the sink accepted, by reason

	// Set by the loop before done is closed.
	report   Report
	err      error
	seen     map[string]struct{}
	peakHeld int // most records held past the queue at once
}

// counters are written by the loop and read by Stats.
type counters struct {
	received, batches, delivered, retried, rejected atomic.Int64
	dead, skipped, coalesced, pending, inFlight     atomic.Int64
	sinkFailures, stateErrors                       atomic.Int64
}

// item is what travels through the queue: a record, or a Flush marker.
type item[T any] struct {
	rec   Record[T]
	flush chan error
}

// rateSample is the delivered count at a time, for Stats.Rate.
type rateSample struct {
	t time.Time
	n int64
}

// rateWindow is the span Stats.Rate is measured over.
const rateWindow = 5 * time.Second

// New returns a running Pipeline delivering to dest, configured by cfg
// (validated: a bad field is a *ConfigError). Close must be called to
// release its goroutines.
func New[T any](dest Destination[T], cfg Config[T]) (*Pipeline[T], error) {
	if dest == nil {
		return nil, &ConfigError{Field: "Destination", Reason: "is nil"}
	}
	s, err := cfg.validate(dest.MaxBatchSize())
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pipeline[T]{
		dest:    dest,
		s:       s,
		queue:   make(chan item[T], s.queueSize),
		closing: make(chan struct{}),
		abortCh: make(chan struct{}),
		wake:    make(chan struct{}, 1),
		done:    make(chan struct{}),
		ctx:     ctx,
		cancel:  cancel,
		work:    make(chan *batch[T]),
		results: make(chan *batch[T]),
	}
	if s.state != nil {
		p.seen = make(map[string]struct{})
	}
	d := newLoop(p)
	p.workers.Add(s.parallelism)
	for range s.parallelism {
		go p.worker()
	}
	go d.run()
	return p, nil
}

// Enqueue hands rec to the pipeline. It blocks while the queue is full
// (back-pressure) until there is room, ctx is done (its error is returned
// and rec is not enqueued) or the pipeline is closed (ErrClosed). A record
// with an empty Key is refused with ErrEmptyKey. Once Enqueue returns nil
// the record is the pipeline's: it ends delivered, dead-lettered, skipped,
// coalesced or pending, as the Report counts.
func (p *Pipeline[T]) Enqueue(ctx context.Context, rec Record[T]) error {
	if rec.Key == "" {
		return ErrEmptyKey
	}
	return p.put(ctx, item[T]{rec: rec})
}

// Flush sends the partial batch at once and waits until every record
// enqueued before the call is settled (delivered, skipped, coalesced or
// dead-lettered), including records waiting for a retry. It returns
// ctx.Err() if ctx ends first (the records stay in the pipeline), and
// ErrClosed if the pipeline was closed before the call or aborted by Close
// before the records settled.
func (p *Pipeline[T]) Flush(ctx context.Context) error {
	ch := make(chan error, 1)
	if err := p.put(ctx, item[T]{flush: ch}); err != nil {
		return err
	}
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *Pipeline[T]) put(ctx context.Context, it item[T]) error {
	p.enqueuers.Add(1)
	defer p.leave()
	select {
	case <-p.closing:
		return ErrClosed
	default:
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case p.queue <- it:
		return nil
	default:
	}
	select {
	case p.queue <- it:
		return nil
	case <-p.closing:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// leave ends an Enqueue or Flush call; the last one to leave after Close
// wakes the loop, which waits for them before it finishes.
func (p *Pipeline[T]) leave() {
	if p.enqueuers.Add(-1) != 0 {
		return
	}
	select {
	case <-p.closing:
		select {
		case p.wake <- struct{}{}:
		default:
		}
	default:
	}
}

// Close stops intake (later Enqueue calls get ErrClosed), sends everything
// queued, waits for in-flight sends and for retries, and returns the Report.
//
// If ctx ends first, Close cancels the sends in flight, waits for them to
// return, writes every record not yet settled to the dead-letter sink with
// ReasonPending (counted in Report.Pending) and returns the Report with an
// error wrapping ctx.Err(). Close is safe to call more than once and
// concurrently: later calls wait for the first to finish and return the
// same Report and a nil error.
func (p *Pipeline[T]) Close(ctx context.Context) (Report, error) {
	first := false
	p.closeOnce.Do(func() {
		first = true
		close(p.closing)
	})
	aborted := false
	select {
	case <-p.done:
	case <-ctx.Done():
		p.abortOnce.Do(func() {
			aborted = true
			close(p.abortCh)
			p.cancel()
		})
		<-p.done
	}
	if !first {
		return p.report, nil
	}
	err := p.err
	if aborted && p.report.Pending > 0 {
		err = errors.Join(fmt.Errorf("destination: close: %d records pending: %w", p.report.Pending, ctx.Err()), err)
	}
	return p.report, err
}

// Stats returns a snapshot of the pipeline's counters.
func (p *Pipeline[T]) Stats() Stats {
	c := &p.c
	st := Stats{
		BatchesSent:  int(c.batches.Load()),
		Delivered:    int(c.delivered.Load()),
		Retried:      int(c.retried.Load()),
		Rejected:     int(c.rejected.Load()),
		DeadLettered: int(c.dead.Load()),
		Skipped:      int(c.skipped.Load()),
		Coalesced:    int(c.coalesced.Load()),
		InFlight:     int(c.inFlight.Load()),
		SinkFailures: int(c.sinkFailures.Load()),
		StateErrors:  int(c.stateErrors.Load()),
		Letters:      p.letterCounts(),
	}
	// Received last: a record is received before it is settled, so
	// Pending is never negative.
	st.Enqueued = int(c.received.Load()) + len(p.queue)
	st.Pending = st.Enqueued - st.Delivered - st.DeadLettered - st.Skipped - st.Coalesced
	st.Rate = p.rate(int64(st.Delivered))
	return st
}

// Unseen returns, sorted, the keys of Config.State that no record enqueued
// in this run had: customers delivered earlier but absent now. It needs
// the pipeline closed (ErrNotClosed otherwise) and returns nil without a
// State. A store that cannot list its keys gives a *StateError.
func (p *Pipeline[T]) Unseen(ctx context.Context) ([]string, error) {
	select {
	case <-p.done:
	default:
		return nil, ErrNotClosed
	}
	if p.s.state == nil {
		return nil, nil
	}
	return Absent(ctx, p.s.state, func(k string) bool {
		_, ok := p.seen[k]
		return ok
	})
}

// countLetter counts a letter the sink accepted.
func (p *Pipeline[T]) countLetter(reason string) {
	p.lettersMu.Lock()
	if p.letters == nil {
		p.letters = make(map[string]int)
	}
	p.letters[reason]++
	p.lettersMu.Unlock()
}

// letterCounts returns a copy of the letters counted, nil when none.
func (p *Pipeline[T]) letterCounts() map[string]int {
	p.lettersMu.Lock()
	defer p.lettersMu.Unlock()
	if len(p.letters) == 0 {
		return nil
	}
	return maps.Clone(p.letters)
}

// rate returns the delivered records per second over the recent window.
func (p *Pipeline[T]) rate(delivered int64) float64 {
	now := time.Now()
	p.rateMu.Lock()
	defer p.rateMu.Unlock()
	for _, s := range p.samples {
		dt := now.Sub(s.t)
		if dt > rateWindow {
			continue
		}
		if dt < time.Millisecond {
			return 0
		}
		return float64(delivered-s.n) / dt.Seconds()
	}
	return 0
}

// sample records the delivered count for Stats.Rate, at most every
// rateWindow/20.
func (p *Pipeline[T]) sample(now time.Time) {
	p.rateMu.Lock()
	defer p.rateMu.Unlock()
	if n := len(p.samples); n > 0 && now.Sub(p.samples[n-1].t) < rateWindow/20 {
		return
	}
	drop := 0
	for drop < len(p.samples) && now.Sub(p.samples[drop].t) > rateWindow {
		drop++
	}
	p.samples = append(p.samples[:0], p.samples[drop:]...)
	p.samples = append(p.samples, rateSample{t: now, n: p.c.delivered.Load()})
}

// worker sends batches until the work channel closes.
func (p *Pipeline[T]) worker() {
	defer p.workers.Done()
	for b := range p.work {
		b.sent = false
		if lim := p.s.limiter; lim != nil {
			if err := lim.Wait(p.ctx); err != nil {
				b.fill(Retryable(err, 0))
				p.results <- b
				continue
			}
		}
		ctx, cancel := context.WithTimeout(p.ctx, p.s.sendTimeout)
		res := p.dest.Send(ctx, b.recs)
		cancel()
		b.sent = true
		if len(res) != len(b.recs) {
			b.fill(Retryable(fmt.Errorf("%w: %d results for %d records", ErrResultCount, len(res), len(b.recs)), 0))
		} else {
			b.res = res
		}
		p.results <- b
	}
}
