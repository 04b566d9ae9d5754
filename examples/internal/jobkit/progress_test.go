package jobkit

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a bytes.Buffer safe for one writer and one reader.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newTestProgress(t *testing.T, terminal bool) (*Progress, *lockedBuffer, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: stamp}
	var out lockedBuffer
	p, err := NewProgress(&out, ProgressConfig{Label: "contacts", Terminal: terminal, Now: clock.Now})
	require.NoError(t, err)
	return p, &out, clock
}

func TestProgressLine(t *testing.T) {
	tests := []struct {
		name    string
		total   int
		done    int
		elapsed time.Duration
		waiting string
		want    string
	}{
		{"nothing yet", 0, 0, 0, "", "contacts: 0"},
		{"no total", 0, 50, 10 * time.Second, "", "contacts: 50, 5/s"},
		{"with ETA", 1000, 120, 3 * time.Second, "", "contacts: 120/1000, 40/s, ETA 22s"},
		{"long ETA", 100000, 1000, 10 * time.Second, "", "contacts: 1000/100000, 100/s, ETA 16m30s"},
		{"all done", 100, 100, 4 * time.Second, "", "contacts: 100/100, 25/s"},
		{"no rate yet", 100, 0, 2 * time.Second, "", "contacts: 0/100, 0/s"},
		{"waiting", 1000, 120, 3 * time.Second, "HubSpot not answering, attempt 3, next in 8 s", "contacts: 120/1000, 40/s, ETA 22s — HubSpot not answering, attempt 3, next in 8 s"},
		{"waiting on two lines", 0, 0, 0, "HubSpot not answering\nattempt 3\r\n", "contacts: 0 — HubSpot not answering attempt 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, _, clock := newTestProgress(t, false)
			p.SetTotal(tc.total)
			p.Add(tc.done)
			if tc.waiting != "" {
				p.SetWaiting(tc.waiting)
			}
			clock.Advance(tc.elapsed)
			assert.Equal(t, tc.want, p.Line())
		})
	}
}

func TestProgressWaiting(t *testing.T) {
	p, _, _ := newTestProgress(t, false)
	p.SetWaiting("rate limited, next in 2 s")
	assert.Equal(t, "contacts: 0 — rate limited, next in 2 s", p.Line())
	p.ClearWaiting()
	assert.Equal(t, "contacts: 0", p.Line())
	p.SetDone(7)
	p.SetWaiting("")
	assert.Equal(t, "contacts: 7", p.Line(), "an empty status shows nothing")
}

func TestProgressDrawAndFinish(t *testing.T) {
	tests := []struct {
		name     string
		terminal bool
		want     string
	}{
		{"terminal", true, "\r\033[Kcontacts: 3/10, 3/s, ETA 2s\r\033[Kcontacts: 10/10, 5/s\n"},
		{"log", false, "contacts: 3/10, 3/s, ETA 2s\ncontacts: 10/10, 5/s\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, out, clock := newTestProgress(t, tc.terminal)
			p.SetTotal(10)
			p.Add(3)
			p.SetWaiting("retrying")
			p.ClearWaiting()
			clock.Advance(time.Second)
			p.Draw()
			p.SetDone(10)
			p.SetWaiting("left over") // Finish drops the status
			clock.Advance(time.Second)
			p.Finish()
			p.Finish()
			p.Draw()
			assert.Equal(t, tc.want, out.String())
		})
	}
}

func TestProgressFinishSilentWhenUnused(t *testing.T) {
	for _, terminal := range []bool{true, false} {
		p, out, _ := newTestProgress(t, terminal)
		p.Finish()
		assert.Equal(t, "", out.String(), "terminal %v", terminal)
	}
}

func TestNewProgressRefuses(t *testing.T) {
	_, err := NewProgress(nil, ProgressConfig{})
	assert.EqualError(t, err, "jobkit: NewProgress: nil writer")
	_, err = NewProgress(&bytes.Buffer{}, ProgressConfig{Every: -time.Second})
	assert.EqualError(t, err, "jobkit: NewProgress: Every is -1s, want zero (the default) or more")
}

// TestProgressConcurrent updates the counts and the status from many
// goroutines while the line is drawn; -race checks it, and the final line
// has every count.
func TestProgressConcurrent(t *testing.T) {
	p, out, clock := newTestProgress(t, true)
	const workers, each = 16, 500
	p.SetTotal(workers * each)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				p.Add(1)
				if i%50 == 0 {
					if w%2 == 0 {
						p.SetWaiting("HubSpot not answering, attempt 3, next in 8 s")
					} else {
						p.ClearWaiting()
					}
				}
			}
		})
	}
	stop := make(chan struct{})
	drawn := make(chan struct{})
	go func() {
		defer close(drawn)
		for {
			select {
			case <-stop:
				return
			default:
				clock.Advance(time.Millisecond)
				p.Draw()
			}
		}
	}()
	wg.Wait()
	close(stop)
	<-drawn
	clock.Advance(time.Second)
	p.Finish()

	s := out.String()
	require.True(t, strings.HasSuffix(s, "\n"))
	frames := strings.Split(strings.TrimSuffix(s, "\n"), "\r\033[K")
	last := frames[len(frames)-1]
	assert.True(t, strings.HasPrefix(last, "contacts: 8000/8000, "), "final line %q", last)
	for _, f := range frames[1:] {
		assert.True(t, strings.HasPrefix(f, "contacts: "), "frame %q is whole", f)
		assert.NotContains(t, f, "\n", "one line per frame")
	}
}

// TestProgressRun checks the pace of Run with synctest's fake clock: one
// draw per interval, none after the context ends.
func TestProgressRun(t *testing.T) {
	tests := []struct {
		name     string
		terminal bool
		every    time.Duration
		interval time.Duration // the pace expected
	}{
		{"terminal default", true, 0, DefaultRedrawEvery},
		{"log default", false, 0, DefaultLogEvery},
		{"custom", false, time.Minute, time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var out lockedBuffer
				p, err := NewProgress(&out, ProgressConfig{Label: "tasks", Terminal: tc.terminal, Every: tc.every})
				require.NoError(t, err)
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan struct{})
				go func() { p.Run(ctx); close(done) }()
				count := func() int { return strings.Count(out.String(), "tasks: ") }

				p.Add(5)
				time.Sleep(tc.interval - time.Nanosecond)
				synctest.Wait()
				assert.Equal(t, 0, count(), "nothing before the first interval")
				time.Sleep(time.Nanosecond)
				synctest.Wait()
				assert.Equal(t, 1, count(), "one draw at the first interval")
				time.Sleep(3 * tc.interval)
				synctest.Wait()
				assert.Equal(t, 4, count(), "one draw per interval")

				cancel()
				<-done
				time.Sleep(5 * tc.interval)
				assert.Equal(t, 4, count(), "no draw after Run ends")
			})
		})
	}
}
