package hubspot

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
)

// ErrInputChanged is returned (wrapped) by Run and Plan when the records
// they were given yielded different keys on the second pass than on the
// first: an iterator that can be ranged over only once, or input that
// changed during the run. The records of the second pass that the first
// did not have are dead letters with ReasonInputChanged and were not
// sent; the others went through the checks as usual.
var ErrInputChanged = errors.New("hubspot: contact sync: the records changed between the two passes over the input")

// keyTally is the first pass over a run's records: their keys, counted,
// without the records. The second pass takes each key back from it, so
// that a record the first pass did not count (the input changed) is never
// sent: the duplicate check and the mass-clear guard only vouch for what
// the first pass saw.
type keyTally struct {
	records int // records read by the first pass
	noKey   int // of which without a key
	// exact counts the records per normalised key; left is what the
	// second pass has not taken yet.
	exact map[string]keyCount
	// fold counts the records per lower-case key, for the duplicate check
	// with a custom key (nil with KeyEmail, whose keys are lower case).
	fold map[string]int

	// The second pass.
	records2, noKey2 int
	taken            int // records whose key was taken from exact
	unknown          int // records whose key the first pass did not count
}

// keyCount is the count of one key in a keyTally.
type keyCount struct{ n, left int32 }

// normKey is the key a record is found by: trimmed, and lower case with
// KeyEmail.
func (s *ContactSync) normKey(key string) string {
	key = strings.TrimSpace(key)
	if s.key == KeyEmail {
		key = strings.ToLower(key)
	}
	return key
}

// tally is a run's first pass over records.
func (s *ContactSync) tally(ctx context.Context, records iter.Seq[SyncRecord]) (*keyTally, error) {
	t := &keyTally{exact: map[string]keyCount{}}
	if s.key != KeyEmail {
		t.fold = map[string]int{}
	}
	for r := range records {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t.records++
		key := s.normKey(r.Key)
		if key == "" {
			t.noKey++
			continue
		}
		c := t.exact[key]
		c.n++
		c.left++
		t.exact[key] = c
		if t.fold != nil {
			t.fold[strings.ToLower(key)]++
		}
	}
	return t, nil
}

// seen reports whether the first pass counted key.
func (t *keyTally) seen(key string) bool {
	_, ok := t.exact[key]
	return ok
}

// count returns how many records of the first pass have key, ignoring
// case: more than one makes them duplicates.
func (t *keyTally) count(key string) int {
	if t.fold != nil {
		return t.fold[strings.ToLower(key)]
	}
	return int(t.exact[key].n)
}

// take counts a record of the second pass with key and reports whether the
// first pass had it (an empty key always matches: such a record is refused
// anyway).
func (t *keyTally) take(key string) bool {
	t.records2++
	if key == "" {
		t.noKey2++
		return true
	}
	c, ok := t.exact[key]
	if !ok || c.left == 0 {
		t.unknown++
		return false
	}
	c.left--
	t.exact[key] = c
	t.taken++
	return true
}

// changed returns an error wrapping ErrInputChanged when the second pass
// did not yield the records of the first (in any order), nil otherwise.
func (t *keyTally) changed() error {
	if t.unknown == 0 && t.noKey2 == t.noKey && t.taken == t.records-t.noKey {
		return nil
	}
	return fmt.Errorf("%w: the first pass read %d records, the second %d, of which %d with a key the first did not have; "+
		"give records that can be ranged over twice (such as slices.Values of a slice)",
		ErrInputChanged, t.records, t.records2, t.unknown)
}
