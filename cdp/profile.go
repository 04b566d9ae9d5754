package cdp

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"
)

// Trait is one fact about a customer with its provenance: when it was
// observed and by which source. Provenance makes merging deterministic.
type Trait struct {
	Value      Value     `json:"value"`
	ObservedAt time.Time `json:"observed_at"`
	Source     string    `json:"source,omitempty"`
}

// Profile is one person as the CDP knows them: a canonical ID, the
// identifiers that reach them and their traits by name.
type Profile struct {
	ID          string           `json:"id"`
	Identifiers []Identifier     `json:"identifiers,omitempty"`
	Traits      map[string]Trait `json:"traits,omitempty"`
}

// Set stores trait t under name, replacing what was there.
func (p *Profile) Set(name string, t Trait) {
	if p.Traits == nil {
		p.Traits = make(map[string]Trait)
	}
	p.Traits[name] = t
}

// Get returns the trait stored under name.
func (p *Profile) Get(name string) (Trait, bool) {
	t, ok := p.Traits[name]
	return t, ok
}

// Clone returns a deep copy of p: its identifier slice and trait map are
// new, so changing the copy never changes p. (Values are immutable and are
// shared.)
func (p Profile) Clone() Profile {
	q := Profile{ID: p.ID}
	if p.Identifiers != nil {
		q.Identifiers = append([]Identifier(nil), p.Identifiers...)
	}
	if p.Traits != nil {
		q.Traits = make(map[string]Trait, len(p.Traits))
		for name, t := range p.Traits {
			q.Traits[name] = t
		}
	}
	return q
}

// TraitNames returns the names of p's traits in sorted order.
func (p Profile) TraitNames() []string {
	return slices.Sorted(maps.Keys(p.Traits))
}

// LogValue implements slog.LogValuer. A profile logs its ID, its
// identifiers masked (see Identifier.Masked) and the names of its traits,
// never their values.
func (p Profile) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", p.ID),
		slog.Any("identifiers", Masker{}.Identifiers(p.Identifiers)),
		slog.Any("traits", p.TraitNames()),
	)
}

var _ slog.LogValuer = Profile{}

// Validate checks that the profile has an ID or at least one identifier,
// that every identifier has a type and a value, and that every trait has a
// non-empty name and a Value (not the zero Value). The ID may be empty when
// there are identifiers: a profile read from a source may not have a
// canonical ID yet. All problems are reported, joined; each is a *FieldError naming the
// field and matching ErrInvalid.
func (p Profile) Validate() error {
	var errs []error
	if p.ID == "" && len(p.Identifiers) == 0 {
		errs = append(errs, &FieldError{Field: "identifiers", Reason: "a profile needs an id or at least one identifier"})
	}
	errs = validateIdentifiers(errs, p.Identifiers)
	for _, name := range p.TraitNames() {
		field := "traits." + name
		if name == "" {
			field = `traits[""]`
			errs = append(errs, &FieldError{Field: field, Reason: "empty trait name"})
		}
		if p.Traits[name].Value.IsZero() {
			errs = append(errs, &FieldError{Field: field + ".value", Reason: "required"})
		}
	}
	return errors.Join(errs...)
}

func validateIdentifiers(errs []error, ids []Identifier) []error {
	for i, id := range ids {
		if id.Type == "" {
			errs = append(errs, &FieldError{Field: fmt.Sprintf("identifiers[%d].type", i), Reason: "required"})
		}
		if id.Value == "" {
			errs = append(errs, &FieldError{Field: fmt.Sprintf("identifiers[%d].value", i), Reason: "required"})
		}
	}
	return errs
}
