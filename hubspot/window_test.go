package hubspot

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// maxInWindow is the most slots any rolling window of d (open at its start,
// as a server prunes it) holds.
func maxInWindow(slots []time.Time, d time.Duration) int {
	most := 0
	for i := range slots {
		n := 0
		for j := i; j < len(slots) && slots[j].Sub(slots[i]) < d; j++ {
			n++
		}
		most = max(most, n)
	}
	return most
}

func TestWindowSpreadsTheBudget(t *testing.T) {
	t.Parallel()
	w := newWindow(100, 10*time.Second)
	var slots []time.Time
	for range 300 {
		s, _ := w.reserve(t0) // every caller arrives at once: no burst anyway
		slots = append(slots, s)
	}
	assert.Equal(t, t0, slots[0], "the first slot is free")
	gap := w.gap()
	assert.Equal(t, gap, slots[1].Sub(slots[0]))
	assert.Equal(t, 95, maxInWindow(slots, 10*time.Second), "PaceFactor of the budget in any window")
	assert.Equal(t, t0.Add(299*gap), slots[299])
}

func TestWindowNeverExceedsTheAdaptedBudgetAfterABurst(t *testing.T) {
	t.Parallel()
	// Four callers take slots at the configured pace before the first
	// response says the server allows 5 per 10 s.
	w := newWindow(100, 10*time.Second)
	var slots []time.Time
	for range 4 {
		s, _ := w.reserve(t0)
		slots = append(slots, s)
	}
	assert.Equal(t, 5, w.adapt(5, 1, 10*time.Second, slots[3]))
	for range 20 {
		s, cause := w.reserve(slots[len(slots)-1])
		assert.Equal(t, slotPacing, cause)
		slots = append(slots, s)
	}
	assert.Equal(t, 5, maxInWindow(slots, 10*time.Second), "never more than the server's 5 in its window")
	span := w.span()
	assert.Equal(t, slots[0].Add(span), slots[5], "the sixth waits until the first has left the window")
	for i := 6; i < len(slots); i++ {
		assert.Equal(t, (span+4)/5, slots[i].Sub(slots[i-1]), "then one every span/5: slot %d", i)
	}
}

func TestWindowAdapt(t *testing.T) {
	t.Parallel()
	sec := time.Second
	tests := []struct {
		name     string
		limit    int
		ours     int // slots taken half a second before obs
		max, rem int
		interval time.Duration
		want     int
	}{
		{"server allows less", 100, 1, 5, 4, 10 * sec, 5},
		{"server allows more: configured", 100, 1, 190, 189, 10 * sec, 100},
		{"others use 40 of the server's 100", 100, 10, 100, 50, 10 * sec, 60},
		{"no remaining header: the server's max", 100, 3, 50, -1, 10 * sec, 50},
		{"others use everything: one a window", 100, 1, 100, 0, 10 * sec, 1},
		{"server's window shorter: scaled to ours", 100, 1, 40, 39, 2 * sec, 100},
		{"server's window shorter, small figure", 100, 1, 4, 3, 2 * sec, 20},
		{"no max: unchanged", 100, 1, 0, 0, 10 * sec, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWindow(tc.limit, 10*time.Second)
			w.n = 1 // a low budget rises again only as far as the server says
			for range tc.ours {
				w.slots = append(w.slots, t0.Add(-500*time.Millisecond))
			}
			w.slots = append(w.slots, t0.Add(time.Hour)) // a future slot is not in the window
			assert.Equal(t, tc.want, w.adapt(tc.max, tc.rem, tc.interval, t0))
			assert.Equal(t, tc.want, w.budget())
		})
	}
}

func TestWindowHoldAndRelease(t *testing.T) {
	t.Parallel()
	w := newWindow(10, time.Second)
	s1, cause := w.reserve(t0)
	require.Equal(t, slotFree, cause)
	w.holdUntil(t0.Add(5 * time.Second))
	w.holdUntil(t0.Add(time.Second)) // an earlier hold does not shorten it
	s2, cause := w.reserve(t0)
	assert.Equal(t, []any{t0, t0.Add(5 * time.Second), slotHeld}, []any{s1, s2, cause})
	w.release(s2)
	assert.Equal(t, []time.Time{s1}, w.slots, "a released slot is free again")
	s3, cause := w.reserve(t0.Add(6 * time.Second))
	assert.Equal(t, []any{t0.Add(6 * time.Second), slotFree}, []any{s3, cause})
}

func TestWindowKeepsBoundedHistory(t *testing.T) {
	t.Parallel()
	w := newWindow(3, time.Second)
	now := t0
	for range 100 {
		now, _ = w.reserve(now)
	}
	assert.LessOrEqual(t, len(w.slots), 6)
	assert.GreaterOrEqual(t, len(w.slots), 3)
}

func TestWindowDescribe(t *testing.T) {
	t.Parallel()
	w := newWindow(100, 10*time.Second)
	assert.Equal(t, "pacing to 100 per 10s", w.describe())
	w.adapt(5, 5, 10*time.Second, t0)
	assert.Equal(t, "pacing to HubSpot's figure, 5 per 10s (configured 100)", w.describe())
}

// BenchmarkWindowReserve is the cost of taking a slot (no waiting: the
// clock given moves past every slot).
func BenchmarkWindowReserve(b *testing.B) {
	w := newWindow(190, 10*time.Second)
	now := t0
	for b.Loop() {
		now, _ = w.reserve(now)
	}
}
