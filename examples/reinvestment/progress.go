package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
)

// progress shows a pipeline's progress on stderr: a line redrawn in place on
// a terminal, a log line every few seconds otherwise.
type progress struct {
	w        io.Writer
	terminal bool
	what     string
	total    int

	mu      sync.Mutex
	start   time.Time
	lastLog time.Time
	drawn   bool
}

// logEvery is how often a non-terminal progress line is written.
const logEvery = 5 * time.Second

func newProgress(w io.Writer, terminal bool, what string) *progress {
	now := time.Now()
	return &progress{w: w, terminal: terminal, what: what, start: now, lastLog: now}
}

// update is the pipeline's Progress callback.
func (p *progress) update(s destination.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.terminal && time.Since(p.lastLog) < logEvery {
		return
	}
	p.lastLog = time.Now()
	p.draw(s.Delivered+s.Skipped+s.DeadLettered+s.Coalesced, s.Rate)
}

func (p *progress) draw(settled int, rate float64) {
	eta := "?"
	if rate > 0 && p.total >= settled {
		eta = (time.Duration(float64(p.total-settled) / rate * float64(time.Second))).Round(time.Second).String()
	}
	line := fmt.Sprintf("%s: %d/%d sent, %.0f/s, ETA %s", p.what, settled, p.total, rate, eta)
	if p.terminal {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		p.drawn = true
		return
	}
	fmt.Fprintln(p.w, line)
}

// done ends the progress display with the final count.
func (p *progress) done(r destination.Report) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.total == 0 && !p.drawn {
		return
	}
	settled := r.Delivered + r.Skipped + r.DeadLettered + r.Coalesced
	el := time.Since(p.start)
	rate := 0.0
	if el > 0 {
		rate = float64(settled) / el.Seconds()
	}
	p.draw(settled, rate)
	if p.terminal {
		fmt.Fprintln(p.w)
	}
}
