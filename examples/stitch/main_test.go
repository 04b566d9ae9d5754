package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = "../reinvestment/sample/identities.ndjson"

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestStitchSample(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"-observations", sample, "-explain", "user_id:u-1007,cpf:827.751.564-28"}, nil, &out, &errOut, env(nil))
	require.Equal(t, 0, code, errOut.String())
	got := out.String()
	assert.Contains(t, got, "66 observations, 177 identifiers, 50 persons, 1 links refused\n")
	assert.Contains(t, got, "  cpf check_digit: 1\n")
	assert.Contains(t, got, "  email blocked: 1\n")
	assert.Contains(t, got, "user_id:***#998d -- email:f***@exemplo.com.br#4235: refused by type_limit (cpf)")
	assert.Contains(t, got, "user_id:***#9fc7 and cpf:***.***.***-28#03 are one person (u_d97becc1ec1e8e06)")
	assert.Contains(t, got, `email:x***@exemplo.com.br#cb32 -- cpf:***.***.***-28#03: seen together by "core_banking"`)
}

// TestStitchPrintsNoPersonalData checks that no e-mail address, CPF or
// user id of the sample appears in full, keyed or not.
func TestStitchPrintsNoPersonalData(t *testing.T) {
	data, err := os.ReadFile(sample)
	require.NoError(t, err)
	secrets := regexp.MustCompile(`[a-z0-9.]+@exemplo\.com\.br|\d{3}\.?\d{3}\.?\d{3}-?\d{2}|u-\d+`).FindAllString(string(data), -1)
	require.NotEmpty(t, secrets)
	for name, vars := range map[string]map[string]string{
		"keyless": nil,
		"keyed":   {"CDP_MASK_KEY": "a mask key of 16+ bytes", "CDP_IDENTITY_KEY": "an id key of 16+ bytes"},
	} {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run([]string{"-observations", sample, "-explain", "user_id:u-1007,cpf:827.751.564-28"}, nil, &out, &errOut, env(vars))
			require.Equal(t, 0, code, errOut.String())
			for _, s := range secrets {
				assert.NotContains(t, out.String(), s)
			}
		})
	}
}

func TestStitchKeys(t *testing.T) {
	var plain, keyed, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-observations", sample}, nil, &plain, &errOut, env(nil)))
	require.Equal(t, 0, run([]string{"-observations", sample}, nil, &keyed, &errOut,
		env(map[string]string{"CDP_MASK_KEY": "a mask key of 16+ bytes", "CDP_IDENTITY_KEY": "an id key of 16+ bytes"})))
	assert.Contains(t, plain.String(), "u_d97becc1ec1e8e06")
	assert.NotContains(t, keyed.String(), "u_d97becc1ec1e8e06", "keyed person IDs")
	assert.NotContains(t, keyed.String(), "#cb32", "keyed tags")

	for _, vars := range []map[string]string{{"CDP_MASK_KEY": "tiny-key"}, {"CDP_IDENTITY_KEY": "tiny-key"}} {
		errOut.Reset()
		assert.Equal(t, 2, run([]string{"-observations", sample}, nil, &plain, &errOut, env(vars)), "%v", vars)
		assert.NotContains(t, errOut.String(), "tiny-key", "the key is not printed")
	}
}

func TestStitchFromStdinWithBadLine(t *testing.T) {
	in := strings.NewReader(`{"source":"a","observed_at":"2026-01-01T00:00:00Z","identifiers":{"user_id":"u-1","email":"Ana@Exemplo.com.br"}}` + "\n" +
		`{"source":"a","observed_at":"yesterday","identifiers":{"user_id":"u-2"}}` + "\n")
	var out, errOut bytes.Buffer
	code := run([]string{"-explain", "email:ana@exemplo.com.br,user_id:u-1"}, in, &out, &errOut, env(nil))
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), "line 2")
	assert.Contains(t, out.String(), "1 observations, 2 identifiers, 1 persons, 0 links refused")
	assert.Contains(t, out.String(), "are one person")
}

func TestStitchUsage(t *testing.T) {
	for _, args := range [][]string{{"-explain", "u-1"}, {"-explain", "email:a,b"}, {"-observations", "/nonexistent/file"}, {"-nope"}} {
		var out, errOut bytes.Buffer
		assert.Equal(t, 2, run(args, os.Stdin, &out, &errOut, env(nil)), "%v", args)
	}
}
