package jobkit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"sync"

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// Delivery is what Sender.Deliver writes.
type Delivery struct {
	// Config is the contact sync; Deliver sets its State (when State is
	// not nil), DeadLetters, Logger, Progress, OnWait, MaxAttempts and
	// BackoffBase.
	Config hubspot.SyncConfig
	// State is -state, opened with Sender.OpenState; nil: none.
	State *StateFile
	// Records are the contacts, Total of them.
	Records iter.Seq[hubspot.SyncRecord]
	Total   int
	// Keys are the records' keys: with them the mass-clear guard refuses
	// before the token check. Nil: the sync applies it before its schema.
	Keys iter.Seq[string]
	// Letters are written to the dead letters before the sync: records
	// that could not be made (no key).
	Letters []destination.DeadLetter
	// After runs further phases (tasks, events) once the sync ended well,
	// with the client and the dead-letter sink.
	After func(ctx context.Context, c *hubspot.Client, sink *KeySink) error
	// Show prints what the in-process HubSpot holds after the run.
	Show func(w io.Writer, srv *hubspottest.Server)
}

// Delivered is the outcome of Sender.Deliver.
type Delivered struct {
	Report      hubspot.SyncReport
	DeadLetters int           // lines in the dead-letter file
	Letters     []ReasonCount // DeadLetters by reason
}

// Deliver writes d and returns the outcome with ExitRefused (reported:
// nothing was sent), ExitRejected (a failure, reported, or the context
// ended) or ExitOK, which the job turns into its exit status by its own
// rule on the dead letters. Everything that can be checked is checked
// before the first write: the dead-letter folder, the base URL, the mass
// clear guard, the token. The state is saved (unless the run is against
// the in-process HubSpot) and the dead letters committed whatever
// happened after the first write.
func (s *Sender) Deliver(ctx context.Context, d Delivery) (Delivered, int) {
	var out Delivered
	if err := CheckWritable(s.Flags.DeadLetterPath); err != nil {
		return out, s.Refuse(fmt.Errorf("dead-letter file: %w", err))
	}
	client, srv, err := s.client()
	if err != nil {
		return out, s.Refuse(err)
	}
	if srv != nil {
		defer srv.Close()
	}
	prog := s.NewProgress("contacts")
	sink := &KeySink{}
	cfg := d.Config
	if d.State != nil {
		cfg.State = d.State
	}
	cfg.DeadLetters, cfg.Logger, cfg.MaxAttempts, cfg.BackoffBase = sink, s.Logger, PipelineAttempts, s.RetryBase
	cfg.Progress = func(st destination.Stats) { prog.SetTotal(st.Enqueued); Track(prog)(st) }
	cfg.OnWait = OnWait(prog)
	sync, err := hubspot.NewContactSync(client, cfg)
	if err != nil {
		return out, s.Refuse(err)
	}
	if d.Keys != nil {
		if err := sync.CheckClears(ctx, d.Keys); err != nil {
			return out, s.Refuse(MassClearRefusal(err))
		}
	}
	if err := s.tokenCheck(ctx, client); err != nil {
		return out, s.Refuse(err)
	}
	dl, err := CreateDeadLetters(s.Flags.DeadLetterPath)
	if err != nil {
		return out, s.Refuse(err)
	}
	sink.Next = dl
	code := s.send(ctx, client, sync, prog, sink, d, &out.Report)
	if code == ExitRefused {
		_ = dl.Abort() // refused before the first write: the previous dead letters stay
		return out, code
	}
	if d.State != nil && !s.Flags.Target.Fake {
		// The state claims only what HubSpot confirmed, also after a
		// failure or a signal: save it whatever happened.
		if err := d.State.Save(); err != nil {
			code = s.Fail(fmt.Errorf("state: %w", err))
		}
	}
	// The dead letters replace the previous run's only once they are all
	// on disk; a failure to write them is a failure of the run.
	if err := dl.Commit(); err != nil {
		code = s.Fail(err)
	}
	out.DeadLetters, out.Letters = dl.Total(), dl.Counts()
	if srv != nil && d.Show != nil {
		d.Show(s.Stdout, srv)
	}
	return out, code
}

// send writes the letters, runs the sync, then the further phases.
func (s *Sender) send(ctx context.Context, client *hubspot.Client, sync *hubspot.ContactSync, prog *Progress, sink *KeySink, d Delivery, rep *hubspot.SyncReport) int {
	for _, l := range d.Letters {
		if err := sink.Put(ctx, l); err != nil {
			return s.Fail(fmt.Errorf("dead-letter file: %w", err))
		}
	}
	prog.SetTotal(d.Total)
	stop := StartProgress(ctx, prog)
	r, err := sync.Run(ctx, d.Records)
	stop()
	*rep = r
	switch {
	case errors.Is(err, hubspot.ErrMassClear):
		return s.Refuse(MassClearRefusal(err))
	case ctx.Err() != nil:
		return ExitRejected
	case err != nil:
		return s.Fail(err)
	}
	if d.After != nil {
		if err := d.After(ctx, client, sink); err != nil && ctx.Err() == nil {
			return s.Fail(err)
		}
		if ctx.Err() != nil {
			return ExitRejected
		}
	}
	return ExitOK
}

// Plan is the dry run: it plans the sync of records against the state
// (nil: none) with a client that is never called, gives the plan to show,
// and refuses a run the mass-clear guard would refuse. It sends nothing
// and writes no file.
func (s *Sender) Plan(ctx context.Context, cfg hubspot.SyncConfig, state *StateFile, records iter.Seq[hubspot.SyncRecord], show func(hubspot.SyncPlan)) (hubspot.SyncPlan, int) {
	if state != nil {
		cfg.State = state
	}
	var plan hubspot.SyncPlan
	c, err := hubspot.New("dry-run-never-sent", hubspot.WithBaseURL("http://127.0.0.1:9"))
	var sync *hubspot.ContactSync
	if err == nil {
		sync, err = hubspot.NewContactSync(c, cfg)
	}
	if err == nil {
		plan, err = sync.Plan(ctx, records)
	}
	if err != nil {
		return plan, s.Refuse(err)
	}
	show(plan)
	if plan.Guard != nil {
		return plan, s.Refuse(MassClearRefusal(plan.Guard))
	}
	return plan, ExitOK
}

// KeySink passes dead letters on to Next and remembers their keys: the
// records a later phase must skip. It is safe for concurrent use.
type KeySink struct {
	Next destination.DeadLetterSink
	mu   sync.Mutex
	keys map[string]bool
}

// Put records l's key and passes l on.
func (k *KeySink) Put(ctx context.Context, l destination.DeadLetter) error {
	k.mu.Lock()
	if k.keys == nil {
		k.keys = make(map[string]bool)
	}
	k.keys[l.Key] = true
	k.mu.Unlock()
	return k.Next.Put(ctx, l)
}

// Failed reports whether a letter with key was put.
func (k *KeySink) Failed(key string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.keys[key]
}

// Phase sends the records fill puts to dest through a pipeline of their
// own, behind a progress line named label, with letters to sink; onResult
// (may be nil) sees each record's outcome. fill stops at the first error
// put returns, and returns it.
func Phase[T any](ctx context.Context, s *Sender, label string, dest destination.Destination[T], sink destination.DeadLetterSink,
	onResult func(destination.Record[T], destination.Result), fill func(put func(destination.Record[T]) error) error) (destination.Report, error) {
	prog := s.NewProgress(label)
	p, err := destination.New(dest, destination.Config[T]{
		DeadLetters: sink, Logger: s.Logger, BackoffBase: s.RetryBase, MaxAttempts: PipelineAttempts,
		Progress: Track(prog), OnWait: OnWait(prog), OnResult: onResult,
	})
	if err != nil {
		return destination.Report{}, err
	}
	stop := StartProgress(ctx, prog)
	fillErr := fill(func(rec destination.Record[T]) error {
		prog.SetTotal(prog.Total() + 1)
		return p.Enqueue(ctx, rec)
	})
	rep, err := p.Close(ctx)
	stop()
	if fillErr != nil {
		return rep, fillErr
	}
	return rep, err
}
