package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/identity"
)

// partition is -partition I/N: this run handles the persons whose
// canonical ID partitions to I of N (identity.Partition). The zero value,
// and 0/1, is the whole population.
type partition struct{ I, N int }

func (p partition) String() string { return fmt.Sprintf("%d/%d", p.I, p.N) }

// whole reports whether the run handles every person.
func (p partition) whole() bool { return p.N <= 1 }

// owns reports whether the person with canonical ID personID is this
// partition's.
func (p partition) owns(personID string) bool {
	return p.whole() || identity.Partition(personID, p.N) == p.I
}

// parsePartition reads "I/N" with 0 <= I < N.
func parsePartition(s string) (partition, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return partition{}, fmt.Errorf("-partition %q: want I/N with 0 <= I < N, e.g. 0/4", s)
	}
	return partition{I: i, N: n}, nil
}

// labelPartitions is the state label that records how many partitions the
// state was written under.
const labelPartitions = "partitions"

// checkPartitions refuses a state written under another partitioning: its
// contacts were split by another N, and trusting it would let this run
// clear contacts another partition now owns. With -repartition, the run
// forgets the contacts it does not own (owned says which it does) and
// records its own N.
func (j *job) checkPartitions(ctx context.Context, store *jobkit.StateFile) error {
	want := strconv.Itoa(max(j.opts.part.N, 1))
	got, labelled := store.Label(labelPartitions)
	if !labelled && store.Len() > 0 {
		got = "1" // written before partitions were recorded: by a whole run
	}
	if store.Len() > 0 && got != want && !j.opts.repartition {
		return fmt.Errorf("the state %s was written by runs split into %s partitions, this run is %s: "+
			"pass -repartition to split it anew (each partition then forgets the contacts it does not own)", store.Path(), got, j.opts.part)
	}
	if !j.opts.part.whole() {
		// A person may have moved to another partition since the last run
		// (a new observation linked them): never clear its contact here.
		for key, err := range store.Keys(ctx) {
			if err != nil {
				return err
			}
			if !j.owned(key) {
				if err := store.Delete(ctx, key); err != nil {
					return err
				}
			}
		}
	}
	store.SetLabel(labelPartitions, want)
	return nil
}

// ownedKeys reports whether this partition owns the person behind a
// contact key: an e-mail or a platform user id, resolved through the graph
// like the positions are.
func (j *job) ownedKeys(g *identity.Graph) func(string) bool {
	t := cdp.Email
	if j.opts.contactKey != hubspot.KeyEmail {
		t = cdp.UserID
	}
	return func(key string) bool {
		person, _, ok := g.ResolveRow(cdp.Identifier{Type: t, Value: key})
		return !ok || j.opts.part.owns(person)
	}
}

// openSnapshot loads the global stitch written by examples/stitch -snapshot.
func (j *job) openSnapshot() (*identity.Graph, error) {
	f, err := os.Open(j.opts.snapshotPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	g, err := identity.Load(f, identity.Config{Key: j.opts.identityKey})
	if errors.Is(err, identity.ErrKeyMismatch) {
		return nil, fmt.Errorf("%w: the snapshot was saved with another CDP_IDENTITY_KEY (or none); stitch again with this key", err)
	}
	return g, err
}
