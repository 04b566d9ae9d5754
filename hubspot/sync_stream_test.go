package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// answeredInputs counts the inputs of the batch upserts HubSpot answered.
type answeredInputs struct {
	next http.RoundTripper
	n    atomic.Int64
}

func (t *answeredInputs) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			return nil, err
		}
		_ = r.Body.Close()
		r = r.Clone(r.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := t.next.RoundTrip(r)
	if err == nil && strings.HasSuffix(r.URL.Path, "/batch/upsert") {
		var req struct{ Inputs []json.RawMessage }
		if json.Unmarshal(body, &req) == nil {
			t.n.Add(int64(len(req.Inputs)))
		}
	}
	return resp, err
}

// contacts yields n records, built anew on every pass; each call of
// onBuild gets the pass (1 or 2) and the index of the record built.
func contacts(n int, onBuild func(pass, i int)) iter.Seq[SyncRecord] {
	pass := 0
	return func(yield func(SyncRecord) bool) {
		pass++
		for i := range n {
			onBuild(pass, i)
			if !yield(contact(fmt.Sprintf("c%05d@x.com", i), fmt.Sprint(i+1))) {
				return
			}
		}
	}
}

// The second pass builds a record only when the pipeline has room for it:
// the records built and not yet answered by HubSpot never exceed what the
// pipeline may hold, however many records the run has.
func TestContactSyncStreamsRecords(t *testing.T) {
	t.Parallel()
	const (
		n         = 1000
		queue     = 50
		batch     = 10
		par       = 2
		mostHeld  = queue + max(queue, batch*(par+1)) // the queue, and what the pipeline holds past it
		mostAhead = mostHeld + 1                      // and the record being built
	)
	srv := hubspottest.NewServer(hubspottest.WithoutRequestLog())
	t.Cleanup(srv.Close)
	tr := &answeredInputs{next: srv.Client().Transport}
	c, err := New(srv.Token, WithBaseURL(srv.URL), WithLimits(Unlimited()), WithHTTPClient(&http.Client{Transport: tr}))
	require.NoError(t, err)
	cfg := syncConfig(SyncUpsert, destination.NewMemoryStore())
	cfg.QueueSize, cfg.BatchSize, cfg.Parallelism = queue, batch, par
	s := newSync(t, c, cfg)

	passes, built, ahead := 0, 0, 0
	rep, err := s.Run(context.Background(), contacts(n, func(pass, _ int) {
		passes = max(passes, pass)
		if pass == 2 {
			built++
			ahead = max(ahead, built-int(tr.n.Load()))
		}
	}))
	require.NoError(t, err)
	assert.Equal(t, 2, passes)
	assert.Equal(t, n, built)
	assert.Equal(t, int64(n), tr.n.Load())
	assert.Equal(t, n, rep.Created)
	t.Logf("at most %d records built ahead of HubSpot's answers", ahead)
	assert.LessOrEqual(t, ahead, mostAhead, "records built before HubSpot answered the ones before them")
}

// The live heap during a run does not grow with the number of records: a
// run over records carrying a large Ref holds none of them after the first
// pass and only a pipeline's worth during the second. Not parallel: it
// reads the process's heap.
func TestContactSyncLiveHeapBounded(t *testing.T) {
	const (
		n    = 2000
		blob = 32 << 10 // bytes of Ref per record: n of them held would be 64 MiB
	)
	srv := hubspottest.NewServer(hubspottest.WithoutRequestLog())
	t.Cleanup(srv.Close)
	c, err := New(srv.Token, WithBaseURL(srv.URL), WithLimits(Unlimited()))
	require.NoError(t, err)
	cfg := syncConfig(SyncUpsert, destination.NewMemoryStore())
	cfg.QueueSize, cfg.BatchSize, cfg.Parallelism = 50, 10, 2
	s := newSync(t, c, cfg)
	pad := strings.Repeat("x", blob-8)
	heap := func() int64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	base := heap()
	var peak int64
	records := func(yield func(SyncRecord) bool) {
		for i := range n {
			if i%200 == 199 {
				peak = max(peak, heap()-base)
			}
			r := contact(fmt.Sprintf("c%05d@x.com", i), "1")
			r.Ref["blob"] = fmt.Sprintf("%08d", i) + pad // a fresh string per record
			if !yield(r) {
				return
			}
		}
	}
	rep, err := s.Run(context.Background(), records)
	require.NoError(t, err)
	require.Equal(t, n, rep.Created)
	t.Logf("peak live heap growth %d bytes", peak)
	assert.Less(t, peak, int64(n*blob/4), "live heap growth during the run (all records held would be %d bytes)", n*blob)
}

// The second pass must yield the records of the first (in any order). A
// record it adds or repeats is refused with ReasonInputChanged, a record
// it drops is neither written nor cleared, and Run and Plan return
// ErrInputChanged.
func TestContactSyncInputChanged(t *testing.T) {
	t.Parallel()
	// twoPasses yields first, then second on every later pass.
	twoPasses := func(first, second []string) iter.Seq[SyncRecord] {
		pass := 0
		return func(yield func(SyncRecord) bool) {
			pass++
			keys := first
			if pass > 1 {
				keys = second
			}
			for _, k := range keys {
				if !yield(contact(k, "7")) {
					return
				}
			}
		}
	}
	tests := []struct {
		name          string
		first, second []string
		want          counts
		changed       bool
	}{
		{"same records in another order", []string{"a@x.com", "b@x.com", "c@x.com"}, []string{"c@x.com", "a@x.com", "b@x.com"},
			counts{Records: 3, Created: 3, Delivered: []string{"a@x.com", "b@x.com", "c@x.com"}}, false},
		{"an iterator that can be ranged over once", []string{"a@x.com", "b@x.com"}, nil,
			counts{}, true},
		{"a record added", []string{"a@x.com", "b@x.com"}, []string{"a@x.com", "b@x.com", "c@x.com"},
			counts{Records: 3, Created: 2, DeadLettered: 1, Letters: map[string]int{ReasonInputChanged: 1},
				Delivered: []string{"a@x.com", "b@x.com"}}, true},
		{"a record repeated in place of another", []string{"a@x.com", "b@x.com"}, []string{"a@x.com", "A@x.com"},
			counts{Records: 2, Created: 1, DeadLettered: 1, Letters: map[string]int{ReasonInputChanged: 1},
				Delivered: []string{"a@x.com"}}, true},
		{"a key without a record in place of one", []string{"a@x.com", "b@x.com"}, []string{"a@x.com", ""},
			counts{Records: 2, Created: 1, DeadLettered: 1, Letters: map[string]int{ReasonNoKey: 1},
				Delivered: []string{"a@x.com"}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, c := newFake(t)
			s := newSync(t, c, syncConfig(SyncUpsert, destination.NewMemoryStore()))

			plan, err := s.Plan(context.Background(), twoPasses(tc.first, tc.second))
			assert.Equal(t, tc.changed, err != nil)
			if tc.changed {
				require.ErrorIs(t, err, ErrInputChanged)
			}
			assert.Equal(t, tc.want.Letters[ReasonInputChanged], countReason(plan, ReasonInputChanged))

			rep, err := s.Run(context.Background(), twoPasses(tc.first, tc.second))
			if tc.changed {
				require.ErrorIs(t, err, ErrInputChanged)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.want, countsOf(t, rep))
			var onServer []string
			for _, o := range srv.Contacts() {
				onServer = append(onServer, o.Properties["email"])
			}
			assert.ElementsMatch(t, tc.want.Delivered, onServer, "only the records of the first pass are written")
		})
	}
}

// countReason counts the contacts p dead-letters with reason.
func countReason(p SyncPlan, reason string) int {
	n := 0
	for _, c := range p.Contacts {
		if c.Action == ActionDeadLetter && c.Reason == reason {
			n++
		}
	}
	return n
}

// In SyncMirror, a key the second pass drops is not cleared: the first
// pass vouched for it.
func TestContactSyncInputChangedMirror(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	store := destination.NewMemoryStore()
	s := newSync(t, c, syncConfig(SyncMirror, store))
	run(t, s, contact("a@x.com", "1"), contact("b@x.com", "2"))

	pass := 0
	records := func(yield func(SyncRecord) bool) {
		pass++
		if !yield(contact("a@x.com", "3")) || pass > 1 {
			return
		}
		yield(contact("b@x.com", "4"))
	}
	rep, err := s.Run(context.Background(), records)
	require.ErrorIs(t, err, ErrInputChanged)
	assert.Equal(t, counts{Records: 1, Updated: 1, Delivered: []string{"a@x.com"}}, countsOf(t, rep))
	assert.Equal(t, map[string]string{propAmount: "2", propNext: "2026-03-02"}, managed(srv, "b@x.com"), "neither written nor cleared")
	assert.Equal(t, []string{"a@x.com", "b@x.com"}, stateKeys(t, store))
}

// The first pass reads only the keys: an iterator may leave the rest of
// the record out of it, and the run writes what the second pass yields.
func TestContactSyncFirstPassReadsOnlyKeys(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	s := newSync(t, c, syncConfig(SyncUpsert, destination.NewMemoryStore()))
	full := []SyncRecord{contact("ana@x.com", "1"), contact("bia@x.com", "2")}
	keysFirst := func() iter.Seq[SyncRecord] {
		pass := 0
		return func(yield func(SyncRecord) bool) {
			pass++
			for _, r := range full {
				if pass == 1 {
					r = SyncRecord{Key: r.Key}
				}
				if !yield(r) {
					return
				}
			}
		}
	}
	plan, err := s.Plan(context.Background(), keysFirst())
	require.NoError(t, err)
	assert.Equal(t, []PlannedContact{
		{Key: "ana@x.com", Action: ActionUpsert, Properties: full[0].Properties, Ref: full[0].Ref},
		{Key: "bia@x.com", Action: ActionUpsert, Properties: full[1].Properties, Ref: full[1].Ref},
	}, plan.Contacts)

	rep, err := s.Run(context.Background(), keysFirst())
	require.NoError(t, err)
	assert.Equal(t, counts{Records: 2, Created: 2, Delivered: []string{"ana@x.com", "bia@x.com"}}, countsOf(t, rep))
	assert.Equal(t, map[string]string{propAmount: "2", propNext: "2026-03-02"}, managed(srv, "bia@x.com"))
}
