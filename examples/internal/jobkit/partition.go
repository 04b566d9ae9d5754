package jobkit

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/identity"
)

// Partition is -partition I/N: a run that handles the persons whose
// canonical ID partitions to I of N (see identity.Partition). The zero
// value, and 0/1, is the whole population. It is a flag.Value.
type Partition struct{ I, N int }

// String returns "I/N".
func (p Partition) String() string { return fmt.Sprintf("%d/%d", p.I, p.N) }

// Set parses "I/N" with 0 <= I < N.
func (p *Partition) Set(s string) error {
	got, err := ParsePartition(s)
	if err == nil {
		*p = got
	}
	return err
}

// Whole reports whether the run handles every person.
func (p Partition) Whole() bool { return p.N <= 1 }

// Owns reports whether the person with canonical ID personID is this
// partition's.
func (p Partition) Owns(personID string) bool {
	return p.Whole() || identity.Partition(personID, p.N) == p.I
}

// ParsePartition reads "I/N" with 0 <= I < N.
func ParsePartition(s string) (Partition, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Partition{}, fmt.Errorf("-partition %q: want I/N with 0 <= I < N, e.g. 0/4", s)
	}
	return Partition{I: i, N: n}, nil
}

// labelPartitions is the state label that records how many partitions the
// state was written under.
const labelPartitions = "partitions"

// CheckPartitions refuses a state written under another partitioning: its
// contacts were split by another N, and trusting it would let this run
// clear contacts another partition now owns. With repartition, the run
// forgets the contacts it does not own (owned says which it does) and
// records its own N. A partial run also forgets, on every run, the
// contacts whose person moved to another partition since the last.
func CheckPartitions(ctx context.Context, store *StateFile, p Partition, repartition bool, owned func(key string) bool) error {
	want := strconv.Itoa(max(p.N, 1))
	got, labelled := store.Label(labelPartitions)
	if !labelled && store.Len() > 0 {
		got = "1" // written before partitions were recorded: by a whole run
	}
	if store.Len() > 0 && got != want && !repartition {
		return fmt.Errorf("the state %s was written by runs split into %s partitions, this run is %s: "+
			"pass -repartition to split it anew (each partition then forgets the contacts it does not own)", store.Path(), got, p)
	}
	if !p.Whole() {
		for key, err := range store.Keys(ctx) {
			if err != nil {
				return err
			}
			if !owned(key) {
				if err := store.Delete(ctx, key); err != nil {
					return err
				}
			}
		}
	}
	store.SetLabel(labelPartitions, want)
	return nil
}

// OwnedKeys reports whether partition p owns the person behind a contact
// key of type t (an e-mail or a platform user id), resolved through g as
// rows are; a key g does not know is owned.
func OwnedKeys(g *identity.Graph, p Partition, t cdp.IdentifierType) func(string) bool {
	return func(key string) bool {
		person, _, ok := g.ResolveRow(cdp.Identifier{Type: t, Value: key})
		return !ok || p.Owns(person)
	}
}

// StateCheck is the check of Sender.OpenState for a partitioned run (see
// CheckPartitions): the contacts keyed by f.ContactKey are resolved
// through g.
func (f *Flags) StateCheck(ctx context.Context, g *identity.Graph) func(*StateFile) error {
	t := cdp.Email
	if f.ContactKey != "" && f.ContactKey != hubspot.KeyEmail {
		t = cdp.UserID
	}
	owned := OwnedKeys(g, f.Partition, t)
	return func(st *StateFile) error { return CheckPartitions(ctx, st, f.Partition, f.Repartition, owned) }
}
