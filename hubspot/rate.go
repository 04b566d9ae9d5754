package hubspot

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/time/rate"
)

// Limits are the request budgets a Client paces itself to. A zero field
// means no limit of that kind. Take them from the account tier (FreeLimits,
// ProfessionalLimits, EnterpriseLimits, LimitIncreaseLimits) and divide by
// the number of processes sharing the account.
//
// The per-interval budget is spread evenly (one request every
// Interval/PerInterval, scaled by PaceFactor, no bursts), so that any rolling
// window of Interval holds fewer than PerInterval requests.
type Limits struct {
	// PerInterval is the number of requests allowed per Interval
	// (HubSpot's TEN_SECONDLY_ROLLING policy: per 10 s).
	PerInterval int
	// Interval is the window of PerInterval; default 10 s when PerInterval
	// is set.
	Interval time.Duration
	// Daily is the number of requests allowed per day (DAILY policy).
	Daily int
	// SearchPerSecond is the number of search requests allowed per second
	// (SECONDLY policy).
	SearchPerSecond int
}

// PaceFactor is the share of the per-interval budget the client uses, leaving
// head room for clock skew and network jitter between the client and the
// server's rolling window.
const PaceFactor = 0.95

// DefaultInterval is HubSpot's burst window.
const DefaultInterval = 10 * time.Second

// FreeLimits are the Free and Starter tier limits: 100 per 10 s, 250,000 a
// day, 5 searches a second.
func FreeLimits() Limits {
	return Limits{PerInterval: 100, Interval: DefaultInterval, Daily: 250_000, SearchPerSecond: 5}
}

// ProfessionalLimits are the Professional tier limits: 190 per 10 s,
// 625,000 a day, 5 searches a second.
func ProfessionalLimits() Limits {
	return Limits{PerInterval: 190, Interval: DefaultInterval, Daily: 625_000, SearchPerSecond: 5}
}

// EnterpriseLimits are the Enterprise tier limits: 190 per 10 s, 1,000,000 a
// day, 5 searches a second.
func EnterpriseLimits() Limits {
	return Limits{PerInterval: 190, Interval: DefaultInterval, Daily: 1_000_000, SearchPerSecond: 5}
}

// LimitIncreaseLimits are the Enterprise limits with one API limit increase
// pack: 250 per 10 s, 2,000,000 a day, 5 searches a second.
func LimitIncreaseLimits() Limits {
	return Limits{PerInterval: 250, Interval: DefaultInterval, Daily: 2_000_000, SearchPerSecond: 5}
}

// Unlimited sets no budget at all: for hubspottest servers without limits.
func Unlimited() Limits { return Limits{} }

func (l Limits) validate() error {
	switch {
	case l.PerInterval < 0:
		return &ConfigError{Field: "Limits.PerInterval", Reason: fmt.Sprintf("negative (%d)", l.PerInterval)}
	case l.Interval < 0:
		return &ConfigError{Field: "Limits.Interval", Reason: fmt.Sprintf("negative (%s)", l.Interval)}
	case l.Daily < 0:
		return &ConfigError{Field: "Limits.Daily", Reason: fmt.Sprintf("negative (%d)", l.Daily)}
	case l.SearchPerSecond < 0:
		return &ConfigError{Field: "Limits.SearchPerSecond", Reason: fmt.Sprintf("negative (%d)", l.SearchPerSecond)}
	case l.Interval > 0 && l.PerInterval == 0:
		return &ConfigError{Field: "Limits.Interval", Reason: "set without PerInterval"}
	}
	return nil
}

func (l Limits) interval() time.Duration {
	if l.Interval == 0 {
		return DefaultInterval
	}
	return l.Interval
}

// limiters builds one limiter per quota window; nil where there is no limit.
func (l Limits) limiters() (interval, daily, search *rate.Limiter) {
	if l.PerInterval > 0 {
		every := l.interval().Seconds() / float64(l.PerInterval)
		interval = rate.NewLimiter(rate.Limit(PaceFactor/every), 1)
	}
	if l.Daily > 0 {
		daily = rate.NewLimiter(rate.Limit(float64(l.Daily)/(24*time.Hour).Seconds()), l.Daily)
	}
	if l.SearchPerSecond > 0 {
		search = rate.NewLimiter(rate.Limit(float64(l.SearchPerSecond)*PaceFactor), 1)
	}
	return interval, daily, search
}

// Rate is a snapshot of HubSpot's X-HubSpot-RateLimit-* response headers.
// A field whose header was never seen is -1.
type Rate struct {
	Max            int           // X-HubSpot-RateLimit-Max: requests per interval
	Remaining      int           // X-HubSpot-RateLimit-Remaining: left in the interval
	Interval       time.Duration // X-HubSpot-RateLimit-Interval-Milliseconds
	Daily          int           // X-HubSpot-RateLimit-Daily
	DailyRemaining int           // X-HubSpot-RateLimit-Daily-Remaining
	Observed       time.Time     // when the snapshot was taken; zero if never
}

// parseRate reads the rate headers of h on top of prev; absent or malformed
// headers keep prev's value. It reports whether any header was present.
func parseRate(h http.Header, prev Rate, now time.Time) (Rate, bool) {
	r := prev
	seen := false
	read := func(name string, dst *int) {
		if v := h.Get(name); v != "" {
			if n, err := strconv.Atoi(v); err == nil && n >= 0 {
				*dst = n
				seen = true
			}
		}
	}
	read("X-HubSpot-RateLimit-Max", &r.Max)
	read("X-HubSpot-RateLimit-Remaining", &r.Remaining)
	read("X-HubSpot-RateLimit-Daily", &r.Daily)
	read("X-HubSpot-RateLimit-Daily-Remaining", &r.DailyRemaining)
	if v := h.Get("X-HubSpot-RateLimit-Interval-Milliseconds"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			r.Interval = time.Duration(n) * time.Millisecond
			seen = true
		}
	}
	if seen {
		r.Observed = now
	}
	return r, seen
}

func (c *Client) observe(h http.Header) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rate, _ = parseRate(h, c.rate, c.now())
}

// windowInterval is the burst window: the server's, else the configured one.
func (c *Client) windowInterval() time.Duration {
	r := c.Rate()
	if r.Interval > 0 {
		return r.Interval
	}
	return c.limits.interval()
}

// slowdown is how long to hold back before taking a limiter token, given the
// latest snapshot. Pacing at PaceFactor of the budget leaves
// Max − ⌈PaceFactor·Max⌉ requests of head room in the server's rolling
// window. When that head room is at least one request and the server still
// says nothing is left, another integration shares the budget (or the
// server's window is skewed): the next request would likely be refused, so
// the client gives the window one more slot (Interval/Max) to move. With a
// smaller budget the signal means nothing (a full window is the normal
// state at our pace) and no extra wait is added. The limiter still spaces
// requests in every case.
func slowdown(r Rate, now time.Time) time.Duration {
	if r.Max <= 0 || r.Remaining != 0 || r.Interval <= 0 || r.Observed.IsZero() {
		return 0
	}
	if r.Max-int(math.Ceil(PaceFactor*float64(r.Max))) < 1 {
		return 0
	}
	if now.Sub(r.Observed) > r.Interval {
		return 0 // stale: the window has turned over since
	}
	return r.Interval / time.Duration(r.Max)
}

// pace waits for the budgets one HTTP call needs: the daily one for every
// call, then the search one for a search or the interval one for anything
// else. A daily budget the server reports as spent fails at once with a
// local *RateLimitError.
func (c *Client) pace(ctx context.Context, search bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := c.Rate()
	if r.Daily > 0 && r.DailyRemaining == 0 {
		return &RateLimitError{Policy: Daily, Local: true, Err: &Error{
			Status: http.StatusTooManyRequests, Category: "RATE_LIMIT",
			Message: "daily limit reported spent by the last response; not sending"}}
	}
	if !search {
		if d := slowdown(r, c.now()); d > 0 {
			if err := c.sleep(ctx, d); err != nil {
				return err
			}
		}
	}
	if c.daily != nil {
		if err := c.daily.WaitN(ctx, 1); err != nil {
			return err
		}
	}
	if search {
		if c.search != nil {
			return c.search.WaitN(ctx, 1)
		}
		return nil
	}
	if c.interval != nil {
		return c.interval.WaitN(ctx, 1)
	}
	return nil
}
