package cdp

import (
	"encoding/json"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"time"
)

// Event is something a customer did or that happened to them, as reported by
// a source: a name, when it happened, the identifiers seen with it and its
// properties.
type Event struct {
	ID          string           `json:"id,omitempty"`         // the source's event id, for de-duplication
	Name        string           `json:"name"`                 // what happened, such as "position_expired"
	Time        time.Time        `json:"time"`                 // when it happened
	Source      string           `json:"source,omitempty"`     // the system that reported it
	Identifiers []Identifier     `json:"identifiers"`          // who it is about; at least one
	Properties  map[string]Value `json:"properties,omitempty"` // details, by name
}

// Validate checks that the event has a name, a non-zero time and at least
// one identifier, that every identifier has a type and a value, and that
// every property has a non-empty name and a Value. All problems are
// reported, joined with errors.Join; each is a *FieldError naming the field
// ("name", "time", "identifiers", "identifiers[1].value", "properties.x")
// and matching ErrInvalid.
func (e Event) Validate() error {
	var errs []error
	if e.Name == "" {
		errs = append(errs, &FieldError{Field: "name", Reason: "required"})
	}
	if e.Time.IsZero() {
		errs = append(errs, &FieldError{Field: "time", Reason: "required"})
	}
	if len(e.Identifiers) == 0 {
		errs = append(errs, &FieldError{Field: "identifiers", Reason: "at least one identifier is required"})
	}
	errs = validateIdentifiers(errs, e.Identifiers)
	for _, name := range slices.Sorted(maps.Keys(e.Properties)) {
		field := "properties." + name
		if name == "" {
			field = `properties[""]`
			errs = append(errs, &FieldError{Field: field, Reason: "empty property name"})
		}
		if e.Properties[name].IsZero() {
			errs = append(errs, &FieldError{Field: field, Reason: "value required"})
		}
	}
	return errors.Join(errs...)
}

// LogValue implements slog.LogValuer. An event logs its ID, name, time,
// source, its identifiers masked (see Identifier.Masked) and the names of its
// properties, never their values.
func (e Event) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", e.ID),
		slog.String("name", e.Name),
		slog.Time("time", e.Time),
		slog.String("source", e.Source),
		slog.Any("identifiers", Masker{}.Identifiers(e.Identifiers)),
		slog.Any("properties", slices.Sorted(maps.Keys(e.Properties))),
	)
}

var _ slog.LogValuer = Event{}

// UnmarshalJSON decodes an event. Unknown fields are ignored. Errors are
// *FieldError values naming the field ("time", "properties.amount"); all bad
// properties are reported, joined. UnmarshalJSON does not call Validate: the
// NDJSON decoder does.
func (e *Event) UnmarshalJSON(b []byte) error {
	var raw struct {
		ID          string                     `json:"id"`
		Name        string                     `json:"name"`
		Time        json.RawMessage            `json:"time"`
		Source      string                     `json:"source"`
		Identifiers []Identifier               `json:"identifiers"`
		Properties  map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return jsonError(err)
	}
	out := Event{ID: raw.ID, Name: raw.Name, Source: raw.Source, Identifiers: raw.Identifiers}
	var errs []error
	if !isNull(raw.Time) {
		t, err := parseTimeJSON(raw.Time)
		if err != nil {
			errs = append(errs, &FieldError{Field: "time", Reason: err.Error()})
		}
		out.Time = t
	}
	for _, name := range slices.Sorted(maps.Keys(raw.Properties)) {
		var v Value
		if isNull(raw.Properties[name]) {
			errs = append(errs, &FieldError{Field: "properties." + name, Reason: "null value"})
			continue
		}
		if err := v.UnmarshalJSON(raw.Properties[name]); err != nil {
			errs = append(errs, inField("properties."+name, err))
			continue
		}
		if out.Properties == nil {
			out.Properties = make(map[string]Value, len(raw.Properties))
		}
		out.Properties[name] = v
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	*e = out
	return nil
}
