package syncspec

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/identity"
)

// Rows is what Build reads a source through: a *rows.Reader, or a wrapper
// that also closes a file.
type Rows interface {
	Next(ctx context.Context) bool
	Row() *rows.Row
	Err() error
	Close() error
}

// Opener opens a source for reading with schema. Build calls it twice per
// source and closes what it returns.
type Opener func(ctx context.Context, src Source, schema *rows.Schema) (Rows, error)

// Undated is when the rows of a source without observed_at are taken to
// be observed: before any dated row, so a dated observation always wins.
var Undated = time.Unix(0, 0).UTC()

// Result is what Build found. It holds no personal data besides the
// records' keys and e-mails.
type Result struct {
	Rows      []int // good rows read, per source
	Unplaced  int   // rows whose identifiers are all empty, invalid or blocked
	Persons   int   // persons with at least one row
	Members   int   // persons in the audience
	Dropped   int   // identifiers dropped as invalid or blocked
	Conflicts int   // links the identity rules refused
	// Records has one record per member, sorted by person id: the key
	// (empty when the person has none: the sync dead-letters it as
	// hubspot.ReasonNoKey), the mapped traits (a missing trait clears its
	// property), the segments and Ref {"person_id": id}.
	Records []hubspot.SyncRecord
}

// column is one identifier or trait column of a source.
type column struct {
	i    int
	name string
	id   cdp.IdentifierType
	kind cdp.Kind
}

// Build reads the sources, stitches their identifiers with key (nil: unkeyed
// person ids), merges each person's traits, evaluates the audience and
// builds the members' records. Any bad row, or a declared column with no
// value in any row of its source, fails it. Trait ties (the same instant)
// go to the source listed first.
func (s *Spec) Build(ctx context.Context, key []byte, open Opener) (*Result, error) {
	g, err := identity.New(s.IdentityConfig(key))
	if err != nil {
		return nil, err
	}
	res := &Result{Rows: make([]int, len(s.Sources))}
	for i := range s.Sources {
		n, err := s.read(ctx, i, open, true, func(_ *rows.Row, ids []cdp.Identifier, at time.Time) error {
			if len(ids) == 0 {
				return nil
			}
			return g.Add(identity.Observation{Source: s.Sources[i].Name, ObservedAt: at, Identifiers: ids})
		})
		if err != nil {
			return nil, err
		}
		res.Rows[i] = n
	}
	priority := make([]string, len(s.Sources))
	for i, src := range s.Sources {
		priority[i] = src.Name
	}
	profiles := map[string]*cdp.Profile{}
	for i, src := range s.Sources {
		traits := s.columns(i, false)
		_, err := s.read(ctx, i, open, false, func(row *rows.Row, ids []cdp.Identifier, at time.Time) error {
			id, _, ok := g.ResolveRow(ids...)
			if !ok {
				res.Unplaced++
				return nil
			}
			p := profiles[id]
			if p == nil {
				p = &cdp.Profile{ID: id, Traits: map[string]cdp.Trait{}}
				profiles[id] = p
			}
			for _, c := range traits {
				if !row.Has(c.i) {
					continue
				}
				t := cdp.Trait{Value: traitValue(row, c), ObservedAt: at, Source: src.Name}
				if old, ok := p.Traits[c.name]; ok {
					t = cdp.MergeTrait(old, t, priority)
				}
				p.Traits[c.name] = t
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	st := g.Stats()
	for _, byReason := range st.Dropped {
		for _, n := range byReason {
			res.Dropped += n
		}
	}
	res.Persons, res.Conflicts = len(profiles), len(g.Conflicts())
	for _, id := range slices.Sorted(maps.Keys(profiles)) {
		if p := profiles[id]; s.audience.Match(p, nil) {
			res.Members++
			res.Records = append(res.Records, s.record(g, p))
		}
	}
	return res, nil
}

// record is the contact record of member p.
func (s *Spec) record(g *identity.Graph, p *cdp.Profile) hubspot.SyncRecord {
	rec := hubspot.SyncRecord{Properties: hubspot.Properties{}, Ref: map[string]string{"person_id": p.ID}}
	if person, ok := g.Person(p.ID); ok {
		if k, ok := person.Latest(s.KeyIdentifier); ok {
			rec.Key = k.Value
		}
		if e, ok := person.Latest(cdp.Email); ok && s.KeyProperty != hubspot.KeyEmail {
			rec.Email = e.Value
		}
	}
	for _, m := range s.Mappings {
		rec.Properties[m.Property.Name] = p.Traits[m.Trait].Value
	}
	if sp := s.Segments; sp != nil {
		var in []string
		for i, m := range sp.matchers {
			if m.Match(p, nil) {
				in = append(in, sp.Names[i])
			}
		}
		rec.Properties[sp.Property.Name] = cdp.Value{}
		if len(in) > 0 {
			rec.Properties[sp.Property.Name] = cdp.StringsValue(in...)
		}
	}
	return rec
}

// columns returns the identifier columns of source i in identity priority
// order (ids true), or its trait columns.
func (s *Spec) columns(i int, ids bool) []column {
	src := s.Sources[i]
	schema := src.Schema()
	var out []column
	if ids {
		for _, t := range identifierTypes {
			for _, name := range slices.Sorted(maps.Keys(src.Identifiers)) {
				if src.Identifiers[name] == t {
					out = append(out, column{i: schema.Index(name), name: name, id: t})
				}
			}
		}
		return out
	}
	for _, name := range slices.Sorted(maps.Keys(src.Traits)) {
		out = append(out, column{i: schema.Index(name), name: name, kind: src.Traits[name]})
	}
	return out
}

// read streams source i, calling each with every good row, its identifiers
// and its observation time. With check, it also refuses a declared column
// that has no value in any row. It returns the rows read.
func (s *Spec) read(ctx context.Context, i int, open Opener, check bool, each func(*rows.Row, []cdp.Identifier, time.Time) error) (int, error) {
	src := s.Sources[i]
	schema := src.Schema()
	fail := func(err error) error { return fmt.Errorf("sources[%d] (%s): %w", i, src.Name, err) }
	r, err := open(ctx, src, schema)
	if err != nil {
		return 0, fail(err)
	}
	defer r.Close()
	idCols, at := s.columns(i, true), schema.Index(src.ObservedAt)
	seen := make([]int, schema.Len())
	ids := make([]cdp.Identifier, 0, len(idCols))
	n := 0
	for r.Next(ctx) {
		row := r.Row()
		for c := range seen {
			if row.Has(c) {
				seen[c]++
			}
		}
		ids = ids[:0]
		for _, c := range idCols {
			if row.Has(c.i) {
				ids = append(ids, cdp.Identifier{Type: c.id, Value: row.String(c.i)})
			}
		}
		when := Undated
		if at >= 0 {
			when = row.Time(at)
		}
		if err := each(row, ids, when); errors.Is(err, identity.ErrInvalidObservation) {
			return n, fail(fmt.Errorf("%s: %s is outside the years 1678-2262", position(row.Pos()), src.ObservedAt))
		} else if err != nil {
			return n, fail(err)
		}
		n++
	}
	if err := r.Err(); err != nil {
		return n, fail(err)
	}
	for c, k := range seen {
		if check && n > 0 && k == 0 {
			return n, fail(fmt.Errorf("column %q has no value in any of the %d rows: is it missing from the input?", schema.Column(c).Name, n))
		}
	}
	return n, nil
}

// traitValue is the value of trait column c of row.
func traitValue(row *rows.Row, c column) cdp.Value {
	switch c.kind {
	case cdp.KindNumber:
		return cdp.NumberValue(row.Decimal(c.i))
	case cdp.KindBool:
		return cdp.BoolValue(row.Bool(c.i))
	case cdp.KindDate:
		return cdp.DateValue(row.Date(c.i))
	case cdp.KindTimestamp:
		return cdp.TimestampValue(row.Time(c.i))
	}
	return cdp.StringValue(row.String(c.i))
}

// position names a row in an error.
func position(p rows.Pos) string {
	if p.Line > 0 {
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("row %d", p.Row)
}
