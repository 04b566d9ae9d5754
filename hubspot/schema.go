package hubspot

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// SchemaResult says what EnsureSchema did.
type SchemaResult struct {
	GroupCreated bool     // the group was created
	Created      []string // properties created, in definition order
	Existing     []string // properties that already existed with the right type
}

// Mismatch is one existing property whose type or fieldType differs from
// its definition.
type Mismatch struct {
	Name          string
	WantType      string
	WantFieldType string
	GotType       string
	GotFieldType  string
}

// SchemaError lists every existing property whose type or fieldType differs
// from the definitions given to EnsureSchema.
type SchemaError struct {
	ObjectType string
	Mismatches []Mismatch
}

// Error lists every mismatching property with its wanted and actual types.
func (e *SchemaError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "hubspot: %d %s propert", len(e.Mismatches), e.ObjectType)
	if len(e.Mismatches) == 1 {
		b.WriteString("y has")
	} else {
		b.WriteString("ies have")
	}
	b.WriteString(" the wrong type:")
	for i, m := range e.Mismatches {
		if i > 0 {
			b.WriteString(";")
		}
		fmt.Fprintf(&b, " %s wants %s/%s, is %s/%s", m.Name, m.WantType, m.WantFieldType, m.GotType, m.GotFieldType)
	}
	return b.String()
}

// Reason is "SCHEMA_MISMATCH".
func (e *SchemaError) Reason() string { return "SCHEMA_MISMATCH" }

// EnsureSchema makes objectType carry group and the properties defs (a def
// with an empty GroupName goes into group). It first reads what exists; if
// any existing property's type or fieldType differs from its definition it
// returns one *SchemaError listing them all and writes nothing, so nothing
// is ever written into a property of the wrong type. Otherwise it creates the
// group if missing and the missing properties, and leaves the matching ones
// alone. Definitions are checked with Property.Validate first.
//
// It is safe to run concurrently with another EnsureSchema of the same
// schema: a create that loses the race (409) is checked like an existing one.
func (s *PropertiesService) EnsureSchema(ctx context.Context, objectType string, group PropertyGroup, defs []Property) (SchemaResult, error) {
	var res SchemaResult
	defs = append([]Property(nil), defs...)
	seen := make(map[string]bool, len(defs))
	for i := range defs {
		if defs[i].GroupName == "" {
			defs[i].GroupName = group.Name
		}
		if err := defs[i].Validate(); err != nil {
			return res, err
		}
		if seen[defs[i].Name] {
			return res, &ValueError{Property: defs[i].Name, Problem: "defined twice"}
		}
		seen[defs[i].Name] = true
	}
	existing, err := s.List(ctx, objectType)
	if err != nil {
		return res, err
	}
	byName := make(map[string]Property, len(existing))
	for _, p := range existing {
		byName[p.Name] = p
	}
	var missing []Property
	var mismatches []Mismatch
	for _, d := range defs {
		got, ok := byName[d.Name]
		if !ok {
			missing = append(missing, d)
			continue
		}
		if m, bad := compare(d, got); bad {
			mismatches = append(mismatches, m)
			continue
		}
		res.Existing = append(res.Existing, d.Name)
	}
	if len(mismatches) > 0 {
		return res, &SchemaError{ObjectType: objectType, Mismatches: mismatches}
	}
	if group.Name != "" {
		created, err := s.ensureGroup(ctx, objectType, group)
		if err != nil {
			return res, err
		}
		res.GroupCreated = created
	}
	for _, d := range missing {
		_, err := s.Create(ctx, objectType, d)
		if errors.Is(err, ErrConflict) {
			// Created meanwhile (a concurrent run, or our own retried
			// create that HubSpot had applied): check it like an existing one.
			got, gerr := s.Get(ctx, objectType, d.Name)
			if gerr != nil {
				return res, gerr
			}
			if m, bad := compare(d, got); bad {
				return res, &SchemaError{ObjectType: objectType, Mismatches: []Mismatch{m}}
			}
			res.Existing = append(res.Existing, d.Name)
			continue
		}
		if err != nil {
			return res, fmt.Errorf("hubspot: create property %q: %w", d.Name, err)
		}
		res.Created = append(res.Created, d.Name)
	}
	return res, nil
}

func compare(want, got Property) (Mismatch, bool) {
	m := Mismatch{Name: want.Name, WantType: want.Type, WantFieldType: want.FieldType, GotType: got.Type, GotFieldType: got.FieldType}
	return m, want.Type != got.Type || want.FieldType != got.FieldType
}

func (s *PropertiesService) ensureGroup(ctx context.Context, objectType string, group PropertyGroup) (bool, error) {
	_, err := s.GetGroup(ctx, objectType, group.Name)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return false, err
	}
	_, err = s.CreateGroup(ctx, objectType, group)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, ErrConflict):
		return false, nil
	}
	return false, fmt.Errorf("hubspot: create property group %q: %w", group.Name, err)
}
