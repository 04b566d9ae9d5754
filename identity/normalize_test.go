package identity

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

type normCase struct {
	name   string
	in     string
	want   string
	reason Reason // "" when valid
}

func runNormCases(t *testing.T, typ cdp.IdentifierType, fn func(string) (string, error), cases []normCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := fn(tc.in)
			if tc.reason == "" {
				require.NoError(t, err, "input %q", tc.in)
				assert.Equal(t, tc.want, got, "input %q", tc.in)
				again, err := fn(got)
				require.NoError(t, err, "normal form %q", got)
				assert.Equal(t, got, again, "idempotent on %q", got)
				return
			}
			require.Error(t, err, "input %q", tc.in)
			assert.ErrorIs(t, err, ErrInvalid)
			var ie *InvalidError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, &InvalidError{Type: typ, Value: strings.TrimSpace(tc.in), Reason: tc.reason}, ie, "input %q", tc.in)
			assert.Empty(t, got)
		})
	}
}

func TestNormalizeCPF(t *testing.T) {
	t.Parallel()
	runNormCases(t, cdp.CPF, NormalizeCPF, []normCase{
		{"punctuated", "529.982.247-25", "52998224725", ""},
		{"digits", "52998224725", "52998224725", ""},
		{"spaces around", "  529 982 247 25 ", "52998224725", ""},
		{"check digit 0", "111.444.777-35", "11144477735", ""},
		{"all ones", "111.111.111-11", "", ReasonRepeatedDigits},
		{"all zeros", "00000000000", "", ReasonRepeatedDigits},
		{"second check digit wrong", "529.982.247-26", "", ReasonCheckDigit},
		{"first check digit wrong", "529.982.247-15", "", ReasonCheckDigit},
		{"ten digits", "5299822472", "", ReasonLength},
		{"twelve digits", "529982247251", "", ReasonLength},
		{"letters", "529.982.247-2X", "", ReasonMalformed},
		{"slash", "529/982/247-25", "", ReasonMalformed},
		{"empty", "   ", "", ReasonEmpty},
	})
}

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	runNormCases(t, cdp.Email, NormalizeEmail, []normCase{
		{"capitals", "Ana@Example.com", "ana@example.com", ""},
		{"spaces around", "  ana.silva@warren.com.br \t", "ana.silva@warren.com.br", ""},
		{"plus tag", "ANA+invest@Gmail.COM", "ana+invest@gmail.com", ""},
		{"already normal", "ana@warren.com.br", "ana@warren.com.br", ""},
		{"no at", "ana.example.com", "", ReasonMalformed},
		{"two ats", "ana@b@example.com", "", ReasonMalformed},
		{"space inside", "ana silva@example.com", "", ReasonMalformed},
		{"no domain dot", "ana@localhost", "", ReasonMalformed},
		{"empty local", "@example.com", "", ReasonLength},
		{"double dot", "ana..silva@example.com", "", ReasonMalformed},
		{"leading dot", ".ana@example.com", "", ReasonMalformed},
		{"domain hyphen edge", "ana@-example.com", "", ReasonMalformed},
		{"one-letter tld", "ana@example.c", "", ReasonMalformed},
		{"ip literal", "ana@10.0.0.1", "", ReasonMalformed},
		{"trailing dot", "ana@example.com.", "", ReasonMalformed},
		{"non-ascii", "joão@example.com", "", ReasonMalformed},
		{"too long", strings.Repeat("a", 250) + "@x.com", "", ReasonLength},
		{"long local", strings.Repeat("a", 65) + "@x.com", "", ReasonLength},
		{"empty", "", "", ReasonEmpty},
	})
}

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	runNormCases(t, cdp.Phone, NormalizePhone, []normCase{
		{"e164 punctuated", "+55 (11) 91234-5678", "+5511912345678", ""},
		{"trunk prefix", "011 91234 5678", "+5511912345678", ""},
		{"national digits", "11912345678", "+5511912345678", ""},
		{"country code without plus", "55 11 91234-5678", "+5511912345678", ""},
		{"parentheses", "(11) 91234-5678", "+5511912345678", ""},
		{"international 00", "0055 11 91234-5678", "+5511912345678", ""},
		{"carrier code", "0 21 11 91234 5678", "+5511912345678", ""},
		{"old mobile without ninth digit", "(11) 8123-4567", "", ReasonLegacyMobile},
		{"old mobile e164", "+55 21 7123 4567", "", ReasonLegacyMobile},
		{"old mobile written 5-3", "(11) 99123-456", "", ReasonLegacyMobile},
		{"old mobile starting 6", "11 6123 4567", "", ReasonLegacyMobile},
		{"landline", "(11) 3123-4567", "+551131234567", ""},
		{"landline with country code", "+55 48 3222-1234", "+554832221234", ""},
		{"already normal", "+5511912345678", "+5511912345678", ""},
		{"foreign us", "+1 (415) 555-2671", "+14155552671", ""},
		{"foreign pt", "+351 912 345 678", "+351912345678", ""},
		{"foreign 00", "00 44 20 7946 0958", "+442079460958", ""},
		{"nine digits not starting with 9", "11 812345678", "", ReasonMalformed},
		{"landline starting 1", "(11) 1234-5678", "", ReasonMalformed},
		{"unassigned ddd", "(20) 91234-5678", "", ReasonAreaCode},
		{"ddd with zero", "(10) 91234-5678", "", ReasonAreaCode},
		{"no area code", "91234-5678", "", ReasonLength},
		{"too long", "+55 11 91234-56789", "", ReasonLength},
		{"foreign too short", "+1 415", "", ReasonLength},
		{"foreign too long", "+1234567890123456", "", ReasonLength},
		{"letters", "+55 11 9123A-5678", "", ReasonMalformed},
		{"plus inside", "11+912345678", "", ReasonMalformed},
		{"only punctuation", "()-", "", ReasonMalformed},
		{"empty", " ", "", ReasonEmpty},
	})
}

func TestNormalizeID(t *testing.T) {
	t.Parallel()
	runNormCases(t, cdp.UserID, NormalizeID, []normCase{
		{"trimmed", "  u-123 ", "u-123", ""},
		{"case kept", "AbC", "AbC", ""},
		{"unicode", "usuário-1", "usuário-1", ""},
		{"empty", " \t ", "", ReasonEmpty},
		{"control", "u\x001", "", ReasonMalformed},
		{"newline inside", "u\n1", "", ReasonMalformed},
		{"bad utf8", "u\xff1", "", ReasonMalformed},
		{"too long", strings.Repeat("x", MaxIDLength+1), "", ReasonLength},
	})
}

func TestInvalidErrorMasksValue(t *testing.T) {
	t.Parallel()
	_, err := NormalizeCPF("529.982.247-26")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "529.982.247-26")
	assert.NotContains(t, err.Error(), "529982247")
	assert.Contains(t, err.Error(), "check_digit")

	_, err = NormalizeEmail("ana.silva@b@example.com")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "ana.silva")

	var ie *InvalidError
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "ana.silva@b@example.com", ie.Value, "the raw value stays available to the caller")
}
