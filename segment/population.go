package segment

import (
	"context"
	"iter"
	"runtime"
	"slices"
	"sync"

	"github.com/warrenbrasil/customerdata/cdp"
)

// EvaluateOptions tune Evaluate.
type EvaluateOptions struct {
	// Parallelism is how many goroutines match profiles at once. Zero means
	// runtime.GOMAXPROCS(0); negative is an error.
	Parallelism int
	// Events returns the events of a profile for event conditions. Nil means
	// no profile has events. It is called from several goroutines at once.
	Events func(p *cdp.Profile) Events
}

// Evaluate matches every profile of profiles against m, with at most
// opts.Parallelism goroutines, and returns the IDs of the members sorted and
// without duplicates. It stops early and returns ctx.Err() when ctx is done.
// profiles is consumed from the calling goroutine, one profile at a time;
// the profiles must not be modified until Evaluate returns. Nil profiles are
// skipped.
func Evaluate(ctx context.Context, m *Matcher, profiles iter.Seq[*cdp.Profile], opts EvaluateOptions) ([]string, error) {
	if m == nil {
		return nil, &PathError{Msg: "Evaluate needs a Matcher", Err: ErrOptions}
	}
	if opts.Parallelism < 0 {
		return nil, &PathError{Msg: "EvaluateOptions.Parallelism is negative: " + itoa(opts.Parallelism), Err: ErrOptions}
	}
	workers := opts.Parallelism
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Profiles travel in batches so that the channel costs little next to
	// matching.
	work := make(chan []*cdp.Profile, 2*workers)
	results := make([][]string, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ids []string
			for batch := range work {
				if ctx.Err() != nil {
					continue // drain quickly
				}
				for _, p := range batch {
					var ev Events
					if opts.Events != nil {
						ev = opts.Events(p)
					}
					if m.Match(p, ev) {
						ids = append(ids, p.ID)
					}
				}
			}
			results[w] = ids
		}()
	}
	done := ctx.Done()
	batch := make([]*cdp.Profile, 0, evaluateBatch)
	send := func() bool {
		select {
		case work <- batch:
			batch = make([]*cdp.Profile, 0, evaluateBatch)
			return true
		case <-done:
			return false
		}
	}
	for p := range profiles {
		if p == nil {
			continue
		}
		batch = append(batch, p)
		if len(batch) == evaluateBatch && !send() {
			break
		}
	}
	if len(batch) > 0 && ctx.Err() == nil {
		send()
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var members []string
	for _, ids := range results {
		members = append(members, ids...)
	}
	slices.Sort(members)
	return slices.Compact(members), nil
}

// evaluateBatch is how many profiles a worker takes at a time.
const evaluateBatch = 256

// Profiles adapts a slice of profiles to the sequence Evaluate reads.
func Profiles(ps []cdp.Profile) iter.Seq[*cdp.Profile] {
	return func(yield func(*cdp.Profile) bool) {
		for i := range ps {
			if !yield(&ps[i]) {
				return
			}
		}
	}
}

// Delta is how a segment's membership changed between two evaluations.
// Every list is sorted, without duplicates, and never nil.
type Delta struct {
	Entered []string // in current, not in previous
	Exited  []string // in previous, not in current
	Stayed  []string // in both
}

// Diff compares two member lists (in any order, duplicates allowed) and
// returns who entered, exited and stayed, so a destination can sync only the
// changes. The inputs are not modified.
func Diff(previous, current []string) Delta {
	prev := slices.Compact(slices.Sorted(slices.Values(previous)))
	cur := slices.Compact(slices.Sorted(slices.Values(current)))
	d := Delta{Entered: []string{}, Exited: []string{}, Stayed: []string{}}
	i, j := 0, 0
	for i < len(prev) || j < len(cur) {
		switch {
		case j == len(cur) || (i < len(prev) && prev[i] < cur[j]):
			d.Exited = append(d.Exited, prev[i])
			i++
		case i == len(prev) || cur[j] < prev[i]:
			d.Entered = append(d.Entered, cur[j])
			j++
		default:
			d.Stayed = append(d.Stayed, cur[j])
			i++
			j++
		}
	}
	return d
}
