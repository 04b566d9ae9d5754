package destination

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chaos is a destination that fails 20% of sends retryably (some with a
// Retry-After), rejects 1% of records for good, and answers after a random
// latency, so parallel batches complete out of order.
type chaos struct {
	mu       sync.Mutex
	rng      *rand.Rand
	accepted map[string][]int // key → versions delivered, in order
	rejected map[string]int   // "key#version" → times rejected
	sends    int
}

const chaosReject = "CHAOS_REJECT"

func (c *chaos) MaxBatchSize() int { return 100 }

func (c *chaos) Send(ctx context.Context, batch []Record[string]) []Result {
	c.mu.Lock()
	c.sends++
	fail := c.rng.IntN(100) < 20
	after := time.Duration(0)
	if c.rng.IntN(4) == 0 {
		after = time.Duration(c.rng.IntN(50)) * time.Microsecond
	}
	latency := time.Duration(c.rng.IntN(40)) * time.Microsecond
	c.mu.Unlock()

	t := time.NewTimer(latency)
	select {
	case <-t.C:
	case <-ctx.Done():
		t.Stop()
	}
	res := make([]Result, len(batch))
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, r := range batch {
		switch {
		case fail || ctx.Err() != nil:
			res[i] = Retryable(errTemp, after)
		case c.rng.IntN(100) == 0:
			res[i] = Rejected(reasonErr(chaosReject))
			c.rejected[r.Key+"#"+r.Payload]++
		default:
			v, _ := strconv.Atoi(r.Payload)
			c.accepted[r.Key] = append(c.accepted[r.Key], v)
			res[i] = Delivered()
		}
	}
	return res
}

func TestChaos(t *testing.T) {
	n, producers := 100_000, 4
	if testing.Short() {
		n = 20_000
	}
	dest := &chaos{rng: rand.New(rand.NewPCG(1, 2)), accepted: map[string][]int{}, rejected: map[string]int{}}
	sink := NewMemorySink()
	p, err := New[string](dest, Config[string]{
		BatchSize:     100,
		Parallelism:   8,
		QueueSize:     2_000,
		FlushInterval: 200 * time.Microsecond,
		MaxAttempts:   8,
		BackoffBase:   10 * time.Microsecond,
		BackoffMax:    200 * time.Microsecond,
		MaxElapsed:    time.Minute,
		DeadLetters:   sink,
	})
	require.NoError(t, err)

	// Record i has payload i (its version: a key's records are enqueued in
	// increasing i) and key keyOf(i): four records in five have a new key,
	// the fifth updates a key of its group or of 30, 60 or 90 groups before,
	// so updates meet their key in a batch, in flight or waiting for a
	// retry. Each key belongs to one producer (key % producers).
	keyOf := func(i int) int {
		g := i / 5
		if i%5 < 4 {
			return g*4 + i%5
		}
		return max(g-(g%4)*30, 0)*4 + g%4 // 0, 30, 60 or 90 groups back
	}
	last := map[string]int{} // key → last version enqueued
	for i := range n {
		last["k"+strconv.Itoa(keyOf(i))] = i
	}
	var wg sync.WaitGroup
	for g := range producers {
		wg.Go(func() {
			for i := range n {
				k := keyOf(i)
				if k%producers != g {
					continue
				}
				if err := p.Enqueue(context.Background(), rec("k"+strconv.Itoa(k), strconv.Itoa(i))); err != nil {
					t.Errorf("Enqueue: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, err := p.Close(ctx)
	require.NoError(t, err)
	letters := sink.Letters()

	// The accounting identity, with nothing pending.
	assert.Equal(t, n, r.Enqueued)
	assert.Equal(t, 0, r.Pending)
	identity(t, r)
	assert.Equal(t, r.DeadLettered, len(letters))
	t.Logf("report: %+v (sends %d)", Report{Enqueued: r.Enqueued, Delivered: r.Delivered, Rejected: r.Rejected,
		DeadLettered: r.DeadLettered, Coalesced: r.Coalesced, Retried: r.Retried, BatchesSent: r.BatchesSent}, dest.sends)
	require.Greater(t, r.Retried, n/10, "the chaos did make records retry")
	require.Greater(t, r.Rejected, 0, "the chaos did reject records")

	// Every record the destination rejected is in the dead letters with its
	// reason, once.
	dead := map[string]DeadLetter{}
	for _, l := range letters {
		id := l.Key + "#" + l.Payload.(string)
		_, dup := dead[id]
		require.False(t, dup, "record %s dead-lettered twice", id)
		dead[id] = l
	}
	rejected := 0
	for id, times := range dest.rejected {
		assert.Equal(t, 1, times, "record %s rejected once", id)
		rejected += times
		if assert.Contains(t, dead, id) {
			assert.Equal(t, chaosReject, dead[id].Reason, id)
		}
	}
	assert.Equal(t, r.Rejected, rejected)
	for id, l := range dead {
		if l.Reason != chaosReject {
			assert.Contains(t, []string{ReasonRetriesExhausted, ReasonBudgetExhausted}, l.Reason, id)
		}
	}

	// Each key reached the destination in version order, each version at
	// most once, and ends with its last payload unless that one was
	// dead-lettered.
	delivered := 0
	for k, versions := range dest.accepted {
		delivered += len(versions)
		for i := 1; i < len(versions); i++ {
			require.Less(t, versions[i-1], versions[i], "key %s delivered %v", k, versions)
		}
	}
	assert.Equal(t, r.Delivered, delivered, "every delivered record reached the destination exactly once")
	for k, v := range last {
		id := fmt.Sprintf("%s#%d", k, v)
		if _, ok := dead[id]; ok {
			continue
		}
		got := dest.accepted[k]
		if assert.NotEmpty(t, got, "key %s never delivered", k) {
			assert.Equal(t, v, got[len(got)-1], "key %s ends with its last payload", k)
		}
	}
}
