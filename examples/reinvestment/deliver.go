package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
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
		srv = hubspottest.NewServer(hubspottest.WithOwners(sampleOwner), hubspottest.WithoutRequestLog())
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

// deliver writes the contacts (and tasks) and fills sum. It returns the exit
// status. Everything that can be checked is checked before the first write:
// the state (lock, parse, folder), the dead-letter folder, the base URL, the
// token, and then (inside the sync, before the schema) the mass-clear guard.
func (j *job) deliver(ctx context.Context, plan contactPlan, sum *summary) int {
	store, release, err := j.openState()
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
	prog := j.newProgress("contacts")
	sink := &keyRecorder{}
	cfg := j.syncConfig(store, sink)
	cfg.Progress = func(s destination.Stats) {
		prog.SetTotal(s.Enqueued)
		prog.SetDone(s.Delivered + s.Skipped + s.DeadLettered + s.Coalesced)
	}
	cfg.OnWait = j.onWait(prog)
	contacts, err := hubspot.NewContactSync(client, cfg)
	if err != nil {
		return j.refuse(err)
	}
	if err := contacts.CheckClears(ctx, maps.Keys(plan.byKey)); err != nil {
		return j.refuse(massClear(err))
	}
	if err := j.checkToken(ctx, client); err != nil {
		return j.refuse(err)
	}
	dl, err := jobkit.CreateDeadLetters(j.opts.deadLetterPath)
	if err != nil {
		return j.refuse(err)
	}
	sink.next = dl
	code := j.send(ctx, client, contacts, prog, sink, plan, sum)
	if code == exitUsage {
		_ = dl.Abort() // refused before the first write: the previous dead letters stay
		return code
	}
	if store != nil && !j.opts.fakeHubSpot {
		// The state claims only what HubSpot confirmed, also after a
		// failure or a signal: save it whatever happened.
		if err := store.Save(); err != nil {
			code = j.fail(fmt.Errorf("state: %w", err))
		}
	}
	// The dead letters replace the previous run's only once they are all on
	// disk; a failure to write them is a failure of the run.
	if err := dl.Commit(); err != nil {
		code = j.fail(err)
	}
	sum.DeadLetters = dl.Total()
	sum.Letters = dl.Counts()
	if srv != nil {
		j.printWritten(j.stdout, srv)
	}
	return code
}

// send runs the contact sync, then the tasks; deliver has checked
// everything it could first.
func (j *job) send(ctx context.Context, client *hubspot.Client, contacts *hubspot.ContactSync, prog *jobkit.Progress, sink *keyRecorder, plan contactPlan, sum *summary) int {
	for _, l := range plan.noKey {
		if err := sink.Put(ctx, l); err != nil {
			return j.fail(fmt.Errorf("dead-letter file: %w", err))
		}
	}
	prog.SetTotal(len(plan.contacts))
	stop := j.runProgress(ctx, prog)
	rep, err := contacts.Run(ctx, plan.records())
	stop()
	sum.Created, sum.Updated, sum.Unchanged, sum.Cleared = rep.Created, rep.Updated, rep.Unchanged, rep.Cleared
	sum.Failed, sum.Pending = rep.DeadLettered, rep.Pending
	if errors.Is(err, hubspot.ErrMassClear) {
		return j.refuse(massClear(err))
	}
	if err != nil && ctx.Err() == nil {
		return j.fail(err)
	}
	if j.opts.events != "" && ctx.Err() == nil {
		if err := j.sendEvents(ctx, client, sink, plan, sum); err != nil && ctx.Err() == nil {
			return j.fail(err)
		}
	}
	if j.opts.tasks && ctx.Err() == nil {
		if err := j.createTasks(ctx, client, sink, plan.byKey, sum); err != nil && ctx.Err() == nil {
			return j.fail(err)
		}
	}
	if sum.Failed > 0 || sum.Pending > 0 || ctx.Err() != nil {
		return exitRejected
	}
	return exitOK
}

// openState locks and opens -state (none: nil); release unlocks it. A
// dry run and a run against the in-process HubSpot read it without taking
// the lock: they never write it.
func (j *job) openState() (store *jobkit.StateFile, release func(), err error) {
	release = func() {}
	if j.opts.statePath == "" {
		return nil, release, nil
	}
	if !j.opts.dryRun && !j.opts.fakeHubSpot {
		// The lock file lives beside the state: check its folder first.
		if err := jobkit.CheckWritable(j.opts.statePath); err != nil {
			return nil, release, fmt.Errorf("state: %w", err)
		}
		lock, err := jobkit.TryLock(j.opts.statePath)
		if err != nil {
			return nil, release, fmt.Errorf("state: %w", err)
		}
		release = func() { _ = lock.Unlock() }
	}
	if store, err = jobkit.OpenState(j.opts.statePath); err != nil {
		release()
		return nil, func() {}, fmt.Errorf("state: %w", err)
	}
	if err := j.checkPartitions(context.Background(), store); err != nil {
		release()
		return nil, func() {}, fmt.Errorf("state: %w", err)
	}
	return store, release, nil
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

// massClear says, in the job's terms, why a mass clear was refused.
func massClear(err error) error {
	var mc *hubspot.MassClearError
	if !errors.As(err, &mc) {
		return err
	}
	return fmt.Errorf("this run would clear %d of the %d contacts the state knows (%d%%, more than -max-clear %d%%): "+
		"the positions export may be empty or truncated. Check it; if the alerts really all ended (a long pause between runs), rerun with -allow-mass-clear",
		mc.Clears, mc.Known, mc.Clears*100/max(mc.Known, 1), mc.MaxPercent)
}
