package cdp

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fieldErrors returns every *FieldError in err's tree, in order.
func fieldErrors(err error) []FieldError {
	var out []FieldError
	var walk func(error)
	walk = func(e error) {
		if fe, ok := e.(*FieldError); ok {
			out = append(out, FieldError{Field: fe.Field, Reason: fe.Reason})
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

func validEvent() Event {
	return Event{
		ID: "e1", Name: "position_expiring", Time: t0, Source: "positions",
		Identifiers: []Identifier{{Type: CPF, Value: "12345678909"}},
		Properties:  map[string]Value{"amount": num("1500.00")},
	}
}

func TestEventValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		modify func(*Event)
		want   []FieldError
	}{
		{"valid", func(*Event) {}, nil},
		{"valid without optional fields", func(e *Event) { e.ID, e.Source, e.Properties = "", "", nil }, nil},
		{"name missing", func(e *Event) { e.Name = "" }, []FieldError{{Field: "name", Reason: "required"}}},
		{"time missing", func(e *Event) { e.Time = time.Time{} }, []FieldError{{Field: "time", Reason: "required"}}},
		{"no identifiers", func(e *Event) { e.Identifiers = nil }, []FieldError{{Field: "identifiers", Reason: "at least one identifier is required"}}},
		{"identifier without type and value", func(e *Event) {
			e.Identifiers = append(e.Identifiers, Identifier{})
		}, []FieldError{{Field: "identifiers[1].type", Reason: "required"}, {Field: "identifiers[1].value", Reason: "required"}}},
		{"zero property value and empty name", func(e *Event) {
			e.Properties = map[string]Value{"": BoolValue(true), "bad": {}}
		}, []FieldError{{Field: `properties[""]`, Reason: "empty property name"}, {Field: "properties.bad", Reason: "value required"}}},
		{"everything wrong", func(e *Event) { *e = Event{} }, []FieldError{
			{Field: "name", Reason: "required"},
			{Field: "time", Reason: "required"},
			{Field: "identifiers", Reason: "at least one identifier is required"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := validEvent()
			tc.modify(&e)
			err := e.Validate()
			assert.Equal(t, tc.want, fieldErrors(err))
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, ErrInvalid)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.want[0].Field, fe.Field)
		})
	}
}

func TestFieldErrorMessage(t *testing.T) {
	t.Parallel()
	err := Event{Name: "x", Time: t0}.Validate()
	assert.EqualError(t, err, "cdp: field identifiers: at least one identifier is required")
	cause := errors.New("cause")
	fe := &FieldError{Field: "f", Reason: "r", Err: cause}
	assert.ErrorIs(t, fe, cause)
	assert.ErrorIs(t, fe, ErrInvalid)
}

func TestEventJSONRoundTrip(t *testing.T) {
	t.Parallel()
	e := validEvent()
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"e1","name":"position_expiring","time":"2025-06-23T12:00:00Z","source":"positions",
		"identifiers":[{"type":"cpf","value":"12345678909"}],
		"properties":{"amount":{"kind":"number","value":"1500.00"}}}`, string(b))
	var got Event
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, e, got)
}

func TestEventUnmarshalErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
	}{
		{"bad time", `{"name":"n","time":"soon"}`, []string{"time"}},
		{"time not a string", `{"name":"n","time":12}`, []string{"time"}},
		{"name not a string", `{"name":1}`, []string{"name"}},
		{"identifier type wrong", `{"identifiers":[{"type":1}]}`, []string{"identifiers.type"}},
		{"bad properties", `{"properties":{"b":{"kind":"number","value":"x"},"a":null,"c":{"kind":"string","value":"ok"}}}`,
			[]string{"properties.a", "properties.b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var e Event
			err := json.Unmarshal([]byte(tc.in), &e)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			var fields []string
			for _, fe := range fieldErrors(err) {
				fields = append(fields, fe.Field)
			}
			assert.Equal(t, tc.want, fields)
			assert.Equal(t, Event{}, e, "failed unmarshal leaves the event alone")
		})
	}
}

func TestEventUnmarshalPropertyErrorKeepsValueError(t *testing.T) {
	t.Parallel()
	var e Event
	err := json.Unmarshal([]byte(`{"properties":{"amount":{"kind":"number","value":"1,5"}}}`), &e)
	var ve *ValueError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "1,5", ve.Input)
	assert.EqualError(t, err, `cdp: field properties.amount: invalid number "1,5": want a decimal number such as 12.50`)
}

func TestProfileValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    Profile
		want []FieldError
	}{
		{"id only", Profile{ID: "p"}, nil},
		{"identifier only", Profile{Identifiers: []Identifier{{Email, "a@b.c"}}}, nil},
		{"empty", Profile{}, []FieldError{{Field: "identifiers", Reason: "a profile needs an id or at least one identifier"}}},
		{"bad identifier", Profile{ID: "p", Identifiers: []Identifier{{Type: Email}}}, []FieldError{{Field: "identifiers[0].value", Reason: "required"}}},
		{"bad traits", Profile{ID: "p", Traits: map[string]Trait{"": {Value: BoolValue(true)}, "x": {}}}, []FieldError{
			{Field: `traits[""]`, Reason: "empty trait name"},
			{Field: "traits.x.value", Reason: "required"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.p.Validate()
			assert.Equal(t, tc.want, fieldErrors(err))
			if tc.want != nil {
				assert.ErrorIs(t, err, ErrInvalid)
			}
		})
	}
}

func TestProfileJSONRoundTrip(t *testing.T) {
	t.Parallel()
	p := Profile{ID: "p1", Identifiers: []Identifier{{Email, "a@b.c"}}}
	p.Set("balance", Trait{Value: num("10.10"), ObservedAt: t0, Source: "core"})
	p.Set("tags", Trait{Value: StringsValue("x"), ObservedAt: t1})
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"p1","identifiers":[{"type":"email","value":"a@b.c"}],"traits":{
		"balance":{"value":{"kind":"number","value":"10.10"},"observed_at":"2025-06-23T12:00:00Z","source":"core"},
		"tags":{"value":{"kind":"strings","value":["x"]},"observed_at":"2025-06-23T12:01:00Z"}}}`, string(b))
	var got Profile
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, p, got)
}

func TestProfileUnmarshalErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
	}{
		{"trait value missing", `{"traits":{"a":{"observed_at":"2025-01-01T00:00:00Z"}}}`, []string{"traits.a.value"}},
		{"trait value bad", `{"traits":{"a":{"value":{"kind":"date","value":"2025-13-01"}}}}`, []string{"traits.a.value"}},
		{"trait time bad", `{"traits":{"a":{"value":{"kind":"bool","value":true},"observed_at":"x"}}}`, []string{"traits.a.observed_at"}},
		{"trait time out of range", `{"traits":{"a":{"value":{"kind":"bool","value":true},"observed_at":"9999-12-31T23:00:00-03:00"}}}`, []string{"traits.a.observed_at"}},
		{"trait null", `{"traits":{"a":null}}`, []string{"traits.a"}},
		{"trait not object", `{"traits":{"a":1}}`, []string{"traits.a"}},
		{"trait source wrong type", `{"traits":{"a":{"value":{"kind":"bool","value":true},"source":1}}}`, []string{"traits.a.source"}},
		{"id wrong type", `{"id":5}`, []string{"id"}},
		{"several traits", `{"traits":{"b":{},"a":{}}}`, []string{"traits.a.value", "traits.b.value"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var p Profile
			err := json.Unmarshal([]byte(tc.in), &p)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			var fields []string
			for _, fe := range fieldErrors(err) {
				fields = append(fields, fe.Field)
			}
			assert.Equal(t, tc.want, fields)
		})
	}
}
