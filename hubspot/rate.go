package hubspot

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Limits are the request budgets a Client paces itself to. A zero field
// means no limit of that kind. Take them from the account tier
// (LimitsForTier, or FreeLimits, ProfessionalLimits, EnterpriseLimits,
// LimitIncreaseLimits) and Divide them by the number of processes sharing
// the app and account.
//
// The per-interval budget is spread evenly (one request every
// Interval/PerInterval, scaled by PaceFactor, no bursts), and no span of
// Interval/PaceFactor ever holds more than PerInterval requests, so that
// any rolling window of Interval holds fewer than PerInterval requests. The
// search budget is paced the same way over one second. The daily budget is
// counted per day (see WithDailyReset): once it is used up, calls fail
// locally with ErrDailyLimit until the next day.
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

// FreeLimits are the Free and Starter tier limits of a private app (see
// https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details): 100 per 10 s, 250,000 a
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

// The tier names LimitsForTier knows, in the order of their budgets.
const (
	TierFree          = "free"
	TierStarter       = "starter"
	TierProfessional  = "professional"
	TierEnterprise    = "enterprise"
	TierLimitIncrease = "limit-increase" // Enterprise with one API limit increase pack
	TierUnlimited     = "unlimited"      // no budget: a hubspottest server
)

// Tiers lists the names LimitsForTier accepts.
func Tiers() []string {
	return []string{TierFree, TierStarter, TierProfessional, TierEnterprise, TierLimitIncrease, TierUnlimited}
}

// LimitsForTier returns the three budgets of a HubSpot tier by name (case and
// surrounding spaces ignored; see Tiers), for a job that takes its tier from
// configuration. An unknown name is a *ConfigError listing the known ones.
func LimitsForTier(name string) (Limits, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case TierFree, TierStarter:
		return FreeLimits(), nil
	case TierProfessional:
		return ProfessionalLimits(), nil
	case TierEnterprise:
		return EnterpriseLimits(), nil
	case TierLimitIncrease:
		return LimitIncreaseLimits(), nil
	case TierUnlimited:
		return Unlimited(), nil
	}
	return Limits{}, &ConfigError{Field: "tier", Reason: fmt.Sprintf("unknown tier %q; want one of %s", name, strings.Join(Tiers(), ", "))}
}

// Divide returns the share of l of one of n processes that use the same app
// and account at once: every budget divided by n, rounded down. A budget too
// small to give each process at least one request per window is a
// *ConfigError (zero would mean no limit at all): run fewer processes, or
// give them different budgets by hand.
func (l Limits) Divide(n int) (Limits, error) {
	if n < 1 {
		return Limits{}, &ConfigError{Field: "Divide", Reason: fmt.Sprintf("want at least one process, got %d", n)}
	}
	share := func(field string, v int) (int, error) {
		if v == 0 {
			return 0, nil
		}
		if v/n < 1 {
			return 0, &ConfigError{Field: "Limits." + field, Reason: fmt.Sprintf("%d cannot be shared by %d processes", v, n)}
		}
		return v / n, nil
	}
	out := l
	var err error
	if out.PerInterval, err = share("PerInterval", l.PerInterval); err != nil {
		return Limits{}, err
	}
	if out.Daily, err = share("Daily", l.Daily); err != nil {
		return Limits{}, err
	}
	if out.SearchPerSecond, err = share("SearchPerSecond", l.SearchPerSecond); err != nil {
		return Limits{}, err
	}
	return out, nil
}

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
