package destination

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/time/rate"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// script is a test Destination: respond decides each record's result from
// its key and the number of times that key was sent before (0 the first
// time); it records the keys of every batch.
type script struct {
	max     int
	respond func(rec Record[string], sent int) Result
	delay   time.Duration // per Send, honouring ctx

	mu      sync.Mutex
	sent    map[string]int
	batches [][]string
	times   []time.Time
}

func newScript(max int, respond func(rec Record[string], sent int) Result) *script {
	return &script{max: max, respond: respond, sent: map[string]int{}}
}

func (s *script) MaxBatchSize() int { return s.max }

func (s *script) Send(ctx context.Context, batch []Record[string]) []Result {
	res := make([]Result, len(batch))
	if s.delay > 0 {
		t := time.NewTimer(s.delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			for i := range res {
				res[i] = Retryable(ctx.Err(), 0)
			}
			return res
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, len(batch))
	for i, r := range batch {
		keys[i] = r.Key + "=" + r.Payload
		res[i] = Delivered()
		if s.respond != nil {
			res[i] = s.respond(r, s.sent[r.Key])
		}
		s.sent[r.Key]++
	}
	s.batches = append(s.batches, keys)
	s.times = append(s.times, time.Now())
	return res
}

func (s *script) Batches() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.batches)
}

func (s *script) Times() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.times)
}

var errTemp = errors.New("temporary failure")

// reasonErr is a rejecting error with a reason code.
type reasonErr string

func (e reasonErr) Error() string  { return "rejected: " + string(e) }
func (e reasonErr) Reason() string { return string(e) }

func rec(key, payload string) Record[string] { return Record[string]{Key: key, Payload: payload} }

// noJitter makes backoff deterministic: always the full ceiling.
func noJitter(d time.Duration) time.Duration { return d }

// enqueueAll enqueues recs or fails the test.
func enqueueAll(t *testing.T, p *Pipeline[string], recs ...Record[string]) {
	t.Helper()
	for _, r := range recs {
		if err := p.Enqueue(context.Background(), r); err != nil {
			t.Fatalf("Enqueue(%q): %v", r.Key, err)
		}
	}
}

// identity checks the accounting identity of a report.
func identity(t *testing.T, r Report) {
	t.Helper()
	if got := r.Delivered + r.DeadLettered + r.Skipped + r.Coalesced + r.Pending; got != r.Enqueued {
		t.Errorf("identity broken: enqueued %d != delivered %d + dead %d + skipped %d + coalesced %d + pending %d",
			r.Enqueued, r.Delivered, r.DeadLettered, r.Skipped, r.Coalesced, r.Pending)
	}
}

// letterView is a dead letter without its time, for whole-value comparison.
type letterView struct {
	Key, Payload, Reason string
	Attempts             int
	LastError            string
}

func views(ls []DeadLetter) []letterView {
	out := make([]letterView, len(ls))
	for i, l := range ls {
		p, _ := l.Payload.(string)
		out[i] = letterView{l.Key, p, l.Reason, l.Attempts, l.LastError}
	}
	slices.SortFunc(out, func(a, b letterView) int {
		if a.Key < b.Key {
			return -1
		}
		if a.Key > b.Key {
			return 1
		}
		return 0
	})
	return out
}

func newLimiter(perSecond float64, burst int) *rate.Limiter {
	return rate.NewLimiter(rate.Limit(perSecond), burst)
}

func errorsIsCorrupt(err error) bool { return errors.Is(err, ErrCorruptState) }

func mapsEqual(a, b map[string]string) bool { return maps.Equal(a, b) }
