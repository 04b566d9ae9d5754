package identity

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp"
)

func TestResolveRow(t *testing.T) {
	g, err := New(Config{Key: []byte("0123456789abcdef0123456789abcdef")})
	require.NoError(t, err)
	g.Add(Observation{ObservedAt: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Source: "platform", Identifiers: []cdp.Identifier{
		{Type: cdp.UserID, Value: "u-1"}, {Type: cdp.Email, Value: "ana@exemplo.com.br"},
	}})
	known, ok := g.Resolve(cdp.Identifier{Type: cdp.UserID, Value: "u-1"})
	require.True(t, ok)
	unknownCPF := g.CanonicalID(cdp.Identifier{Type: cdp.CPF, Value: "56072658890"})

	cases := []struct {
		name           string
		ids            []cdp.Identifier
		want           string
		linked, usable bool
	}{
		{"known user id", []cdp.Identifier{{Type: cdp.UserID, Value: "u-1"}, {Type: cdp.CPF, Value: "560.726.588-90"}}, known, true, true},
		{"known after an unknown one", []cdp.Identifier{{Type: cdp.CPF, Value: "560.726.588-90"}, {Type: cdp.UserID, Value: "u-1"}}, known, true, true},
		{"unknown CPF, punctuated", []cdp.Identifier{{Type: cdp.UserID}, {Type: cdp.CPF, Value: "560.726.588-90"}}, unknownCPF, false, true},
		{"unknown CPF, digits only", []cdp.Identifier{{Type: cdp.UserID}, {Type: cdp.CPF, Value: "56072658890"}}, unknownCPF, false, true},
		{"invalid CPF skipped", []cdp.Identifier{{Type: cdp.CPF, Value: "560.726.588-91"}}, "", false, false},
		{"nothing", nil, "", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id, linked, ok := g.ResolveRow(tc.ids...)
			assert.Equal(t, []any{tc.want, tc.linked, tc.usable}, []any{id, linked, ok})
		})
	}
	unkeyed, err := New(Config{})
	require.NoError(t, err)
	assert.NotEqual(t, unkeyed.CanonicalID(cdp.Identifier{Type: cdp.CPF, Value: "56072658890"}), unknownCPF, "a keyed graph's unlinked IDs are keyed too")
}

func TestReadObservationsBOMAndSeenTypes(t *testing.T) {
	in := "\ufeff" + `{"source":"crm","observed_at":"2026-01-02T00:00:00Z","identifiers":{"user_id":"u-1","e_mail":"ana@exemplo.com.br"}}` + "\n" +
		`{"source":"crm","observed_at":"2026-01-02T00:00:00Z","identifiers":{"user_id":"u-2","cpf":"000.000.000-00"}}` + "\n"
	st, err := ReadObservations(strings.NewReader(in), func(Observation) error { return nil })
	require.NoError(t, err)
	require.NoError(t, st.Err(), "a UTF-8 byte-order mark is skipped")
	assert.Equal(t, map[cdp.IdentifierType]int{cdp.UserID: 2, "e_mail": 1, cdp.CPF: 1}, st.Seen)
}
