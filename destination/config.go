package destination

import (
	"fmt"
	"log/slog"
	"time"

	"golang.org/x/time/rate"
)

// Defaults applied to the zero fields of a Config.
const (
	DefaultBatchSize        = 100
	DefaultFlushInterval    = time.Second
	DefaultParallelism      = 2
	DefaultQueueSize        = 10_000
	DefaultInterval         = time.Second
	DefaultBurst            = 1
	DefaultMaxAttempts      = 5
	DefaultBackoffBase      = 500 * time.Millisecond
	DefaultBackoffMax       = 30 * time.Second
	DefaultMaxElapsed       = 5 * time.Minute
	DefaultSendTimeout      = time.Minute
	DefaultProgressInterval = time.Second
)

// Config configures a Pipeline. It is a plain struct: the zero value of every
// field means its default (the Default* constants), a negative value is a
// *ConfigError naming the field. New validates it and works on a copy.
type Config[T any] struct {
	// BatchSize is the largest number of records sent in one batch. It is
	// capped at the destination's MaxBatchSize.
	BatchSize int
	// FlushInterval is how long a partial batch waits for more records
	// before it is sent anyway.
	FlushInterval time.Duration
	// Parallelism is how many batches may be in flight at once.
	Parallelism int
	// QueueSize bounds the records Enqueue buffers before it blocks, and
	// the records the pipeline holds past the queue (batches being built,
	// in flight or waiting for a retry): memory stays bounded by about
	// twice QueueSize records.
	QueueSize int

	// RequestsPerInterval, Interval and Burst limit the rate of batch sends:
	// at most RequestsPerInterval sends per Interval (default
	// DefaultInterval), with bursts of at most Burst (default DefaultBurst).
	// One limiter is shared by all parallel workers; each send takes one
	// token. Zero RequestsPerInterval means no limit.
	RequestsPerInterval int
	Interval            time.Duration
	Burst               int
	// Limiter, when not nil, is used instead of RequestsPerInterval,
	// Interval and Burst (which must then be zero), for example to share
	// one limit between pipelines.
	Limiter *rate.Limiter

	// MaxAttempts is the number of times a record is sent before it is
	// dead-lettered with ReasonRetriesExhausted (1 disables retries).
	MaxAttempts int
	// BackoffBase and BackoffMax shape the wait before a retry:
	// exponential (BackoffBase doubled per attempt) with full jitter,
	// capped at BackoffMax. A Retryable's After is a lower bound that wins
	// over the cap.
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// MaxElapsed is the retry budget in time: a record whose next attempt
	// would start later than MaxElapsed after its first is dead-lettered
	// with ReasonBudgetExhausted.
	MaxElapsed time.Duration
	// SendTimeout bounds one call of the destination's Send: its context
	// ends SendTimeout after the call starts, and the records it did not
	// deliver by then are retried like any retryable failure. It bounds the
	// time a destination that retries inside Send (an HTTP client obeying a
	// long Retry-After, say) can hold a batch.
	SendTimeout time.Duration

	// Coalesce merges two records with the same Key that are waiting to be
	// sent: old was enqueued first. Nil means the last write wins (new).
	// The returned record keeps the Key; its Fingerprint should describe
	// the merged payload.
	Coalesce func(old, new Record[T]) Record[T]

	// DeadLetters receives the records that cannot be delivered. Nil keeps
	// them in memory and returns them in Report.DeadLetters: they are
	// never dropped.
	DeadLetters DeadLetterSink
	// State, when not nil, enables change tracking: a record whose
	// Fingerprint equals the stored one is skipped, and a fingerprint is
	// stored only once the destination confirmed the delivery.
	State StateStore

	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Progress, when not nil, is called with a Stats snapshot at most once
	// per ProgressInterval (default DefaultProgressInterval) while records
	// move, and once more when the pipeline closes. It runs on the
	// pipeline's own goroutine: it must return quickly and must not call
	// Enqueue, Flush or Close.
	Progress         func(Stats)
	ProgressInterval time.Duration
	// OnResult, when not nil, is called once for every record sent whose
	// outcome is final: delivered, rejected, or retried until the budget
	// ran out (res is then the last Retryable). It runs on the pipeline's
	// own goroutine: it must return quickly and must not call Enqueue,
	// Flush or Close.
	OnResult func(rec Record[T], res Result)
	// OnWait, when not nil, is called each time records are scheduled for
	// a retry, once per batch settled, with what the pipeline now waits
	// for (see WaitInfo), so that a progress line can say why nothing
	// moves. It runs on the pipeline's own goroutine: it must return
	// quickly and must not call Enqueue, Flush or Close.
	OnWait func(WaitInfo)

	// jitter returns a random duration in [0, d]; nil uses math/rand/v2.
	// Tests set it for deterministic backoff.
	jitter func(d time.Duration) time.Duration
}

// ConfigError reports an invalid Config field or constructor argument. It
// matches ErrInvalidConfig with errors.Is.
type ConfigError struct {
	Field  string // the Config field or argument, e.g. "BatchSize"
	Reason string // what is wrong with it
}

// Error implements error.
func (e *ConfigError) Error() string {
	return fmt.Sprintf("destination: invalid config %s: %s", e.Field, e.Reason)
}

// Is reports whether target is ErrInvalidConfig.
func (e *ConfigError) Is(target error) bool { return target == ErrInvalidConfig }

// settings is a validated Config with every default applied.
type settings[T any] struct {
	batchSize, parallelism, queueSize, maxAttempts int
	flushInterval, backoffBase, backoffMax         time.Duration
	maxElapsed, progressInterval, sendTimeout      time.Duration
	limiter                                        *rate.Limiter
	coalesce                                       func(old, new Record[T]) Record[T]
	sink                                           DeadLetterSink
	memSink                                        *MemorySink // non-nil when sink is the built-in one
	state                                          StateStore
	logger                                         *slog.Logger
	progress                                       func(Stats)
	onResult                                       func(Record[T], Result)
	onWait                                         func(WaitInfo)
	jitter                                         func(time.Duration) time.Duration
}

// validate checks cfg against the destination's maximum batch size and
// returns the settings to run with.
func (cfg Config[T]) validate(maxBatch int) (settings[T], error) {
	var s settings[T]
	if maxBatch < 1 {
		return s, &ConfigError{Field: "Destination", Reason: fmt.Sprintf("MaxBatchSize is %d, must be at least 1", maxBatch)}
	}
	ints := []struct {
		name string
		v    int
	}{
		{"BatchSize", cfg.BatchSize}, {"Parallelism", cfg.Parallelism}, {"QueueSize", cfg.QueueSize},
		{"RequestsPerInterval", cfg.RequestsPerInterval}, {"Burst", cfg.Burst}, {"MaxAttempts", cfg.MaxAttempts},
	}
	for _, f := range ints {
		if f.v < 0 {
			return s, &ConfigError{Field: f.name, Reason: fmt.Sprintf("%d is negative", f.v)}
		}
	}
	durs := []struct {
		name string
		v    time.Duration
	}{
		{"FlushInterval", cfg.FlushInterval}, {"Interval", cfg.Interval}, {"BackoffBase", cfg.BackoffBase},
		{"BackoffMax", cfg.BackoffMax}, {"MaxElapsed", cfg.MaxElapsed}, {"ProgressInterval", cfg.ProgressInterval},
		{"SendTimeout", cfg.SendTimeout},
	}
	for _, f := range durs {
		if f.v < 0 {
			return s, &ConfigError{Field: f.name, Reason: fmt.Sprintf("%v is negative", f.v)}
		}
	}
	if cfg.Limiter != nil && (cfg.RequestsPerInterval != 0 || cfg.Interval != 0 || cfg.Burst != 0) {
		return s, &ConfigError{Field: "Limiter", Reason: "set together with RequestsPerInterval, Interval or Burst"}
	}
	s.batchSize = or(cfg.BatchSize, DefaultBatchSize)
	s.batchSize = min(s.batchSize, maxBatch)
	s.parallelism = or(cfg.Parallelism, DefaultParallelism)
	s.queueSize = or(cfg.QueueSize, DefaultQueueSize)
	s.maxAttempts = or(cfg.MaxAttempts, DefaultMaxAttempts)
	s.flushInterval = or(cfg.FlushInterval, DefaultFlushInterval)
	s.backoffBase = or(cfg.BackoffBase, DefaultBackoffBase)
	s.backoffMax = or(cfg.BackoffMax, DefaultBackoffMax)
	if s.backoffMax < s.backoffBase {
		return s, &ConfigError{Field: "BackoffMax", Reason: fmt.Sprintf("%v is less than BackoffBase %v", s.backoffMax, s.backoffBase)}
	}
	s.maxElapsed = or(cfg.MaxElapsed, DefaultMaxElapsed)
	s.progressInterval = or(cfg.ProgressInterval, DefaultProgressInterval)
	s.sendTimeout = or(cfg.SendTimeout, DefaultSendTimeout)
	switch {
	case cfg.Limiter != nil:
		s.limiter = cfg.Limiter
	case cfg.RequestsPerInterval > 0:
		interval := or(cfg.Interval, DefaultInterval)
		s.limiter = rate.NewLimiter(rate.Limit(float64(cfg.RequestsPerInterval)/interval.Seconds()), or(cfg.Burst, DefaultBurst))
	}
	s.coalesce = cfg.Coalesce
	s.sink = cfg.DeadLetters
	if s.sink == nil {
		s.memSink = NewMemorySink()
		s.sink = s.memSink
	}
	s.state = cfg.State
	s.logger = cfg.Logger
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	s.progress = cfg.Progress
	s.onResult = cfg.OnResult
	s.onWait = cfg.OnWait
	s.jitter = cfg.jitter
	if s.jitter == nil {
		s.jitter = fullJitter
	}
	return s, nil
}

// or returns v, or def when v is zero.
func or[N int | time.Duration](v, def N) N {
	if v == 0 {
		return def
	}
	return v
}
