package identity

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
)

// Profile returns the cdp.Profile of person personID: its ID and every
// identifier, with no traits.
func (g *Graph) Profile(personID string) (cdp.Profile, bool) {
	p, ok := g.Person(personID)
	if !ok {
		return cdp.Profile{}, false
	}
	return profileOf(p), true
}

func profileOf(p Person) cdp.Profile {
	out := cdp.Profile{ID: p.ID, Identifiers: make([]cdp.Identifier, len(p.Identifiers))}
	for i, s := range p.Identifiers {
		out.Identifiers[i] = s.Identifier
	}
	return out
}

// Profiles groups source profiles (one per system record, say, with the
// identifiers that record holds and its traits) by person and merges each
// group with cdp.Merge, using priority as the source priority for trait
// ties. It returns one profile per person, sorted by ID, whose Identifiers
// are the person's identifiers in the graph plus those of its source
// profiles, normalised (in cdp.Merge's order: by type, then value).
//
// A source profile belongs to the person of its first identifier, in type
// priority then value order, that the graph knows. When the graph knows
// none of them, it makes a person of its own, with the ID Graph.CanonicalID gives
// its top-priority valid identifier. A source profile without any valid
// identifier cannot be placed: it is left out and reported in the returned
// error (errors.Is ErrNoIdentifier; one line per such profile, by index),
// while the others are still returned. The source profiles are not modified.
func (g *Graph) Profiles(sources []cdp.Profile, priority []string) ([]cdp.Profile, error) {
	byID := map[string]cdp.Profile{}
	var errs []error
	for i, src := range sources {
		ids := make([]cdp.Identifier, 0, len(src.Identifiers))
		for _, id := range src.Identifiers {
			if n, err := g.Normalize(id); err == nil {
				ids = append(ids, n)
			}
		}
		if len(ids) == 0 {
			errs = append(errs, fmt.Errorf("identity: profile %d (%q): %w", i, src.ID, ErrNoIdentifier))
			continue
		}
		g.mu.Lock()
		slices.SortFunc(ids, g.compareIdentifiers)
		g.mu.Unlock()
		var person cdp.Profile
		found := false
		for _, id := range ids {
			if p, ok := g.PersonOf(id); ok {
				person, found = profileOf(p), true
				break
			}
		}
		if !found {
			person = cdp.Profile{ID: g.CanonicalID(ids[0])}
		}
		part := cdp.Profile{ID: person.ID, Identifiers: ids, Traits: src.Traits}
		if prev, ok := byID[person.ID]; ok {
			byID[person.ID] = cdp.Merge(prev, part, priority)
		} else {
			byID[person.ID] = cdp.Merge(person, part, priority)
		}
	}
	out := make([]cdp.Profile, 0, len(byID))
	for _, p := range byID {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b cdp.Profile) int { return strings.Compare(a.ID, b.ID) })
	return out, errors.Join(errs...)
}

// compareIdentifiers orders identifiers by the graph's type priority, then
// type name, then value. g.mu is held.
func (g *Graph) compareIdentifiers(a, b cdp.Identifier) int {
	ra, rb := g.rankOf(a.Type), g.rankOf(b.Type)
	if ra != rb {
		return ra - rb
	}
	if c := strings.Compare(string(a.Type), string(b.Type)); c != 0 {
		return c
	}
	return strings.Compare(a.Value, b.Value)
}

func (g *Graph) rankOf(t cdp.IdentifierType) int {
	if i := slices.Index(g.r.cfg.Priority, t); i >= 0 {
		return i
	}
	return len(g.r.cfg.Priority)
}
