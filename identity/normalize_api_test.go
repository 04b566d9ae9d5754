package identity

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

func TestNormalizeByType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ    cdp.IdentifierType
		in     string
		want   string
		reason Reason
	}{
		{cdp.CPF, "560.726.588-90", "56072658890", ""},
		{cdp.CPF, "56072658890", "56072658890", ""},
		{cdp.CPF, "560.726.588-91", "", ReasonCheckDigit},
		{cdp.Email, " Ana@Exemplo.com.br ", "ana@exemplo.com.br", ""},
		{cdp.Phone, "(11) 99123-4567", "+5511991234567", ""},
		{cdp.Phone, "(11) 99123-456", "", ReasonLegacyMobile},
		{cdp.UserID, " u-1 ", "u-1", ""},
		{"device_id", " d-1 ", "d-1", ""},
		{"", "x", "", ReasonType},
	}
	for _, tc := range tests {
		t.Run(string(tc.typ)+"/"+tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := Normalize(tc.typ, tc.in)
			if tc.reason != "" {
				var ie *InvalidError
				require.ErrorAs(t, err, &ie)
				assert.Equal(t, tc.reason, ie.Reason)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			// as a graph of the zero Config normalises observations
			g := newGraph(t, Config{})
			gid, err := g.Normalize(cdp.Identifier{Type: tc.typ, Value: tc.in})
			require.NoError(t, err)
			assert.Equal(t, cdp.Identifier{Type: tc.typ, Value: tc.want}, gid)
		})
	}
}

func TestValidateCPF(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		reason Reason // "" when valid
	}{
		{"560.726.588-90", ""},
		{"56072658890", ""},
		{"529.982.247-25", ""},
		{"560.726.588-91", ReasonCheckDigit},
		{"56072658809", ReasonCheckDigit},
		{"111.111.111-11", ReasonRepeatedDigits},
		{"5607265889", ReasonLength},
		{"560.726.588-9O", ReasonMalformed},
		{"", ReasonEmpty},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			err := ValidateCPF(tc.in)
			if tc.reason == "" {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrInvalid)
			var ie *InvalidError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, InvalidError{Type: cdp.CPF, Value: tc.in, Reason: tc.reason}, *ie)
			if len(tc.in) > 4 {
				assert.NotContains(t, err.Error(), tc.in[:5], "the message masks the value")
			}
		})
	}
}

// TestResolveNormalizesInput checks that a CPF written with and without
// punctuation, in an observation or in a lookup, is one person.
func TestResolveNormalizesInput(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{},
		obsAt(0, "core", cpf("560.726.588-90"), uid("u-1")),
		obsAt(1, "positions", cpf("56072658890"), email("ana@exemplo.com.br")),
	)
	want := resolve(t, g, uid("u-1"))
	for _, v := range []string{"560.726.588-90", "56072658890", " 560 726 588 90 "} {
		assert.Equal(t, want, resolve(t, g, cpf(v)), v)
	}
	assert.Equal(t, want, resolve(t, g, email("ana@exemplo.com.br")))
	assert.Equal(t, 1, g.Stats().Persons)
	_, ok := g.Resolve(cpf("560.726.588-91"))
	assert.False(t, ok, "an invalid CPF resolves to nobody")
}
