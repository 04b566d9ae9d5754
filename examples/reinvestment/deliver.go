package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// sampleOwner owns the tasks of the in-process HubSpot.
var sampleOwner = hubspottest.Owner{ID: "90001", Email: "assessoria@exemplo.com.br", FirstName: "Equipe", LastName: "Assessoria", UserID: 7001}

// hubspotClient returns the client for this run: the real HubSpot when a
// token is set, else an in-process hubspottest server (returned, to close).
func (j *job) hubspotClient(counter *countingTransport) (*hubspot.Client, *hubspottest.Server, error) {
	var srv *hubspottest.Server
	token, base := j.opts.token, j.opts.baseURL
	limits := j.opts.limits
	if j.opts.fakeHubSpot {
		srv = hubspottest.NewServer(hubspottest.WithOwners(sampleOwner))
		token, base = srv.Token, srv.URL
		limits = hubspot.Unlimited()
	}
	counter.next = http.DefaultTransport
	if j.httpClient != nil && j.httpClient.Transport != nil {
		counter.next = j.httpClient.Transport
	}
	hc := &http.Client{Transport: counter}
	opts := []hubspot.Option{hubspot.WithHTTPClient(hc), hubspot.WithLogger(j.logger), hubspot.WithLimits(limits)}
	if base != "" {
		opts = append(opts, hubspot.WithBaseURL(base))
	}
	// Under the pipeline the destinations make one attempt per call (the
	// pipeline retries only the records that failed, honouring HubSpot's
	// Retry-After); the other calls (schema, token check, reads) use the
	// client's bounded retries. Waits are shown on the progress line.
	retry := hubspot.Retry{}
	if j.retryBase > 0 {
		retry.BaseBackoff, retry.MaxBackoff = j.retryBase, 4*j.retryBase
	}
	opts = append(opts, hubspot.WithRetry(retry), hubspot.WithWaitObserver(func(w hubspot.Wait) {
		if p := j.progress.Load(); p != nil && w.Kind != hubspot.WaitPacing {
			p.SetWaiting(w.String())
		}
	}))
	c, err := hubspot.New(token, opts...)
	if err != nil && j.opts.baseURL != "" {
		err = fmt.Errorf("HUBSPOT_BASE_URL: %w", err)
	}
	if err != nil {
		if srv != nil {
			srv.Close()
		}
		return nil, nil, err
	}
	return c, srv, nil
}

// pipelineAttempts is how often a record is sent before it is given up on:
// a daily job would rather persist through a bad minute than leave a
// customer out. The time stays bounded by destination.DefaultMaxElapsed
// (5 minutes per record), whatever the count.
const pipelineAttempts = 8

// outcomes remembers which contacts ended dead-lettered, from the
// pipeline's OnResult callback.
type outcomes struct {
	mu      sync.Mutex
	failed  map[string]bool
	cleared []string // contacts whose cdp_* properties were cleared
}

// deliver writes the contacts (and tasks) and fills sum. It returns the exit
// status. Everything that can be checked is checked before the first write:
// the state (lock, parse, folder, mass-clear guard), the dead-letter folder,
// the base URL and the token.
func (j *job) deliver(ctx context.Context, records []destination.Record[hubspot.Properties], noEmail []destination.DeadLetter, byEmail map[string]alert, sum *summary) int {
	store, clears, release, err := j.openState(byEmail)
	if err != nil {
		return j.refuse(err)
	}
	defer release()
	if err := jobkit.CheckWritable(j.opts.deadLetterPath); err != nil {
		return j.refuse(fmt.Errorf("dead-letter file: %w", err))
	}
	counter := &countingTransport{}
	client, srv, err := j.hubspotClient(counter)
	if err != nil {
		return j.refuse(err)
	}
	if srv != nil {
		defer srv.Close()
	}
	defer func() { sum.APICalls, sum.RateLimited = counter.calls.Load(), counter.r429.Load() }()
	if err := j.checkToken(ctx, client); err != nil {
		return j.refuse(err)
	}

	dl, err := jobkit.CreateDeadLetters(j.opts.deadLetterPath)
	if err != nil {
		return j.refuse(err)
	}
	code := j.send(ctx, client, srv, dl, store, clears, records, noEmail, byEmail, sum)
	// The dead letters replace the previous run's only once they are all on
	// disk; a failure to write them is a failure of the run.
	if err := dl.Commit(); err != nil {
		fmt.Fprintf(j.stderr, "reinvestment: %v\n", err)
		j.failure = err
		code = exitRejected
	}
	sum.DeadLetters = dl.Total()
	sum.Letters = dl.Counts()
	return code
}

// send writes the contacts and tasks; deliver has checked everything first.
func (j *job) send(ctx context.Context, client *hubspot.Client, srv *hubspottest.Server, sink destination.DeadLetterSink, store *jobkit.StateFile, clears []string,
	records []destination.Record[hubspot.Properties], noEmail []destination.DeadLetter, byEmail map[string]alert, sum *summary) int {
	for _, dl := range noEmail {
		if err := sink.Put(ctx, dl); err != nil {
			return j.fail(fmt.Errorf("dead-letter file: %w", err))
		}
	}
	if _, err := client.Properties.EnsureSchema(ctx, "contacts", propertyGroup(), propertyDefs()); err != nil {
		return j.fail(fmt.Errorf("contact properties: %w", err))
	}
	contacts, err := hubspot.NewContactsDestination(client, "email")
	if err != nil {
		return j.fail(err)
	}
	out := &outcomes{failed: make(map[string]bool)}
	prog := j.newProgress("contacts")
	prog.SetTotal(len(records) + len(clears))
	cfg := destination.Config[hubspot.Properties]{
		DeadLetters: sink,
		Logger:      j.logger,
		Progress:    func(s destination.Stats) { prog.SetDone(s.Delivered + s.Skipped + s.DeadLettered + s.Coalesced) },
		OnWait:      j.onWait(prog),
		OnResult: func(rec destination.Record[hubspot.Properties], res destination.Result) {
			out.mu.Lock()
			defer out.mu.Unlock()
			if res.Status != destination.StatusDelivered {
				out.failed[rec.Key] = true
			} else if _, ok := byEmail[rec.Key]; !ok {
				out.cleared = append(out.cleared, rec.Key)
			}
		},
		BackoffBase: j.retryBase,
		MaxAttempts: pipelineAttempts,
	}
	if store != nil {
		cfg.State = store
	}
	p, err := destination.New(contacts, cfg)
	if err != nil {
		return j.fail(err)
	}
	stopProgress := j.runProgress(ctx, prog)
	enqueueErr := enqueueAll(ctx, p, records, clears)
	rep, closeErr := p.Close(ctx)
	stopProgress()
	if store != nil && !j.opts.fakeHubSpot {
		// A cleared contact has nothing left to track: forget it, so that
		// later runs do not list it again.
		for _, k := range out.cleared {
			if err := store.Delete(ctx, k); err != nil {
				closeErr = errors.Join(closeErr, fmt.Errorf("state: %w", err))
			}
		}
		if err := store.Save(); err != nil {
			closeErr = errors.Join(closeErr, fmt.Errorf("state: %w", err))
		}
	}
	cs := contacts.Stats()
	// A clear is an update of a contact that exists; count it once, as cleared.
	sum.Created, sum.Updated = int(cs.Created), int(cs.Updated)-len(out.cleared)
	sum.Unchanged = rep.Skipped
	sum.Cleared = len(out.cleared)
	sum.Failed += rep.DeadLettered
	sum.Pending += rep.Pending
	if err := errors.Join(enqueueErr, closeErr); err != nil {
		return j.fail(err)
	}

	if j.opts.tasks {
		if err := j.createTasks(ctx, client, sink, byEmail, out.failed, sum); err != nil {
			return j.fail(err)
		}
	}
	if srv != nil {
		j.printWritten(j.stdout, srv)
	}
	if sum.Failed > 0 || sum.Pending > 0 {
		return exitRejected
	}
	return exitOK
}

// enqueueAll enqueues the contact records, then the clears of contacts that
// left the window.
func enqueueAll(ctx context.Context, p *destination.Pipeline[hubspot.Properties], records []destination.Record[hubspot.Properties], clears []string) error {
	for _, r := range records {
		if err := p.Enqueue(ctx, r); err != nil {
			return err
		}
	}
	for _, email := range clears {
		rec, err := contactRecord(email, clearedProperties())
		if err != nil {
			return err
		}
		if err := p.Enqueue(ctx, rec); err != nil {
			return err
		}
	}
	return nil
}

// openState locks and opens -state (none: nil) and lists the contacts that
// left the window, refusing a mass clear. release unlocks it.
func (j *job) openState(byEmail map[string]alert) (store *jobkit.StateFile, clears []string, release func(), err error) {
	release = func() {}
	if j.opts.statePath == "" {
		return nil, nil, release, nil
	}
	if !j.opts.dryRun && !j.opts.fakeHubSpot {
		// The lock file lives beside the state: check its folder first.
		if err := jobkit.CheckWritable(j.opts.statePath); err != nil {
			return nil, nil, release, fmt.Errorf("state: %w", err)
		}
		lock, err := jobkit.TryLock(j.opts.statePath)
		if err != nil {
			return nil, nil, release, fmt.Errorf("state: %w", err)
		}
		release = func() { _ = lock.Unlock() }
	}
	defer func() {
		if err != nil {
			release()
		}
	}()
	if store, err = jobkit.OpenState(j.opts.statePath); err != nil {
		return nil, nil, release, fmt.Errorf("state: %w", err)
	}
	clears, err = destination.Absent(context.Background(), store, func(k string) bool { _, ok := byEmail[k]; return ok })
	if err != nil {
		return nil, nil, release, fmt.Errorf("state: %w", err)
	}
	if err := j.opts.checkMassClear(len(clears), store.Len()); err != nil {
		return nil, nil, release, err
	}
	return store, clears, release, nil
}

// defaultTokenCheckTimeout bounds the token check: a HubSpot that does not
// answer is found before anything is sent.
const defaultTokenCheckTimeout = 45 * time.Second

// checkToken makes one cheap authenticated read (the contact property
// "email", which needs the crm.schemas.contacts.read scope), so that a bad
// token, a missing scope, a wrong base URL or a HubSpot that does not
// answer stops the run before the first write.
func (j *job) checkToken(ctx context.Context, client *hubspot.Client) error {
	limit := cmp.Or(j.tokenCheckTimeout, defaultTokenCheckTimeout)
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	_, err := client.Properties.Get(ctx, "contacts", "email")
	var he *hubspot.Error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, hubspot.ErrUnauthorized):
		return errors.New("HubSpot refused HUBSPOT_ACCESS_TOKEN (401): the token is missing, expired or revoked; create or rotate the private app's token")
	case errors.Is(err, hubspot.ErrForbidden):
		scopes := "the scopes listed in the README"
		if errors.As(err, &he) && len(he.MissingScopes()) > 0 {
			scopes = strings.Join(he.MissingScopes(), ", ")
		}
		return fmt.Errorf("HubSpot accepted the token but it lacks a scope (403): add %s to the private app", scopes)
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		return fmt.Errorf("HubSpot did not answer the token check within %s: check HUBSPOT_BASE_URL and the network", jobkit.FormatDuration(limit))
	default:
		return fmt.Errorf("checking the token against HubSpot: %w", err)
	}
}
