package hubspot

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"
)

// Retry defaults, used for zero Retry fields. With them a call makes at most
// 5 attempts of at most 30 s each and starts no wait that would end more
// than 2 minutes after its first attempt began, so it returns within
// DefaultMaxElapsed + DefaultAttemptTimeout (2.5 minutes) even against a
// server that never answers.
const (
	DefaultMaxAttempts    = 5
	DefaultBaseBackoff    = 500 * time.Millisecond
	DefaultMaxBackoff     = 10 * time.Second
	DefaultAttemptTimeout = 30 * time.Second
	DefaultMaxElapsed     = 2 * time.Minute
)

// LockedBackoff is the least wait after a 423 (records locked after a burst
// of writes).
const LockedBackoff = 2 * time.Second

// SecondlyBackoff is the wait after a 429 of the SECONDLY (search) policy.
const SecondlyBackoff = time.Second

// Retry is the retry policy. Zero fields take the defaults.
//
// Under a layer that retries itself, such as destination.Pipeline, use
// NoRetry: each call makes one attempt and returns its typed error, whose
// RetryAfter carries the server's wait for that layer to honour.
type Retry struct {
	// MaxAttempts is the number of tries per call, the first included
	// (1 = no retries).
	MaxAttempts int
	// BaseBackoff is the first backoff after a server error or a network
	// failure; it doubles per attempt, with full jitter.
	BaseBackoff time.Duration
	// MaxBackoff caps the exponential backoff (not a server's Retry-After
	// or a rate-limit window).
	MaxBackoff time.Duration
	// AttemptTimeout bounds each attempt, from sending the request to
	// reading the whole answer; an attempt cut short is a network failure
	// ("HubSpot not answering"). An *http.Client's own Timeout
	// (WithHTTPClient) applies too: the shorter one wins.
	AttemptTimeout time.Duration
	// MaxElapsed is the call's retry budget in time: no wait is started
	// that would end more than MaxElapsed after the first attempt began
	// (the call then returns the last error, with the server's wait in
	// it). A call therefore ends within MaxElapsed + AttemptTimeout.
	MaxElapsed time.Duration
}

// NoRetry is the policy for a client whose caller retries (a
// destination.Pipeline, a job scheduler): one attempt per call. The client
// still paces itself, and after a 429 still holds its other calls back
// until the server's window has turned.
func NoRetry() Retry { return Retry{MaxAttempts: 1} }

func (r Retry) validate() error {
	switch {
	case r.MaxAttempts < 0:
		return &ConfigError{Field: "Retry.MaxAttempts", Reason: fmt.Sprintf("negative (%d)", r.MaxAttempts)}
	case r.BaseBackoff < 0:
		return &ConfigError{Field: "Retry.BaseBackoff", Reason: fmt.Sprintf("negative (%s)", r.BaseBackoff)}
	case r.MaxBackoff < 0:
		return &ConfigError{Field: "Retry.MaxBackoff", Reason: fmt.Sprintf("negative (%s)", r.MaxBackoff)}
	case r.AttemptTimeout < 0:
		return &ConfigError{Field: "Retry.AttemptTimeout", Reason: fmt.Sprintf("negative (%s)", r.AttemptTimeout)}
	case r.MaxElapsed < 0:
		return &ConfigError{Field: "Retry.MaxElapsed", Reason: fmt.Sprintf("negative (%s)", r.MaxElapsed)}
	case r.MaxBackoff > 0 && r.BaseBackoff > r.MaxBackoff:
		return &ConfigError{Field: "Retry.BaseBackoff", Reason: fmt.Sprintf("%s exceeds MaxBackoff %s", r.BaseBackoff, r.MaxBackoff)}
	}
	return nil
}

func (r Retry) withDefaults() Retry {
	if r.MaxAttempts == 0 {
		r.MaxAttempts = DefaultMaxAttempts
	}
	if r.BaseBackoff == 0 {
		r.BaseBackoff = DefaultBaseBackoff
	}
	if r.MaxBackoff == 0 {
		r.MaxBackoff = max(DefaultMaxBackoff, r.BaseBackoff)
	}
	if r.AttemptTimeout == 0 {
		r.AttemptTimeout = DefaultAttemptTimeout
	}
	if r.MaxElapsed == 0 {
		r.MaxElapsed = DefaultMaxElapsed
	}
	return r
}

// retryPolicy decides about one call's retries.
type retryPolicy struct {
	retry      Retry
	idempotent bool                // safe to resend after an ambiguous failure
	jitter     func(n int64) int64 // uniform in [0, n)
	interval   time.Duration       // the burst window, for TEN_SECONDLY 429s
	elapsed    time.Duration       // since the call's first attempt began
}

// shouldRetry decides whether to try again after attempt (1-based) failed
// with err (a transport error, or CheckResponse's error for resp), how long
// to wait first, and why. The rules, in order: context done, attempt cap,
// typed API error (daily 429 stops; other 429s and 423 retry; 5xx retries
// only idempotent calls; other statuses stop), transport error (retried only
// for idempotent calls, except a refused dial, which never reached the
// server), then anything else stops. A retry whose wait would end past the
// MaxElapsed budget stops too.
func (p retryPolicy) shouldRetry(attempt int, ctx context.Context, resp *http.Response, err error) (bool, time.Duration, string) {
	retry, wait, reason := p.decide(attempt, ctx, resp, err)
	if retry && p.retry.MaxElapsed > 0 && p.elapsed+wait > p.retry.MaxElapsed {
		return false, 0, fmt.Sprintf("retry budget %s spent: %s", p.retry.MaxElapsed, reason)
	}
	return retry, wait, reason
}

// decide is shouldRetry without the time budget.
func (p retryPolicy) decide(attempt int, ctx context.Context, resp *http.Response, err error) (bool, time.Duration, string) {
	if err == nil {
		return false, 0, "success"
	}
	if ctx.Err() != nil {
		return false, 0, "context done"
	}
	if attempt >= p.retry.MaxAttempts {
		return false, 0, fmt.Sprintf("attempt cap %d reached", p.retry.MaxAttempts)
	}
	var retryAfter time.Duration
	if resp != nil {
		retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	var rl *RateLimitError
	if errors.As(err, &rl) {
		if rl.RetryAfter > 0 {
			retryAfter = rl.RetryAfter
		}
		switch rl.Policy {
		case Daily:
			return false, 0, "daily limit reached"
		case Secondly:
			return true, max(retryAfter, SecondlyBackoff+p.jitterUpTo(SecondlyBackoff/4)), "429 secondly (search) limit"
		default:
			if retryAfter > 0 {
				return true, retryAfter, "429 " + string(rl.Policy) + ": Retry-After"
			}
			w := p.interval
			if w <= 0 {
				w = DefaultInterval
			}
			return true, w + p.jitterUpTo(w/10), "429 " + string(rl.Policy) + ": waiting out the window"
		}
	}
	var ae *Error
	if errors.As(err, &ae) {
		switch ae.Status {
		case http.StatusLocked:
			return true, max(retryAfter, LockedBackoff+p.jitterUpTo(LockedBackoff/4)), "423 locked"
		case 477:
			if retryAfter > 0 {
				return true, retryAfter, "477 migration: Retry-After"
			}
			return true, p.backoff(attempt), "477 migration"
		case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable,
			http.StatusGatewayTimeout, 521, 524:
			if !p.idempotent {
				return false, 0, fmt.Sprintf("%d on a non-idempotent call: outcome unknown", ae.Status)
			}
			return true, max(retryAfter, p.backoff(attempt)), fmt.Sprintf("%d server error", ae.Status)
		}
		return false, 0, fmt.Sprintf("%d is not retryable", ae.Status)
	}
	var de *DecodeError
	if errors.As(err, &de) {
		return false, 0, "undecodable 2xx response"
	}
	var te *TransportError
	if errors.As(err, &te) {
		if !transient(te.Err) {
			return false, 0, "permanent transport error"
		}
		what := "network failure"
		if timedOut(te.Err) {
			what = "HubSpot not answering (timeout)"
		}
		if !p.idempotent && !neverSent(te.Err) {
			return false, 0, what + " on a non-idempotent call: outcome unknown"
		}
		return true, p.backoff(attempt), what
	}
	return false, 0, "not retryable"
}

// backoff is the capped exponential backoff with full jitter for attempt.
func (p retryPolicy) backoff(attempt int) time.Duration {
	d := p.retry.BaseBackoff
	for i := 1; i < attempt && d < p.retry.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, p.retry.MaxBackoff)
	// Full jitter, but never below half the step, so waits still grow.
	return d/2 + p.jitterUpTo(d/2+1)
}

func (p retryPolicy) jitterUpTo(d time.Duration) time.Duration {
	if d <= 0 || p.jitter == nil {
		return 0
	}
	return time.Duration(p.jitter(int64(d)))
}

// transient reports whether a transport error may go away: not a TLS
// certificate problem, not a malformed request.
func transient(err error) bool {
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	if errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &ci) {
		return false
	}
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &ne) || errors.As(err, &oe) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, context.DeadlineExceeded)
}

// timedOut reports whether a transport error is a timeout: the attempt's
// deadline or the HTTP client's.
func timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// neverSent reports whether the request cannot have reached the server: the
// connection was refused while dialling.
func neverSent(err error) bool {
	var oe *net.OpError
	return errors.As(err, &oe) && oe.Op == "dial"
}
