package hubspottest

import (
	"fmt"
	"time"
)

// DefaultToken is the bearer token a server accepts unless WithToken says otherwise.
const DefaultToken = "pat-na1-hubspottest-0000"

// Option configures a Server. Options are validated by NewServer, which panics
// with a message naming the option and the bad value, as test helpers do.
type Option func(*config)

type config struct {
	token        string
	rateMax      int
	rateInterval time.Duration
	dailyLimit   int
	searchLimit  int
	faults       Faults
	latency      time.Duration
	owners       []Owner
	props        []seedProp
	groups       []seedGroup
	clock        func() time.Time
	noLog        bool
	errs         []string
}

type seedProp struct {
	objectType string
	prop       Property
}

type seedGroup struct {
	objectType string
	group      PropertyGroup
}

func (c *config) fail(format string, args ...any) {
	c.errs = append(c.errs, fmt.Sprintf(format, args...))
}

// WithToken sets the bearer token the server accepts (default DefaultToken).
// An empty token is refused.
func WithToken(token string) Option {
	return func(c *config) {
		if token == "" {
			c.fail("WithToken: empty token")
			return
		}
		c.token = token
	}
}

// WithRateLimit limits authorized non-search requests to max per rolling interval
// (HubSpot's TEN_SECONDLY_ROLLING policy, usually 100 or 190 per 10 s; scale the
// interval down in tests). max 0 means no limit. The window is rolling: a request
// is admitted when fewer than max requests were admitted in the preceding interval.
func WithRateLimit(max int, interval time.Duration) Option {
	return func(c *config) {
		switch {
		case max < 0:
			c.fail("WithRateLimit: max must be >= 0, got %d", max)
		case max > 0 && interval <= 0:
			c.fail("WithRateLimit: interval must be > 0, got %v", interval)
		default:
			c.rateMax, c.rateInterval = max, interval
		}
	}
}

// WithDailyLimit limits authorized requests (search included) per day of the
// server clock in UTC (HubSpot's DAILY policy). 0 means no limit.
func WithDailyLimit(n int) Option {
	return func(c *config) {
		if n < 0 {
			c.fail("WithDailyLimit: n must be >= 0, got %d", n)
			return
		}
		c.dailyLimit = n
	}
}

// WithSearchLimit limits search requests to perSecond per rolling second
// (HubSpot's SECONDLY policy). 0 means no limit.
func WithSearchLimit(perSecond int) Option {
	return func(c *config) {
		if perSecond < 0 {
			c.fail("WithSearchLimit: perSecond must be >= 0, got %d", perSecond)
			return
		}
		c.searchLimit = perSecond
	}
}

// WithFaults turns on deterministic fault injection. Each probability must be in
// [0, 1] and their sum at most 1.
func WithFaults(f Faults) Option {
	return func(c *config) {
		sum := 0.0
		for _, p := range []struct {
			name string
			v    float64
		}{{"ServerError", f.ServerError}, {"RateLimited", f.RateLimited}, {"Reset", f.Reset}, {"ApplyThenFail", f.ApplyThenFail}} {
			if !(p.v >= 0 && p.v <= 1) {
				c.fail("WithFaults: %s must be in [0, 1], got %v", p.name, p.v)
				return
			}
			sum += p.v
		}
		if sum > 1+1e-9 {
			c.fail("WithFaults: probabilities sum to %v, more than 1", sum)
			return
		}
		c.faults = f
	}
}

// WithLatency delays every authorized request by d before it is handled. The
// delay ends early when the request's context is canceled; nothing is applied then.
func WithLatency(d time.Duration) Option {
	return func(c *config) {
		if d < 0 {
			c.fail("WithLatency: d must be >= 0, got %v", d)
			return
		}
		c.latency = d
	}
}

// WithOwners sets the owners listed by GET /crm/v3/owners/. When at least one
// owner is configured, hubspot_owner_id values must name one of them.
// Each owner needs a unique, non-empty ID and a Type of "", OwnerPerson or
// OwnerQueue ("" is listed as OwnerPerson).
func WithOwners(owners ...Owner) Option {
	return func(c *config) {
		for i, o := range owners {
			if o.ID == "" {
				c.fail("WithOwners: owner %d has an empty ID", i)
				return
			}
			if o.Type != "" && o.Type != OwnerPerson && o.Type != OwnerQueue {
				c.fail("WithOwners: owner %q has type %q, want %s or %s", o.ID, o.Type, OwnerPerson, OwnerQueue)
				return
			}
		}
		c.owners = append(c.owners, owners...)
	}
}

// WithContactProperty adds a contact property to the default schema.
// It is WithProperties("contacts", p).
func WithContactProperty(p Property) Option {
	return WithProperties("contacts", p)
}

// WithProperties adds properties of objectType ("contacts", "tasks", "0-1",
// "0-27") to the default schema. Each must pass the rules of property creation;
// a GroupName that does not exist yet is created with the name as label.
func WithProperties(objectType string, props ...Property) Option {
	return func(c *config) {
		for _, p := range props {
			c.props = append(c.props, seedProp{objectType, p})
		}
	}
}

// WithGroups adds property groups of objectType to the default schema.
func WithGroups(objectType string, groups ...PropertyGroup) Option {
	return func(c *config) {
		for _, g := range groups {
			c.groups = append(c.groups, seedGroup{objectType, g})
		}
	}
}

// WithClock sets the server clock (default time.Now). It drives timestamps,
// the rate-limit windows and the daily counter, so tests need not sleep.
// Latency (WithLatency) always uses real time.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now == nil {
			c.fail("WithClock: nil clock")
			return
		}
		c.clock = now
	}
}

// WithoutRequestLog keeps no request log: Requests and RequestCount see
// nothing. The log copies every request body, so a long run against the
// in-process HubSpot (a job's fake mode) would otherwise grow with every
// request it sends.
func WithoutRequestLog() Option {
	return func(c *config) { c.noLog = true }
}
