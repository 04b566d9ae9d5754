package cdp

import (
	"cmp"
	"slices"
	"strings"
)

// Merge combines two profiles of the same person deterministically. It never
// modifies a or b: the result has its own identifier slice and trait map.
//
//   - ID: the smaller (byte-wise) of the two non-empty IDs; empty only when
//     both are. Taking the smaller makes the choice independent of order.
//   - Identifiers: the union of both, without duplicates, sorted by type and
//     then by value.
//   - Traits: a trait present on one side only is kept; a trait present on
//     both sides is resolved by MergeTrait with the given source priority.
//     Every ObservedAt in the result is in UTC.
//
// Merge is commutative and associative: Merge(a, b, p) equals Merge(b, a, p)
// and Merge(Merge(a, b, p), c, p) equals Merge(a, Merge(b, c, p), p), so the
// same profiles merged in any order and grouping give the same result.
func Merge(a, b Profile, priority []string) Profile {
	out := Profile{ID: mergeID(a.ID, b.ID)}
	if n := len(a.Identifiers) + len(b.Identifiers); n > 0 {
		ids := make([]Identifier, 0, n)
		ids = append(ids, a.Identifiers...)
		ids = append(ids, b.Identifiers...)
		slices.SortFunc(ids, compareIdentifiers)
		out.Identifiers = slices.Compact(ids)
	}
	if n := len(a.Traits) + len(b.Traits); n > 0 {
		out.Traits = make(map[string]Trait, max(len(a.Traits), len(b.Traits)))
		for name, t := range a.Traits {
			if u, ok := b.Traits[name]; ok {
				t = MergeTrait(t, u, priority)
			}
			out.Traits[name] = utcTrait(t)
		}
		for name, u := range b.Traits {
			if _, ok := a.Traits[name]; !ok {
				out.Traits[name] = utcTrait(u)
			}
		}
	}
	return out
}

func mergeID(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return min(a, b)
}

func utcTrait(t Trait) Trait {
	t.ObservedAt = t.ObservedAt.UTC()
	return t
}

// compareIdentifiers orders identifiers by type, then by value.
func compareIdentifiers(x, y Identifier) int {
	if c := strings.Compare(string(x.Type), string(y.Type)); c != 0 {
		return c
	}
	return strings.Compare(x.Value, y.Value)
}

// MergeTrait returns the trait that wins between a and b:
//
//  1. the newer ObservedAt wins (instants are compared, not locations);
//  2. on a tie, the source ranked higher in priority wins: earlier in the
//     slice ranks higher; sources not in the slice rank below all listed
//     ones and, among themselves, by name (the byte-wise smaller wins);
//  3. on a tie again (the same source), the greater value by Compare wins.
//
// The result is one of a and b, with ObservedAt in UTC. MergeTrait is
// commutative and, as a choice of the maximum in a total order, associative.
func MergeTrait(a, b Trait, priority []string) Trait {
	if compareTraits(a, b, priority) >= 0 {
		return utcTrait(a)
	}
	return utcTrait(b)
}

// compareTraits orders traits so that the winner is the greater one.
func compareTraits(a, b Trait, priority []string) int {
	if c := a.ObservedAt.Compare(b.ObservedAt); c != 0 {
		return c
	}
	if a.Source != b.Source {
		ra, rb := rank(a.Source, priority), rank(b.Source, priority)
		if c := cmp.Compare(rb, ra); c != 0 { // a lower rank number wins
			return c
		}
		return strings.Compare(b.Source, a.Source) // the smaller name wins
	}
	return Compare(a.Value, b.Value)
}

// rank returns the position of source in priority, or len(priority) for an
// unlisted source.
func rank(source string, priority []string) int {
	if i := slices.Index(priority, source); i >= 0 {
		return i
	}
	return len(priority)
}
