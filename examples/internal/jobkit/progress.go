package jobkit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Default progress intervals.
const (
	// DefaultRedrawEvery is how often a terminal's progress line is redrawn.
	DefaultRedrawEvery = 250 * time.Millisecond
	// DefaultLogEvery is how often a progress line is printed when the
	// output is not a terminal (a log file, a Databricks job's output).
	DefaultLogEvery = 10 * time.Second
)

// ProgressConfig configures NewProgress.
type ProgressConfig struct {
	// Label names what is counted: "contacts".
	Label string
	// Terminal redraws one line in place (\r); otherwise every line is
	// printed on its own.
	Terminal bool
	// Every is how often Run draws: zero means DefaultRedrawEvery on a
	// terminal and DefaultLogEvery otherwise; negative is an error.
	Every time.Duration
	// Now gives the time for the rate and the ETA; nil means time.Now.
	Now func() time.Time
}

// Progress is a progress line that a job updates from any number of
// goroutines while Run draws it. It prints only its label, counts, a rate,
// an ETA and the waiting status it is given, so it never shows personal data
// unless its caller puts some in the status. Its methods are safe for
// concurrent use.
type Progress struct {
	w     io.Writer
	label string
	term  bool
	every time.Duration
	now   func() time.Time
	start time.Time

	total, done atomic.Int64
	waiting     atomic.Pointer[string]

	mu       sync.Mutex // serialises drawing
	drawn    bool
	finished bool
}

// NewProgress returns a progress line written to w, started now.
func NewProgress(w io.Writer, cfg ProgressConfig) (*Progress, error) {
	if w == nil {
		return nil, errors.New("jobkit: NewProgress: nil writer")
	}
	if cfg.Every < 0 {
		return nil, fmt.Errorf("jobkit: NewProgress: Every is %v, want zero (the default) or more", cfg.Every)
	}
	p := &Progress{w: w, label: cfg.Label, term: cfg.Terminal, every: cfg.Every, now: cfg.Now}
	if p.every == 0 {
		p.every = DefaultLogEvery
		if p.term {
			p.every = DefaultRedrawEvery
		}
	}
	if p.now == nil {
		p.now = time.Now
	}
	p.start = p.now()
	return p, nil
}

// SetTotal sets how many items the run expects; zero means unknown.
func (p *Progress) SetTotal(n int) { p.total.Store(int64(n)) }

// Add counts n more items done.
func (p *Progress) Add(n int) { p.done.Add(int64(n)) }

// SetDone sets the count of items done, for callers that report totals
// (a pipeline's Stats).
func (p *Progress) SetDone(n int) { p.done.Store(int64(n)) }

// SetWaiting shows status after the counts until ClearWaiting: "HubSpot not
// answering, attempt 3, next in 8 s". Line breaks in status become spaces.
func (p *Progress) SetWaiting(status string) {
	status = strings.Join(strings.Fields(status), " ")
	p.waiting.Store(&status)
}

// ClearWaiting removes the status set by SetWaiting.
func (p *Progress) ClearWaiting() { p.waiting.Store(nil) }

// Line returns the progress line as Draw would print it, without the
// terminal's control characters: "contacts: 120/1000, 40/s, ETA 22s".
func (p *Progress) Line() string {
	done, total := p.done.Load(), p.total.Load()
	elapsed := p.now().Sub(p.start)
	var b strings.Builder
	if p.label != "" {
		b.WriteString(p.label + ": ")
	}
	fmt.Fprintf(&b, "%d", done)
	if total > 0 {
		fmt.Fprintf(&b, "/%d", total)
	}
	if elapsed > 0 {
		rate := float64(done) / elapsed.Seconds()
		fmt.Fprintf(&b, ", %.0f/s", rate)
		if total > 0 && done < total && rate > 0 {
			eta := time.Duration(float64(total-done) / rate * float64(time.Second))
			fmt.Fprintf(&b, ", ETA %s", FormatDuration(eta.Round(time.Second)))
		}
	}
	if s := p.waiting.Load(); s != nil && *s != "" {
		b.WriteString(" — " + *s)
	}
	return b.String()
}

// Draw prints the line now: on a terminal it replaces the line drawn
// before, otherwise it is a line of its own. It does nothing after Finish.
// Run calls it; a job calls it to show a change at once.
func (p *Progress) Draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.draw()
}

func (p *Progress) draw() {
	if p.term {
		fmt.Fprintf(p.w, "\r\033[K%s", p.Line())
		p.drawn = true
		return
	}
	fmt.Fprintln(p.w, p.Line())
}

// Run draws the line every interval until ctx is done. Start it in its own
// goroutine; cancel ctx and call Finish when the work is over.
func (p *Progress) Run(ctx context.Context) {
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			p.Draw()
		}
	}
}

// Finish prints the final line (ending it on a terminal, so the next output
// starts on a line of its own) and stops later draws. It prints nothing if
// nothing was counted and nothing drawn. A second call does nothing.
func (p *Progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.finished = true
	p.waiting.Store(nil)
	if p.done.Load() == 0 && p.total.Load() == 0 && !p.drawn {
		return
	}
	p.draw()
	if p.term {
		fmt.Fprintln(p.w)
	}
}

// Total returns the total last set.
func (p *Progress) Total() int { return int(p.total.Load()) }
