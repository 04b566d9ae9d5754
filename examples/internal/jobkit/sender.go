package jobkit

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// PipelineAttempts is how often a record is sent before it is given up
// on: a daily job would rather persist through a bad minute than leave a
// customer out. The time stays bounded by destination.DefaultMaxElapsed
// per record, whatever the count.
const PipelineAttempts = 8

// DefaultTokenCheck bounds the token check: a HubSpot that does not answer
// is found before anything is sent.
const DefaultTokenCheck = 45 * time.Second

// Sender runs the HubSpot side of a contact-sync job: the state, the
// client, the checks before the first write, the sync and any further
// phases, the dead letters and the progress lines. Set its fields, then
// call Plan (a dry run) or Deliver. Its methods report to Stderr in the
// job's Name.
type Sender struct {
	Name           string // the job's name, the first word of its messages
	Flags          *Flags // checked (see Flags.Check)
	Stdout, Stderr io.Writer
	Terminal       bool // stderr redraws a progress line in place
	Logger         *slog.Logger

	// Transport sends every HubSpot request, under the call counter;
	// nil: http.DefaultTransport.
	Transport http.RoundTripper
	// RetryBase shortens the client's and the pipelines' backoff (tests);
	// zero keeps the defaults.
	RetryBase time.Duration
	// TokenCheck bounds the token check; zero: DefaultTokenCheck.
	TokenCheck time.Duration
	// FakeServer are the options of the in-process HubSpot.
	FakeServer []hubspottest.Option

	counter  CallCounter
	progress atomic.Pointer[Progress] // of the phase running, for the client's waits
	failure  error
}

// NewSender returns the Sender of the job name, for the flags f (checked
// once Deliver or Plan is called), logging warnings to stderr.
func NewSender(name string, f *Flags, stdout, stderr io.Writer, terminal bool) *Sender {
	return &Sender{Name: name, Flags: f, Stdout: stdout, Stderr: stderr, Terminal: terminal,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
}

// Refuse reports a problem found before anything was sent and returns
// ExitRefused.
func (s *Sender) Refuse(err error) int {
	fmt.Fprintf(s.Stderr, "%s: %v\nnothing was sent.\n", s.Name, err)
	return ExitRefused
}

// Fail reports a failure after sending began that is not a rejected record
// and returns ExitRejected; Failure returns it for the summary.
func (s *Sender) Fail(err error) int {
	fmt.Fprintf(s.Stderr, "%s: %v\n", s.Name, err)
	s.failure = err
	return ExitRejected
}

// Failure is the error given to Fail, if any.
func (s *Sender) Failure() error { return s.failure }

// Calls returns the HubSpot requests sent and the 429 answers seen.
func (s *Sender) Calls() (calls, rateLimited int64) {
	return s.counter.Calls(), s.counter.RateLimited()
}

// OpenState opens -state (none: nil), locked when the run writes (see
// Flags.Writes), and gives it to check (when not nil) before returning it;
// release is never nil.
func (s *Sender) OpenState(check func(*StateFile) error) (*StateFile, func(), error) {
	if s.Flags.StatePath == "" {
		return nil, func() {}, nil
	}
	st, release, err := LockedState(s.Flags.StatePath, s.Flags.Writes())
	if err == nil && check != nil {
		if err = check(st); err != nil {
			release()
		}
	}
	if err != nil {
		return nil, func() {}, fmt.Errorf("state: %w", err)
	}
	return st, release, nil
}

// NewProgress returns the progress line of one phase on Stderr; the
// client's waits are shown on it until the next.
func (s *Sender) NewProgress(label string) *Progress {
	p, err := NewProgress(s.Stderr, ProgressConfig{Label: label, Terminal: s.Terminal})
	if err != nil {
		panic(err) // the configuration is valid by construction
	}
	s.progress.Store(p)
	return p
}

// OnWait shows on p what a pipeline waits for before retrying; the reason
// is a code, never a record's content.
func OnWait(p *Progress) func(destination.WaitInfo) {
	return func(w destination.WaitInfo) {
		what := "HubSpot failed"
		switch w.Reason {
		case "send_timeout", "NETWORK":
			what = "HubSpot not answering"
		case "RATE_LIMIT":
			what = "HubSpot rate limit"
		}
		p.SetWaiting(fmt.Sprintf("%s (%s), attempt %d, next in %s", what, w.Reason, w.Attempt+1, FormatDuration(w.Wait)))
	}
}

// Track reports a pipeline's progress on p.
func Track(p *Progress) func(destination.Stats) {
	return func(st destination.Stats) { p.SetDone(st.Delivered + st.Skipped + st.DeadLettered + st.Coalesced) }
}

// client returns the client of the run; with the in-process HubSpot, its
// server, to close. Under the pipelines the destinations make one attempt
// per call (the pipeline retries only the records that failed, honouring
// Retry-After); the other calls use the client's bounded retries. Waits
// are shown on the progress line.
func (s *Sender) client() (*hubspot.Client, *hubspottest.Server, error) {
	s.counter.Next = s.Transport
	retry := hubspot.Retry{}
	if s.RetryBase > 0 {
		retry.BaseBackoff, retry.MaxBackoff = s.RetryBase, 4*s.RetryBase
	}
	return HubSpotClient(s.Flags.Target, s.Flags.Limits, s.Logger, &s.counter, s.FakeServer,
		hubspot.WithRetry(retry), hubspot.WithWaitObserver(func(w hubspot.Wait) {
			if p := s.progress.Load(); p != nil && w.Kind != hubspot.WaitPacing {
				p.SetWaiting(w.String())
			}
		}))
}

// tokenCheck is CheckToken within TokenCheck.
func (s *Sender) tokenCheck(ctx context.Context, c *hubspot.Client) error {
	return CheckToken(ctx, c, cmp.Or(s.TokenCheck, DefaultTokenCheck))
}

// StartProgress draws p (see Progress.Run) until the returned stop is
// called; stop then draws the final line.
func StartProgress(ctx context.Context, p *Progress) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { p.Run(ctx) })
	return func() {
		cancel()
		wg.Wait()
		p.Finish()
	}
}
