package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
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
	limits := j.opts.limits()
	if j.opts.fakeHubSpot {
		srv = hubspottest.NewServer(hubspottest.WithOwners(sampleOwner))
		token, base = srv.Token, srv.URL
		limits = hubspot.Unlimited()
	}
	counter.next = http.DefaultTransport
	if j.httpClient != nil && j.httpClient.Transport != nil {
		counter.next = j.httpClient.Transport
	}
	hc := &http.Client{Transport: counter, Timeout: 60 * time.Second}
	opts := []hubspot.Option{hubspot.WithHTTPClient(hc), hubspot.WithLogger(j.logger), hubspot.WithLimits(limits)}
	if base != "" {
		opts = append(opts, hubspot.WithBaseURL(base))
	}
	// A daily job would rather wait out a bad minute than fail: more
	// attempts than the client's default, with its default backoff.
	retry := hubspot.Retry{MaxAttempts: 8}
	if j.retryBase > 0 {
		retry.BaseBackoff, retry.MaxBackoff = j.retryBase, 4*j.retryBase
	}
	opts = append(opts, hubspot.WithRetry(retry))
	c, err := hubspot.New(token, opts...)
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
// customer out.
const pipelineAttempts = 10

// outcomes remembers which contacts ended dead-lettered, from the
// pipeline's OnResult callback.
type outcomes struct {
	mu      sync.Mutex
	failed  map[string]bool
	cleared []string // contacts whose cdp_* properties were cleared
}

// deliver writes the contacts (and tasks) and fills sum. It returns the exit
// status.
func (j *job) deliver(ctx context.Context, records []destination.Record[hubspot.Properties], noEmail []destination.DeadLetter, byEmail map[string]alert, sum *summary) int {
	// Everything that can be checked is checked before the first write.
	store, clears, err := j.loadState(byEmail)
	if err != nil {
		return j.refuse(err)
	}
	counter := &countingTransport{}
	client, srv, err := j.hubspotClient(counter)
	if err != nil {
		return j.fail(err)
	}
	if srv != nil {
		defer srv.Close()
	}
	defer func() { sum.APICalls, sum.RateLimited = counter.calls.Load(), counter.r429.Load() }()

	dlFile, err := os.Create(j.opts.deadLetterPath)
	if err != nil {
		return j.fail(err)
	}
	defer dlFile.Close()
	sink := destination.NewNDJSONSink(dlFile)
	for _, dl := range noEmail {
		if err := sink.Put(ctx, dl); err != nil {
			return j.fail(fmt.Errorf("dead-letter file: %w", err))
		}
	}
	sum.DeadLetters = len(noEmail)

	if _, err := client.Properties.EnsureSchema(ctx, "contacts", propertyGroup(), propertyDefs()); err != nil {
		return j.fail(fmt.Errorf("contact properties: %w", err))
	}

	contacts, err := hubspot.NewContactsDestination(client, "email")
	if err != nil {
		return j.fail(err)
	}
	out := &outcomes{failed: make(map[string]bool)}
	prog := newProgress(j.stderr, j.terminal, "contacts")
	cfg := destination.Config[hubspot.Properties]{
		DeadLetters: sink,
		Logger:      j.logger,
		Progress:    prog.update,
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
	prog.total = len(records) + len(clears)
	enqueueErr := enqueueAll(ctx, p, records, clears)
	rep, closeErr := p.Close(ctx)
	prog.done(rep)
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
	sum.DeadLetters += rep.DeadLettered
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
		printWritten(j.stdout, srv)
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

// loadState opens -state (none: nil) and lists the contacts that left the
// window, refusing a mass clear.
func (j *job) loadState(byEmail map[string]alert) (*destination.FileStore, []string, error) {
	if j.opts.statePath == "" {
		return nil, nil, nil
	}
	store, err := destination.NewFileStore(j.opts.statePath)
	if err != nil {
		return nil, nil, fmt.Errorf("state: %w", err)
	}
	known := 0
	for _, err := range store.Keys(context.Background()) {
		if err != nil {
			return nil, nil, fmt.Errorf("state: %w", err)
		}
		known++
	}
	clears, err := destination.Absent(context.Background(), store, func(k string) bool { _, ok := byEmail[k]; return ok })
	if err != nil {
		return nil, nil, fmt.Errorf("state: %w", err)
	}
	if err := j.opts.checkMassClear(len(clears), known); err != nil {
		return nil, nil, err
	}
	return store, clears, nil
}
