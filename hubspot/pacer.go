package hubspot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// window paces one budget of n requests per interval: it hands out send
// slots spaced span/n apart (span = interval/PaceFactor), never more than n
// in any span, so a server counting over a rolling interval never sees more
// than its budget, even when slots were taken in a burst before the first
// response told the client the server's figure.
//
// The per-interval window adapts n to HubSpot's headers (adapt); a 429
// holds every slot back until the server's window has turned (hold).
type window struct {
	mu       sync.Mutex
	interval time.Duration // the budget's window
	limit    int           // the configured budget per interval
	n        int           // the budget paced to now: 1 ≤ n ≤ limit
	slots    []time.Time   // the latest slots handed out (at most limit), ascending
	hold     time.Time     // no slot before this
}

func newWindow(limit int, interval time.Duration) *window {
	return &window{interval: interval, limit: limit, n: limit, slots: make([]time.Time, 0, 2*limit)}
}

// span is the stretch of time in which the window hands out at most n slots.
func (w *window) span() time.Duration {
	return time.Duration(float64(w.interval) / PaceFactor)
}

// gap is the least time between two slots: span/n, rounded up so that n
// gaps are never shorter than the span.
func (w *window) gap() time.Duration {
	n := time.Duration(w.n)
	return (w.span() + n - 1) / n
}

// slotCause says what decided a slot's time.
type slotCause int

const (
	slotFree   slotCause = iota // no wait
	slotPacing                  // spacing to the budget
	slotHeld                    // held back after a 429
)

// reserve takes the next slot at or after now and says what set its time.
func (w *window) reserve(now time.Time) (time.Time, slotCause) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, cause := now, slotFree
	if k := len(w.slots); k > 0 {
		if next := w.slots[k-1].Add(w.gap()); next.After(t) {
			t, cause = next, slotPacing
		}
		if k >= w.n {
			if next := w.slots[k-w.n].Add(w.span()); next.After(t) {
				t, cause = next, slotPacing
			}
		}
	}
	if w.hold.After(t) {
		t, cause = w.hold, slotHeld
	}
	if len(w.slots) == cap(w.slots) {
		w.slots = append(w.slots[:0], w.slots[len(w.slots)-w.limit+1:]...)
	}
	w.slots = append(w.slots, t)
	return t, cause
}

// release gives back slot t, reserved by a caller that will not send.
func (w *window) release(t time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := len(w.slots) - 1; i >= 0; i-- {
		if w.slots[i].Equal(t) {
			w.slots = append(w.slots[:i], w.slots[i+1:]...)
			return
		}
	}
}

// holdUntil hands out no slot before t.
func (w *window) holdUntil(t time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if t.After(w.hold) {
		w.hold = t
	}
}

// adapt sets the budget from a response's headers: the server allows
// serverMax requests per interval (its own window, serverInterval), and remaining
// were left after the request observed at obs. The requests in the server's
// window that are not ours were sent by other integrations sharing the
// app; the client's budget becomes what they leave, at most the configured
// one and at least one request per interval. It returns the new budget.
func (w *window) adapt(serverMax, remaining int, serverInterval time.Duration, obs time.Time) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	if serverMax <= 0 {
		return w.n
	}
	if serverInterval <= 0 {
		serverInterval = w.interval
	}
	share := serverMax
	if remaining >= 0 {
		ours := 0
		from := obs.Add(-serverInterval)
		for i := len(w.slots) - 1; i >= 0 && w.slots[i].After(from); i-- {
			if !w.slots[i].After(obs) {
				ours++
			}
		}
		if others := (serverMax - remaining) - ours; others > 0 {
			share = serverMax - others
		}
	}
	if serverInterval != w.interval { // express the server's figure per our interval
		share = int(float64(share) * float64(w.interval) / float64(serverInterval))
	}
	w.n = min(w.limit, share)
	w.n = max(w.n, 1)
	return w.n
}

// budget is the number of requests per interval paced to now.
func (w *window) budget() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

// describe says what the window paces to, for wait reasons.
func (w *window) describe() string {
	n := w.budget()
	if n < w.limit {
		return fmt.Sprintf("pacing to HubSpot's figure, %d per %s (configured %d)", n, w.interval, w.limit)
	}
	return fmt.Sprintf("pacing to %d per %s", n, w.interval)
}

// unknownRate is a Rate with no header seen.
func unknownRate() Rate { return Rate{Max: -1, Remaining: -1, Daily: -1, DailyRemaining: -1} }

// pace waits for the budgets one HTTP call needs: the daily one for every
// call, then the search one for a search or the interval one for anything
// else. A daily budget that is spent (by the configured count or by
// HubSpot's word) fails at once with a local *RateLimitError. It returns
// whether the call is the probe of a spent daily budget.
func (c *Client) pace(ctx context.Context, req *request, attempt int) (probe bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if probe, err = c.dailyBudget.take(c.now()); err != nil {
		return false, err
	}
	w := c.interval
	if req.search {
		w = c.search
	}
	if w == nil {
		return probe, nil
	}
	now := c.now()
	t, cause := w.reserve(now)
	d := t.Sub(now)
	if d <= 0 {
		return probe, nil
	}
	if deadline, ok := ctx.Deadline(); ok && deadline.Sub(now) < d {
		w.release(t)
		c.dailyBudget.give(now, probe)
		return false, fmt.Errorf("hubspot: the next request slot, in %s, is past the context's deadline: %w", d, context.DeadlineExceeded)
	}
	wait := Wait{Kind: WaitPacing, Delay: d, Attempt: attempt, MaxAttempts: c.retry.MaxAttempts,
		Method: req.method, Path: maskPath(req.path), Reason: w.describe()}
	if cause == slotHeld {
		wait.Kind, wait.Reason = WaitRateLimited, "HubSpot answered 429; waiting for its window to turn"
	}
	c.report(wait)
	if err := c.sleep(ctx, d); err != nil {
		w.release(t)
		c.dailyBudget.give(c.now(), probe)
		return false, err
	}
	return probe, nil
}

// settle learns from one attempt's outcome: the rate headers (adapting the
// interval budget to HubSpot's figure and to what other integrations leave),
// a 429 (holding the window back until it turns) and the daily budget's
// state. resp is nil when no response arrived.
func (c *Client) settle(req *request, probe bool, resp *http.Response, err error) {
	now := c.now()
	dailySpent := false
	if resp != nil && !req.search {
		fresh, seen := parseRate(resp.Header, unknownRate(), now)
		if seen {
			c.mu.Lock()
			c.rate, _ = parseRate(resp.Header, c.rate, now)
			c.mu.Unlock()
			if c.interval != nil && fresh.Max > 0 {
				before := c.interval.budget()
				if n := c.interval.adapt(fresh.Max, fresh.Remaining, fresh.Interval, now); n != before {
					c.log.LogAttrs(context.Background(), slog.LevelInfo, "hubspot: pacing changed",
						slog.Int("per_interval", n), slog.Int("configured", c.limits.PerInterval),
						slog.Int("server_max", fresh.Max), slog.Int("server_remaining", fresh.Remaining))
				}
			}
		}
		dailySpent = fresh.Daily > 0 && fresh.DailyRemaining == 0
	}
	var rl *RateLimitError
	if errors.As(err, &rl) {
		switch rl.Policy {
		case Daily:
			dailySpent = true
		case Secondly:
			if c.search != nil {
				c.search.holdUntil(now.Add(max(rl.RetryAfter, SecondlyBackoff)))
			}
		default:
			if c.interval != nil {
				wait := rl.RetryAfter
				if wait <= 0 {
					wait = c.windowInterval()
				}
				c.interval.holdUntil(now.Add(wait))
			}
		}
	}
	c.dailyBudget.settle(now, probe, resp != nil, dailySpent)
}

// windowInterval is the burst window: the server's, else the configured one.
func (c *Client) windowInterval() time.Duration {
	r := c.Rate()
	if r.Interval > 0 {
		return r.Interval
	}
	return c.limits.interval()
}
