package main

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/identity"
)

//go:embed sample/positions.csv
var samplePositions []byte

//go:embed sample/identities.ndjson
var sampleIdentities []byte

// Exit statuses.
const (
	exitOK       = jobkit.ExitOK       // every contact that could be matched was delivered
	exitRejected = jobkit.ExitRejected // a record was rejected or ran out of retries
	exitUsage    = jobkit.ExitRefused  // usage, input or setup error; nothing was sent
)

// job is one run: its options and the seams tests replace.
type job struct {
	opts   options
	stdout io.Writer
	stderr io.Writer
	logger *slog.Logger

	// httpClient sends every HubSpot request (the counting transport wraps it).
	httpClient *http.Client
	// retryBase shortens the pipeline's and client's backoff in tests; zero
	// keeps the defaults.
	retryBase time.Duration
	// tokenCheckTimeout bounds the token check; zero keeps the default.
	tokenCheckTimeout time.Duration
	// settleDelay is the tasks destination's wait after an ambiguous create.
	settleDelay time.Duration
	// terminal says whether stderr redraws a progress line in place.
	terminal bool
	// progress is the progress line of the phase running, for the client's
	// wait observer.
	progress atomic.Pointer[jobkit.Progress]
	// owned reports whether this partition owns a contact key's person
	// (always true for a whole run); set once the identities are read.
	owned func(key string) bool
	// failure is the error that ended the run with exit 1 for a reason other
	// than rejected records.
	failure error
}

// summary is what the job prints at the end.
type summary struct {
	PositionsRead     int
	BadRows           int
	Observations      int
	DroppedIDs        int
	Conflicts         int
	Persons           int
	DuePositions      int
	Alerts            int
	NoEmail           int
	Created           int
	Updated           int
	Unchanged         int
	Cleared           int
	TasksCreated      int
	TasksExisting     int
	TasksWithoutOwner int                  // created with no owner: nobody is assigned to call
	EventsSent        int                  // expiry events HubSpot accepted
	EventsNoEmail     int                  // contacts keyed by user id without an e-mail: no event
	DeadLetters       int                  // lines in the dead-letter file
	Letters           []jobkit.ReasonCount // DeadLetters by reason
	Failed            int                  // rejected by HubSpot or out of retries
	Pending           int
	APICalls          int64
	RateLimited       int64
	Elapsed           time.Duration
	ReinvestableSum   decimal.Decimal
	UnusedTypes       string // identifier types of the identities the job does not use
	OtherPartition    int    // due positions of persons another partition owns
}

func (j *job) positionsName() string {
	if j.opts.positionsPath == "" {
		return "(embedded sample)"
	}
	return j.opts.positionsPath
}

func (j *job) identitiesName() string {
	if j.opts.identitiesPath == "" {
		return "(embedded sample)"
	}
	return j.opts.identitiesPath
}

// countingTransport counts HubSpot calls and 429 answers for the summary.
type countingTransport struct {
	next        http.RoundTripper
	calls, r429 atomic.Int64
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.calls.Add(1)
	resp, err := t.next.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		t.r429.Add(1)
	}
	return resp, err
}

// run executes the job and returns the exit status.
func (j *job) run(ctx context.Context) (summary, int) {
	start := time.Now()
	var sum summary
	in, err := j.readInput(ctx)
	if err != nil {
		sum.BadRows = badRows(err)
		return sum, j.refuse(err)
	}
	sum.PositionsRead = in.positions
	sum.OtherPartition = in.otherPartition
	sum.Observations = in.obsStats.Observations
	sum.UnusedTypes = unusedTypes(in.obsStats.Seen)
	if sum.UnusedTypes != "" {
		fmt.Fprintf(j.stderr, "reinvestment: warning: identities carry identifier types this job does not use: %s (it links by %s)\n", sum.UnusedTypes, usedTypeNames())
	}
	if j.opts.identitiesPath != "" && in.obsStats.Seen[cdp.Email] == 0 {
		fmt.Fprintf(j.stderr, "reinvestment: WARNING: no observation in %s carries an e-mail: no contact can be found, every alert will be a %s dead letter\n", j.identitiesName(), reasonNoEmail)
	}
	for _, dropped := range []map[cdp.IdentifierType]map[identity.Reason]int{in.obsStats.Dropped, in.graph.Stats().Dropped} {
		for _, byReason := range dropped {
			for _, n := range byReason {
				sum.DroppedIDs += n
			}
		}
	}
	sum.Conflicts = len(in.graph.Conflicts())

	alerts := in.alerts
	sum.Persons = in.graph.Stats().Persons
	sum.Alerts = len(alerts)

	for _, a := range alerts {
		sum.DuePositions += len(a.Positions)
		sum.ReinvestableSum = sum.ReinvestableSum.Add(a.Amount)
	}
	plan := j.planContacts(in.graph, alerts)
	sum.NoEmail = len(plan.noKey)

	if j.opts.dryRun {
		return j.dryRun(ctx, plan, &sum, start)
	}
	code := j.deliver(ctx, plan, &sum)
	sum.Elapsed = time.Since(start)
	return sum, code
}

// refuse reports a setup failure found before anything was sent.
func (j *job) refuse(err error) int {
	fmt.Fprintf(j.stderr, "reinvestment: %v\nnothing was sent.\n", err)
	return exitUsage
}

// fail reports a failure after sending began that is not a rejected
// record (the summary then does not point at the dead letters).
func (j *job) fail(err error) int {
	fmt.Fprintf(j.stderr, "reinvestment: %v\n", err)
	j.failure = err
	return exitRejected
}

// maskKey masks a contact key: an e-mail address or a user id.
func (j *job) maskKey(key string) string { return j.opts.masker.Key(key) }

// maskEmail keeps an address recognisable in messages without printing it:
// rows stay distinguishable by the masker's keyed tag.
func (j *job) maskEmail(email string) string { return j.opts.masker.Email(email) }

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
