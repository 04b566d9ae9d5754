package cdp

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// UnmarshalJSON decodes a trait {"value":{...},"observed_at":"RFC 3339",
// "source":"..."}. The value is required; observed_at may be omitted (the
// zero time, older than any observation). Errors are *FieldError values
// naming "value" or "observed_at".
func (t *Trait) UnmarshalJSON(b []byte) error {
	var raw struct {
		Value      json.RawMessage `json:"value"`
		ObservedAt json.RawMessage `json:"observed_at"`
		Source     string          `json:"source"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return jsonError(err)
	}
	var out Trait
	if isNull(raw.Value) {
		return &FieldError{Field: "value", Reason: "required"}
	}
	if err := out.Value.UnmarshalJSON(raw.Value); err != nil {
		return inField("value", err)
	}
	if !isNull(raw.ObservedAt) {
		at, err := parseTimeJSON(raw.ObservedAt)
		if err != nil {
			return &FieldError{Field: "observed_at", Reason: err.Error()}
		}
		out.ObservedAt = at
	}
	out.Source = raw.Source
	*t = out
	return nil
}

// UnmarshalJSON decodes a profile {"id":..., "identifiers":[{"type","value"}],
// "traits":{"name":{trait}}}. Unknown fields are ignored. Errors are
// *FieldError values whose Field is a path such as "traits.age.value"; all
// bad traits are reported, joined.
func (p *Profile) UnmarshalJSON(b []byte) error {
	var raw struct {
		ID          string                     `json:"id"`
		Identifiers []Identifier               `json:"identifiers"`
		Traits      map[string]json.RawMessage `json:"traits"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return jsonError(err)
	}
	out := Profile{ID: raw.ID, Identifiers: raw.Identifiers}
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(raw.Traits)) {
		var t Trait
		if isNull(raw.Traits[name]) {
			errs = append(errs, &FieldError{Field: "traits." + name, Reason: "null trait"})
			continue
		}
		if err := t.UnmarshalJSON(raw.Traits[name]); err != nil {
			errs = append(errs, inField("traits."+name, err))
			continue
		}
		out.Set(name, t)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	*p = out
	return nil
}

func isNull(b json.RawMessage) bool { return len(b) == 0 || string(b) == "null" }

func parseTimeJSON(b json.RawMessage) (time.Time, error) {
	var s string
	if json.Unmarshal(b, &s) != nil {
		return time.Time{}, fmt.Errorf("want an RFC 3339 string, got %s", shorten(string(b)))
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want RFC 3339 such as 2025-06-23T12:00:00Z, got %q", shorten(s))
	}
	if y := t.UTC().Year(); y < 0 || y > 9999 {
		return time.Time{}, fmt.Errorf("year in UTC outside 0-9999 in %q", shorten(s))
	}
	return t, nil
}

// jsonError turns an encoding/json error into one that names the field when
// encoding/json says which.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return &syntaxError{err: fmt.Errorf("want a JSON object, not %s", te.Value)}
		}
		return &FieldError{Field: te.Field, Reason: fmt.Sprintf("want %s, not %s", te.Type, te.Value), Err: err}
	}
	var fe *FieldError
	var ve *ValueError
	if errors.As(err, &fe) || errors.As(err, &ve) {
		return err
	}
	return &syntaxError{err: err}
}

// syntaxError reports a line or document that is not valid JSON. It matches
// ErrInvalid and unwraps to the encoding/json error.
type syntaxError struct{ err error }

func (e *syntaxError) Error() string        { return "cdp: invalid JSON: " + e.err.Error() }
func (e *syntaxError) Unwrap() error        { return e.err }
func (e *syntaxError) Is(target error) bool { return target == ErrInvalid }
