package calendar

import (
	"cmp"
	"fmt"
	"slices"
)

// FormatBR writes d as Brazilians read it, DD/MM/YYYY: 16/02/2026. It is
// for people; String's YYYY-MM-DD is for machines.
func (d Date) FormatBR() string {
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// DueGroup is the due items of one key: a person, an account, a contact.
type DueGroup[K cmp.Ordered, T any] struct {
	Key K
	// Items are sorted by effective date, then nominal maturity, then the
	// tie-break given to DueGroups.Groups.
	Items []Due[T]
}

// Next is the earliest effective date of the group: when the first item
// is paid.
func (g DueGroup[K, T]) Next() Date { return g.Items[0].Expiry.Effective }

// DueGroups files due items under a key as they come (from a stream of
// rows, say) and returns them grouped. The zero value is ready to use; it
// is not safe for concurrent use.
type DueGroups[K cmp.Ordered, T any] struct {
	byKey map[K][]Due[T]
}

// Add files d under key.
func (g *DueGroups[K, T]) Add(key K, d Due[T]) {
	if g.byKey == nil {
		g.byKey = make(map[K][]Due[T])
	}
	g.byKey[key] = append(g.byKey[key], d)
}

// Len returns how many keys have items.
func (g *DueGroups[K, T]) Len() int { return len(g.byKey) }

// Groups returns the groups sorted by key, each one's items sorted by
// effective date, then nominal maturity, then tie (nil keeps the order
// they were added in among equal dates).
func (g *DueGroups[K, T]) Groups(tie func(a, b T) int) []DueGroup[K, T] {
	out := make([]DueGroup[K, T], 0, len(g.byKey))
	for k, items := range g.byKey {
		slices.SortStableFunc(items, func(x, y Due[T]) int {
			c := cmp.Or(x.Expiry.Effective.Compare(y.Expiry.Effective), x.Expiry.Maturity.Compare(y.Expiry.Maturity))
			if c == 0 && tie != nil {
				c = tie(x.Item, y.Item)
			}
			return c
		})
		out = append(out, DueGroup[K, T]{Key: k, Items: items})
	}
	slices.SortFunc(out, func(x, y DueGroup[K, T]) int { return cmp.Compare(x.Key, y.Key) })
	return out
}
