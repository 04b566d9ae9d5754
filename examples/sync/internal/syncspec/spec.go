package syncspec

import (
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/segment"
)

// Spec is a decoded and checked sync spec. Build one with Parse.
type Spec struct {
	// Sources are the row inputs, in the spec's order.
	Sources []Source
	// Catalog is the trait catalog segments are checked against.
	Catalog segment.Catalog
	// Mappings say which trait goes to which contact property.
	Mappings []Mapping
	// Group is the property group the managed properties go into.
	Group hubspot.PropertyGroup
	// KeyProperty is hubspot.KeyEmail or a unique custom property;
	// KeyLabel its label and KeyIdentifier the identifier type that feeds
	// it (cdp.Email with hubspot.KeyEmail).
	KeyProperty   string
	KeyLabel      string
	KeyIdentifier cdp.IdentifierType
	// Mode is the ContactSync mode.
	Mode hubspot.SyncMode
	// Segments is the multi-select property listing each member's named
	// segments; nil when the spec has none.
	Segments *SegmentsProperty

	identity identityRules
	audience *segment.Matcher
}

// Source is one row input: a file of profile or trait rows.
type Source struct {
	// Name is the source's name in provenance and messages (default: the
	// file name of Path).
	Name string
	// Path names the input; the caller's Opener resolves it.
	Path string
	// Identifiers maps column names to identifier types.
	Identifiers map[string]cdp.IdentifierType
	// Traits maps column names, which are trait names, to their kinds.
	Traits map[string]cdp.Kind
	// ObservedAt is the timestamp column saying when a row was observed;
	// "" means the source is undated (see Build).
	ObservedAt string
}

// Mapping writes one trait into one contact property.
type Mapping struct {
	Trait    string
	Property hubspot.Property
}

// SegmentsProperty is an enumeration (checkbox) property holding the names
// of the segments a member belongs to.
type SegmentsProperty struct {
	Property hubspot.Property
	Names    []string
	matchers []*segment.Matcher
}

// identityRules are the spec's identity section.
type identityRules struct {
	limits   map[cdp.IdentifierType]int
	maxIDs   int
	blocked  map[cdp.IdentifierType][]string
	patterns map[cdp.IdentifierType][]string
}

// Audience returns the compiled audience segment.
func (s *Spec) Audience() *segment.Matcher { return s.audience }

// Properties returns the managed property definitions: the mappings' and
// the segments property, in that order.
func (s *Spec) Properties() []hubspot.Property {
	out := make([]hubspot.Property, 0, len(s.Mappings)+1)
	for _, m := range s.Mappings {
		out = append(out, m.Property)
	}
	if s.Segments != nil {
		out = append(out, s.Segments.Property)
	}
	return out
}

// PropertyNames returns the names of Properties.
func (s *Spec) PropertyNames() []string {
	var out []string
	for _, p := range s.Properties() {
		out = append(out, p.Name)
	}
	return out
}

// SyncConfig returns the part of a hubspot.SyncConfig the spec decides:
// group, properties, key and mode. The caller adds the state, the dead
// letters and the tuning.
func (s *Spec) SyncConfig() hubspot.SyncConfig {
	cfg := hubspot.SyncConfig{Group: s.Group, Properties: s.Properties(), Mode: s.Mode}
	if s.KeyProperty != hubspot.KeyEmail {
		cfg.Key, cfg.KeyLabel = s.KeyProperty, s.KeyLabel
	}
	return cfg
}
