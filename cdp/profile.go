package cdp

import "time"

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
