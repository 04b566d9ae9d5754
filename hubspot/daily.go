package hubspot

import (
	"net/http"
	"sync"
	"time"
)

// DailyProbeInterval is how long the client refuses calls after HubSpot said
// the daily budget is spent, when the account's time zone is unknown
// (WithDailyReset not given) and the next midnight UTC−5 comes later: one
// call then goes through as a probe. A probe that succeeds ends the
// refusal; one refused again starts another interval. At most 24 probes a
// day are spent on an exhausted budget, and the client resumes at most this
// long after the real reset, whatever the account's time zone.
const DailyProbeInterval = time.Hour

// defaultResetOffset is the zone assumed for the daily reset when none is
// given: UTC−5. Its midnight comes at or after midnight in Brazil (UTC−3)
// and in US Eastern time (UTC−5 in winter, UTC−4 in summer), so for those
// accounts the budget has already been reset when the client resumes.
const defaultResetOffset = -5 * 60 * 60

// WithDailyReset sets the account's time zone (in HubSpot: Settings, Account
// defaults), in which HubSpot resets daily limits at midnight; see
// https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details.
// After a response saying the daily budget is spent, the client refuses calls
// locally (*RateLimitError, ErrDailyLimit, with RetryAfter) until that
// midnight; the configured Limits.Daily is counted per day of this zone.
//
// Without it the client assumes midnight UTC−5 and also probes once every
// DailyProbeInterval, so it never waits much past the real reset.
func WithDailyReset(loc *time.Location) Option {
	return func(c *Client) error {
		if loc == nil {
			return &ConfigError{Field: "DailyReset", Reason: "nil location"}
		}
		c.resetZone, c.probeEvery = loc, 0
		return nil
	}
}

// dailyBudget enforces the daily budget: the configured Limits.Daily,
// counted per day of the reset zone, and HubSpot's own signal that the
// account's budget is spent.
type dailyBudget struct {
	mu    sync.Mutex
	limit int            // Limits.Daily; 0 means none
	loc   *time.Location // where days start
	probe time.Duration  // > 0: refuse no longer than this before a probe

	day  time.Time // the midnight starting the day counted
	used int       // calls taken on day

	spentUntil time.Time // non-zero: HubSpot said spent; refuse until then
	probing    bool      // a call went out to see whether the budget is back
}

// nextMidnight is the first midnight in loc strictly after t.
func nextMidnight(t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	y, m, d := lt.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

// refusal is the local error of a call the daily budget does not allow.
func refusal(wait time.Duration, why string) error {
	return &RateLimitError{Policy: Daily, Local: true, RetryAfter: wait, Err: &Error{
		Status: http.StatusTooManyRequests, Category: "RATE_LIMIT", Message: why}}
}

// take counts one call at now, or refuses it. A call let through after a
// spent signal expired is the probe (probe is true): until its outcome
// arrives (settle), other calls are refused.
func (d *dailyBudget) take(now time.Time) (probe bool, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.spentUntil.IsZero() {
		if now.Before(d.spentUntil) {
			return false, refusal(d.spentUntil.Sub(now), "daily limit reported spent by HubSpot; not sending before the next reset")
		}
		if d.probing {
			return false, refusal(time.Second, "daily limit reported spent by HubSpot; a probe is in flight")
		}
	}
	if d.limit > 0 {
		day := nextMidnight(now, d.loc).AddDate(0, 0, -1)
		if !day.Equal(d.day) {
			d.day, d.used = day, 0
		}
		if d.used >= d.limit {
			return false, refusal(nextMidnight(now, d.loc).Sub(now), "the configured daily budget is used up")
		}
		d.used++
	}
	if !d.spentUntil.IsZero() {
		d.probing = true
		return true, nil
	}
	return false, nil
}

// give returns a call taken at now that was not sent.
func (d *dailyBudget) give(now time.Time, probe bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.limit > 0 && d.used > 0 && nextMidnight(now, d.loc).AddDate(0, 0, -1).Equal(d.day) {
		d.used--
	}
	if probe {
		d.probing = false
	}
}

// settle records at now the outcome of a call sent: answered says a
// response arrived, spent that it (a DAILY 429, or headers with no daily
// budget left) said the account's daily budget is spent. Only the probe,
// or a call answered after the refusal ended, lifts the spent signal: an
// answer to a call sent before the signal says nothing new.
func (d *dailyBudget) settle(now time.Time, probe, answered, spent bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case spent:
		until := nextMidnight(now, d.loc)
		if d.probe > 0 && now.Add(d.probe).Before(until) {
			until = now.Add(d.probe)
		}
		d.spentUntil = until
	case answered && (probe || !now.Before(d.spentUntil)):
		d.spentUntil = time.Time{}
	}
	if probe {
		d.probing = false
	}
}

// spentAt reports until when the spent signal refuses calls (zero: none).
func (d *dailyBudget) spentAt() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.spentUntil
}
