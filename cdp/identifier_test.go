package cdp

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdentifierMasked(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("d", 70)
	tests := []struct {
		id   Identifier
		want string
	}{
		{Identifier{Email, "ana.souza@example.com"}, "email:a***@example.com#48cf"},
		{Identifier{Email, "ésio@example.com.br"}, "email:é***@example.com.br#6f43"},
		{Identifier{Email, "@example.com"}, "email:***@example.com#8bf8"},
		{Identifier{Email, "not-an-email"}, "email:***#90e8"},
		{Identifier{Email, ""}, "email:***#31df"},
		{Identifier{CPF, "12345674725"}, "cpf:***.***.***-25#d4"},
		{Identifier{CPF, "123.456.747-25"}, "cpf:***.***.***-25#d4"},
		{Identifier{CPF, "4725"}, "cpf:***#7a"},
		{Identifier{CPF, ""}, "cpf:***#f1"},
		{Identifier{Phone, "+5511987654321"}, "phone:***21#90"},
		{Identifier{Phone, "1234567"}, "phone:***#5c"},
		{Identifier{UserID, "u-42"}, "user_id:***#cedf"},
		{Identifier{HubSpotID, "1001"}, "hubspot_id:***#5837"},
		{Identifier{"device_id", long}, "device_id:dd***#aacd"},
		{Identifier{AnonymousID, "0b7c4e1a-5d1f-4c3e-9a10-2b6e8f4d7c21"}, "anonymous_id:0b***#4de7"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, tc.id.Masked())
			lv := tc.id.LogValue()
			assert.Equal(t, slog.KindString, lv.Kind())
			assert.Equal(t, tc.want, lv.String())
		})
	}
}

func TestIdentifierString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "email:ana@example.com", Identifier{Email, "ana@example.com"}.String())
}

func TestIdentifierTypeStandard(t *testing.T) {
	t.Parallel()
	for _, typ := range []IdentifierType{UserID, Email, CPF, Phone, HubSpotID, AnonymousID} {
		assert.True(t, typ.Standard(), typ)
	}
	for _, typ := range []IdentifierType{"", "device_id", "EMAIL"} {
		assert.False(t, typ.Standard(), typ)
	}
}

// TestLogsNeverHoldPersonalData logs identifiers, a profile and an event
// through slog's JSON and text handlers and checks the full e-mail, CPF,
// phone and trait values never appear.
func TestLogsNeverHoldPersonalData(t *testing.T) {
	t.Parallel()
	ids := []Identifier{
		{Email, "ana.souza@example.com"},
		{CPF, "12345674725"},
		{Phone, "+5511987654321"},
	}
	p := Profile{ID: "p1", Identifiers: ids}
	p.Set("income", Trait{Value: StringValue("secret-income-9999"), ObservedAt: t0})
	ev := Event{Name: "login", Time: t0, Identifiers: ids, Properties: map[string]Value{"ip": StringValue("10.1.2.3")}}
	secrets := []string{"ana.souza", "12345674725", "987654321", "secret-income-9999", "10.1.2.3"}

	for name, h := range map[string]func(*bytes.Buffer) slog.Handler{
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			log := slog.New(h(&buf))
			log.Info("x", "id", ids[0], "profile", p, "event", ev, "ptr", &p)
			out := buf.String()
			for _, s := range secrets {
				assert.NotContains(t, out, s)
			}
			for _, s := range []string{"a***@example.com#", "***.***.***-25#", "***21#", "income", "login", "ip", "p1"} {
				assert.Contains(t, out, s)
			}
		})
	}
}

func TestProfileLogValue(t *testing.T) {
	t.Parallel()
	p := Profile{ID: "p1", Identifiers: []Identifier{{Email, "bo@x.io"}}}
	p.Set("b", Trait{Value: StringValue("v")})
	p.Set("a", Trait{Value: StringValue("w")})
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime})).Info("m", "p", p)
	assert.JSONEq(t, `{"level":"INFO","msg":"m","p":{"id":"p1","identifiers":["email:b***@x.io#3f04"],"traits":["a","b"]}}`, buf.String())
}

func TestEventLogValue(t *testing.T) {
	t.Parallel()
	ev := Event{ID: "e1", Name: "n", Time: t0, Source: "app", Identifiers: []Identifier{{CPF, "12345674725"}},
		Properties: map[string]Value{"z": BoolValue(true), "a": BoolValue(false)}}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime})).Info("m", "e", ev)
	assert.JSONEq(t, `{"level":"INFO","msg":"m","e":{"id":"e1","name":"n","time":"2025-06-23T12:00:00Z","source":"app","identifiers":["cpf:***.***.***-25#d4"],"properties":["a","z"]}}`, buf.String())
}

func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

func TestProfileTraitNames(t *testing.T) {
	t.Parallel()
	var p Profile
	assert.Empty(t, p.TraitNames())
	p.Set("b", Trait{})
	p.Set("a", Trait{})
	got, ok := p.Get("a")
	require.True(t, ok)
	assert.Equal(t, Trait{}, got)
	assert.Equal(t, []string{"a", "b"}, p.TraitNames())
}
