package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
)

// DefaultBaseURL is the HubSpot API root used when WithBaseURL is not given.
const DefaultBaseURL = "https://api.hubapi.com"

// DefaultUserAgent is the User-Agent sent when WithUserAgent is not given.
const DefaultUserAgent = "customerdata-hubspot/1"

// maxErrorBody is the most bytes of an error body CheckResponse reads.
const maxErrorBody = 1 << 20

// maxResponseBody is the most bytes of a success body the client decodes.
const maxResponseBody = 64 << 20

// Client is a HubSpot CRM client. It paces itself to the account's limits,
// retries what is safe to retry and maps errors to typed values.
//
// Build one with New. A Client is safe for concurrent use; its services
// (Contacts, Properties, Tasks, Events, Owners) share its limiters, retry
// policy and rate snapshot.
type Client struct {
	base   *url.URL
	hc     *http.Client
	log    *slog.Logger
	token  string
	ua     string
	limits Limits
	retry  Retry

	interval    *window // nil when no per-interval limit
	search      *window // nil when no search limit
	dailyBudget *dailyBudget
	resetZone   *time.Location // where HubSpot's day starts
	probeEvery  time.Duration  // > 0 when resetZone is a guess
	onWait      func(Wait)     // nil: waits are not reported

	mu   sync.Mutex
	rate Rate

	nonce uint64        // random per client, prefixes trace ids
	seq   atomic.Uint64 // per-call counter for trace ids

	// Test hooks: a clock, a sleep honouring ctx, a jitter source returning
	// a value in [0, n), and a trace-id generator.
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(n int64) int64

	common service

	// Contacts reads and writes contacts.
	Contacts *ContactsService
	// Properties manages properties, property groups and schemas.
	Properties *PropertiesService
	// Tasks creates and searches tasks.
	Tasks *TasksService
	// Events sends custom behavioural events.
	Events *EventsService
	// Owners lists owners.
	Owners *OwnersService
}

type service struct{ client *Client }

// Option configures a Client in New. An option given an invalid value makes
// New fail.
type Option func(*Client) error

// WithBaseURL sets the API root (default DefaultBaseURL), e.g. a
// hubspottest.Server's URL. It must be an absolute http or https URL; a path
// is kept as a prefix.
func WithBaseURL(raw string) Option {
	return func(c *Client) error {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &ConfigError{Field: "BaseURL", Reason: fmt.Sprintf("want an absolute http(s) URL, got %q", raw)}
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return &ConfigError{Field: "BaseURL", Reason: "must not carry user info, a query or a fragment"}
		}
		u.Path = strings.TrimSuffix(u.Path, "/")
		u.RawPath = ""
		c.base = u
		return nil
	}
}

// WithHTTPClient sets the HTTP client. It is copied, never modified; its
// Timeout, if any, bounds each attempt besides Retry.AttemptTimeout (the
// shorter wins). Default: a client without a Timeout of its own, each
// attempt being bounded by Retry.AttemptTimeout (DefaultAttemptTimeout).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return &ConfigError{Field: "HTTPClient", Reason: "nil"}
		}
		cp := *hc
		c.hc = &cp
		return nil
	}
}

// WithLogger sets the logger for retries and pacing decisions. Nil discards.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l == nil {
			l = slog.New(slog.DiscardHandler)
		}
		c.log = l
		return nil
	}
}

// WithLimits sets the budgets the client paces itself to. Default:
// FreeLimits. Use Unlimited for a server without limits.
func WithLimits(l Limits) Option {
	return func(c *Client) error {
		if err := l.validate(); err != nil {
			return err
		}
		c.limits = l
		return nil
	}
}

// WithRetry sets the retry policy. Zero fields take the defaults
// (DefaultMaxAttempts, DefaultBaseBackoff, DefaultMaxBackoff,
// DefaultAttemptTimeout, DefaultMaxElapsed). Under a caller that retries
// itself, pass NoRetry().
func WithRetry(r Retry) Option {
	return func(c *Client) error {
		if err := r.validate(); err != nil {
			return err
		}
		c.retry = r.withDefaults()
		return nil
	}
}

// WithUserAgent sets the User-Agent header. It must be non-empty.
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		if strings.TrimSpace(ua) == "" || strings.ContainsAny(ua, "\r\n") {
			return &ConfigError{Field: "UserAgent", Reason: "empty or multi-line"}
		}
		c.ua = ua
		return nil
	}
}

// ConfigError reports an invalid argument to New or to a constructor.
type ConfigError struct {
	Field  string // the option or field, e.g. "BaseURL"
	Reason string
}

// Error names the field and what is wrong with it.
func (e *ConfigError) Error() string {
	return "hubspot: invalid " + e.Field + ": " + e.Reason
}

// New returns a Client authenticating with token (a private-app token). The
// token is never shown in errors, logs or String.
func New(token string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(token) == "" {
		return nil, &ConfigError{Field: "token", Reason: "empty"}
	}
	if strings.ContainsAny(token, " \t\r\n") {
		return nil, &ConfigError{Field: "token", Reason: "contains white space"}
	}
	base, _ := url.Parse(DefaultBaseURL)
	c := &Client{
		base:   base,
		hc:     &http.Client{},
		log:    slog.New(slog.DiscardHandler),
		token:  token,
		ua:     DefaultUserAgent,
		limits: FreeLimits(),
		retry:  Retry{}.withDefaults(),
		now:    time.Now,
		sleep:  sleepCtx,
		jitter: func(n int64) int64 {
			if n <= 0 {
				return 0
			}
			return rand.Int64N(n)
		},
		resetZone:  time.FixedZone("UTC-5", defaultResetOffset),
		probeEvery: DailyProbeInterval,
	}
	for i, opt := range opts {
		if opt == nil {
			return nil, &ConfigError{Field: fmt.Sprintf("option %d", i), Reason: "nil"}
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	c.nonce = rand.Uint64()
	if c.limits.PerInterval > 0 {
		c.interval = newWindow(c.limits.PerInterval, c.limits.interval())
	}
	if c.limits.SearchPerSecond > 0 {
		c.search = newWindow(c.limits.SearchPerSecond, time.Second)
	}
	c.dailyBudget = &dailyBudget{limit: c.limits.Daily, loc: c.resetZone, probe: c.probeEvery}
	c.rate = unknownRate()
	c.common.client = c
	c.Contacts = (*ContactsService)(&c.common)
	c.Properties = (*PropertiesService)(&c.common)
	c.Tasks = (*TasksService)(&c.common)
	c.Events = (*EventsService)(&c.common)
	c.Owners = (*OwnersService)(&c.common)
	return c, nil
}

// String describes the client without its token.
func (c *Client) String() string {
	return fmt.Sprintf("hubspot.Client{BaseURL: %s, Token: [REDACTED]}", c.base.String())
}

// GoString is String: %#v never shows the token either.
func (c *Client) GoString() string { return c.String() }

// LogValue logs the client's base URL, never its token.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.base.String()), slog.String("token", "[REDACTED]"))
}

// Rate returns the latest rate-limit snapshot read from response headers.
// Fields never observed are -1.
func (c *Client) Rate() Rate {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rate
}

// Limits returns the budgets the client was configured with.
func (c *Client) Limits() Limits { return c.limits }

// Pacing returns the budgets the client paces itself to now: the configured
// ones, with the per-interval budget lowered to HubSpot's figure when the
// server allows less or other integrations use part of it.
func (c *Client) Pacing() Limits {
	l := c.limits
	if c.interval != nil {
		l.PerInterval = c.interval.budget()
	}
	return l
}

// DailySpentUntil reports until when the client refuses calls because
// HubSpot said the daily budget is spent; zero when it does not.
func (c *Client) DailySpentUntil() time.Time { return c.dailyBudget.spentAt() }

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// request is one API call: its body is marshalled once and replayed byte for
// byte on every attempt.
type request struct {
	method     string
	path       string // relative to the base URL, starting with "/"
	query      url.Values
	body       []byte // nil: no body
	idempotent bool   // safe to retry after an ambiguous failure
	search     bool   // counts against the search limit, not the interval one
}

func newRequest(method, path string, body any, idempotent bool) (request, error) {
	r := request{method: method, path: path, idempotent: idempotent}
	if a, ok := body.(jsonAppender); ok {
		b, err := a.appendJSON(make([]byte, 0, a.sizeHint()))
		if err != nil {
			return r, fmt.Errorf("hubspot: encode %s %s: %w", method, path, err)
		}
		r.body = b
	} else if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return r, fmt.Errorf("hubspot: encode %s %s: %w", method, path, err)
		}
		r.body = b
	}
	return r, nil
}

// do sends req, retrying as the policy allows, and decodes a 2xx body into
// out (when out is non-nil and the body non-empty). It returns the final
// HTTP status code (0 when no response arrived).
func (c *Client) do(ctx context.Context, req request, out any) (int, error) {
	u := *c.base
	u.Path = c.base.Path + req.path
	if req.query != nil {
		u.RawQuery = req.query.Encode()
	}
	target := u.String()
	policy := retryPolicy{retry: c.retry, idempotent: req.idempotent, jitter: c.jitter}
	if ctx.Value(singleAttemptKey{}) != nil {
		policy.retry.MaxAttempts = 1
	}
	var start time.Time
	var last error
	for attempt := 1; ; attempt++ {
		probe, err := c.pace(ctx, &req, attempt)
		if err != nil {
			if last != nil {
				return 0, errors.Join(err, last)
			}
			return 0, err
		}
		if attempt == 1 {
			start = c.now()
		}
		status, resp, err := c.attempt(ctx, req, target, out)
		c.settle(&req, probe, resp, err)
		if err == nil {
			return status, nil
		}
		last = err
		policy.interval = c.windowInterval() // the server's, once its headers were seen
		policy.elapsed = c.now().Sub(start)
		retry, wait, reason := policy.shouldRetry(attempt, ctx, resp, err)
		if !retry {
			if attempt > 1 {
				c.log.LogAttrs(ctx, slog.LevelWarn, "hubspot: giving up",
					slog.String("method", req.method), slog.String("path", maskPath(req.path)),
					slog.Int("attempt", attempt), slog.String("reason", reason), errAttr(err))
			}
			return status, err
		}
		c.log.LogAttrs(ctx, slog.LevelInfo, "hubspot: retrying",
			slog.String("method", req.method), slog.String("path", maskPath(req.path)),
			slog.Int("attempt", attempt), slog.Duration("wait", wait),
			slog.String("reason", reason), errAttr(err))
		c.report(Wait{Kind: WaitRetry, Delay: wait, Attempt: attempt + 1, MaxAttempts: c.retry.MaxAttempts,
			Method: req.method, Path: maskPath(req.path), Reason: reason})
		if serr := c.sleep(ctx, wait); serr != nil {
			return status, errors.Join(serr, err)
		}
	}
}

// attempt sends one HTTP request. It returns the status, the response (with
// its body already consumed and closed; kept for headers) and an error: a
// transport error, a CheckResponse error or a decoding error.
func (c *Client) attempt(ctx context.Context, req request, target string, out any) (int, *http.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.retry.AttemptTimeout)
	defer cancel()
	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.method, target, body)
	if err != nil {
		return 0, nil, fmt.Errorf("hubspot: build %s %s: %w", req.method, req.path, err)
	}
	if req.body != nil {
		b := req.body
		hr.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		hr.Header.Set("Content-Type", "application/json")
	}
	hr.Header.Set("Accept", "application/json")
	hr.Header.Set("Authorization", "Bearer "+c.token)
	hr.Header.Set("User-Agent", c.ua)
	resp, err := c.hc.Do(hr)
	if err != nil {
		return 0, nil, &TransportError{Method: req.method, Path: maskPath(req.path), Err: scrubURLError(err)}
	}
	defer resp.Body.Close()
	if err := CheckResponse(resp); err != nil {
		return resp.StatusCode, resp, err
	}
	if out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseBody))
		return resp.StatusCode, resp, nil
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if err != nil {
		return resp.StatusCode, resp, &TransportError{Method: req.method, Path: maskPath(req.path), Err: err}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return resp.StatusCode, resp, nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return resp.StatusCode, resp, &DecodeError{Method: req.method, Path: maskPath(req.path), Status: resp.StatusCode, Err: err}
	}
	return resp.StatusCode, resp, nil
}

// scrubURLError drops the URL from a *url.Error: it carries no token, but
// keeping errors short and free of query strings is the safe habit.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// TransportError is a failure to get an HTTP response: a refused or reset
// connection, a timeout, a truncated body.
type TransportError struct {
	// Method and Path name the call; an e-mail address in the path (a
	// contact read by e-mail) is masked.
	Method, Path string
	Err          error
}

// Error names the call and the network failure.
func (e *TransportError) Error() string {
	return "hubspot: " + e.Method + " " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the underlying network error.
func (e *TransportError) Unwrap() error { return e.Err }

// Reason is "NETWORK".
func (e *TransportError) Reason() string { return "NETWORK" }

// DecodeError is a 2xx response whose body is not the JSON expected.
type DecodeError struct {
	// Method and Path name the call, e-mail addresses masked as in
	// TransportError.
	Method, Path string
	Status       int
	Err          error
}

// Error names the call, the status and the JSON error.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("hubspot: %s %s: decode %d response: %v", e.Method, e.Path, e.Status, e.Err)
}

// Unwrap returns the JSON error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Reason is "BAD_RESPONSE".
func (e *DecodeError) Reason() string { return "BAD_RESPONSE" }

// maskPath masks path segments holding an e-mail address (a contact read
// by email) for logs, as cdp.Masker.Email does.
func maskPath(p string) string {
	if !strings.Contains(p, "@") {
		return p
	}
	parts := strings.Split(p, "/")
	for i, seg := range parts {
		if strings.Contains(seg, "@") {
			parts[i] = cdp.Masker{}.Email(seg)
		}
	}
	return strings.Join(parts, "/")
}

// errAttr logs an error without the free text HubSpot puts in messages,
// which can quote the values sent (e-mail addresses, say): status,
// category, correlation id and policy for API errors, the error class for
// others.
func errAttr(err error) slog.Attr {
	var rl *RateLimitError
	var ae *Error
	var te *TransportError
	switch {
	case errors.As(err, &rl):
		attrs := []any{slog.String("policy", string(rl.Policy)), slog.Duration("retry_after", rl.RetryAfter)}
		if rl.Err != nil {
			attrs = append(attrs, slog.String("correlation_id", rl.Err.CorrelationID))
		}
		return slog.Group("error", attrs...)
	case errors.As(err, &ae):
		return slog.Group("error", slog.Int("status", ae.Status), slog.String("category", ae.Category),
			slog.String("reason", ae.Reason()), slog.String("correlation_id", ae.CorrelationID))
	case errors.As(err, &te):
		return slog.Group("error", slog.String("transport", te.Err.Error()))
	}
	return slog.String("error", fmt.Sprintf("%T", err))
}

// singleAttemptKey marks a context whose calls make one attempt.
type singleAttemptKey struct{}

// SingleAttempt returns a context under which the client makes one attempt
// per call, whatever its Retry says: for a caller that retries by itself,
// so that the two layers do not multiply their attempts. The destinations
// of this package (ContactsDestination, TasksDestination) use it, because a
// destination.Pipeline retries the records that failed, honouring the
// server's Retry-After that the errors carry. Pacing and the per-attempt
// timeout still apply.
func SingleAttempt(ctx context.Context) context.Context {
	return context.WithValue(ctx, singleAttemptKey{}, true)
}
