// Package hubspot is a typed client for the parts of HubSpot's CRM v3 API a
// customer data platform uses — contacts, properties and property groups,
// tasks, custom events, owners and search — and the adapters that let a
// destination.Pipeline deliver contacts and tasks to HubSpot.
//
// It paces itself to the account's limits, retries only what is safe to
// retry, maps every error body to a typed error and encodes values the way
// HubSpot stores them. Package hubspottest is an in-memory HubSpot for tests
// and dry runs.
//
// # Client
//
// New takes a private-app token and validated options:
//
//	limits, err := hubspot.LimitsForTier("professional")
//	...
//	c, err := hubspot.New(token,
//		hubspot.WithLimits(limits),
//		hubspot.WithRetry(hubspot.Retry{MaxAttempts: 5}),
//		hubspot.WithLogger(logger))
//
// The token is sent as a bearer token and never appears in an error, a log
// line, String, GoString or LogValue. A caller's *http.Client is copied,
// never modified. Calls are grouped in services that share the client:
// c.Contacts, c.Properties, c.Tasks, c.Events and c.Owners. Every call takes
// a context first.
//
// # Pacing
//
// HubSpot limits requests per 10 seconds (a rolling window, per app) and per
// day (per account), and searches per second. Limits carries those budgets:
// LimitsForTier("professional") (or FreeLimits, ProfessionalLimits,
// EnterpriseLimits, LimitIncreaseLimits, Unlimited for a test server), and
// Limits.Divide(n) gives each of n processes sharing the app its share. The
// client takes one slot per HTTP call (not per record). The interval budget
// is spread evenly at PaceFactor of the limit, one request per slot and no
// bursts, and no span of Interval/PaceFactor ever holds more than the
// budget, so a rolling window never does either; searches are paced the
// same way over one second.
//
// Every response's X-HubSpot-RateLimit-* headers update a Rate snapshot
// (Client.Rate) and the pace (Client.Pacing): when the server's Max is below
// the configured budget the client paces to the server's figure, and when
// the server's Remaining shows requests the client did not send (other
// integrations of the same app), it paces to what they leave, slowing down
// before a 429 rather than after. It comes back up, never above the
// configured budget, when later headers allow it. A 429 holds every call
// back until the server's window has turned.
//
// The daily budget is counted per day. When it is used up, or a response
// says the account's daily budget is spent, calls fail at once with a local
// *RateLimitError (ErrDailyLimit) whose RetryAfter runs to HubSpot's next
// reset: midnight in the account's time zone (WithDailyReset). Without the
// zone the client assumes midnight UTC−5 and lets one probe call through
// every DailyProbeInterval; a probe that succeeds lifts the refusal.
//
// WithWaitObserver reports every wait (pacing, rate limited, retry) with
// a reason and the call's method and masked path, for a progress line.
//
// # Retries
//
// Each failed attempt goes through one decision with a reason, which is
// logged: a daily 429 stops; a ten-secondly 429 waits out the window (or
// Retry-After) with jitter; a secondly (search) 429 waits about a second; a
// 423 waits at least LockedBackoff; 500, 502, 503, 504, 521, 524, connection
// resets and timeouts back off exponentially with jitter up to MaxBackoff;
// Retry-After wins when present; 400, 401, 403, 404 and 409 are never
// retried. A server error or a network failure is retried only for
// idempotent calls — upserts by a unique property, updates by id, reads,
// searches, property and group creates (a name cannot be created twice) and
// events with a uuid. Task creates are not retried after such a failure:
// TasksDestination resolves the ambiguity. Bodies are marshalled once and
// every attempt sends the same bytes, with the same objectWriteTraceIds.
//
// Time is bounded: each attempt ends after Retry.AttemptTimeout (30 s by
// default), and no retry wait is started that would end more than
// Retry.MaxElapsed (2 minutes) after the first attempt, so a call returns
// within 2.5 minutes even against a server that never answers. Under a
// caller that retries itself, such as destination.Pipeline, use
// WithRetry(NoRetry()): one attempt per call, and the typed error carries the
// server's wait (RateLimitError.RetryAfter, Error.RetryAfter), which the
// destinations hand to the pipeline.
//
// # Errors
//
// CheckResponse turns every non-2xx response into an *Error (status,
// category — or errorType —, subcategory, message, correlation id, context,
// nested errors, and the validation details HubSpot embeds as JSON inside
// the message) or, for a 429, a *RateLimitError with its Policy
// (TenSecondly, Secondly, Daily) and Retry-After. errors.Is matches
// ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict, ErrRateLimited
// and ErrDailyLimit. Values refused before sending are *ValueError; a failed
// connection is a *TransportError. Each has a Reason method giving a short
// code (INVALID_EMAIL, PROPERTY_DOESNT_EXIST, RATE_LIMIT_DAILY, NETWORK...)
// that destination.Pipeline writes in dead letters.
//
// Batch writes map results back to inputs: each input carries a unique
// objectWriteTraceId, so HubSpot answers a 207 in which only the invalid
// inputs fail, and each WriteResult has its record id, whether it was
// created, or its own error. A 2xx that reports nothing for an input (a
// silent no-op HubSpot is known for) gives that input ErrNoResult.
//
// # Values
//
// EncodeValue turns a cdp.Value into HubSpot's string form: decimals as
// plain digits with their own scale (never a float, never an exponent),
// calendar.Date as YYYY-MM-DD, timestamps as RFC 3339 UTC with
// milliseconds, booleans as "true"/"false", string lists joined with ";",
// and the zero Value as "", which clears the property. Strings longer than
// MaxStringLength characters are refused before sending.
//
// # Schema
//
// Properties.EnsureSchema creates a property group and the properties that
// are missing, leaves matching ones alone, and refuses — with one
// *SchemaError listing every mismatch, before writing anything — when an
// existing property has another type or field type, so values are never
// written into a property of the wrong type.
//
// # Destinations
//
// ContactsDestination implements destination.Destination[Properties]:
// records keyed by e-mail (or another unique property) are upserted 100 at a
// time; each record ends Delivered, Retryable (429, 423, 5xx, network, with
// the server's wait) or Rejected with HubSpot's reason. OnUpserted reports
// each contact's record id, for associating tasks.
//
// TasksDestination implements destination.Destination[Task] and creates at
// most one task per Task.Key: the key is stored on the task in a marker
// property (EnsureTaskSchema creates it), and before creating a batch the
// destination searches for the batch's markers and skips those found. A
// create that fails ambiguously is retried only after that search. HubSpot's
// search is eventually consistent: the settle delay (WithSettleDelay) must
// exceed its indexing lag, or a task created by a failed-looking attempt may
// be missed and created again.
package hubspot
