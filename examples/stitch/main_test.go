package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = "../reinvestment/sample/identities.ndjson"

func TestStitchSample(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"-observations", sample, "-explain", "user_id:u-1007,cpf:827.751.564-28"}, nil, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	got := out.String()
	assert.Contains(t, got, "66 observations, 177 identifiers, 50 persons, 1 links refused\n")
	assert.Contains(t, got, "  cpf check_digit: 1\n")
	assert.Contains(t, got, "  email blocked: 1\n")
	assert.Contains(t, got, "user_id:u-1031 -- email:familia.oliveira@exemplo.com.br: refused")
	assert.Contains(t, got, "user_id:u-1007 and cpf:82775156428 are one person")
	assert.Contains(t, got, `email:xenia.ferreira7@exemplo.com.br -- cpf:82775156428: seen together by "core_banking"`)
}

func TestStitchFromStdinWithBadLine(t *testing.T) {
	in := strings.NewReader(`{"source":"a","observed_at":"2026-01-01T00:00:00Z","identifiers":{"user_id":"u-1","email":"Ana@Exemplo.com.br"}}` + "\n" +
		`{"source":"a","observed_at":"yesterday","identifiers":{"user_id":"u-2"}}` + "\n")
	var out, errOut bytes.Buffer
	code := run([]string{"-explain", "email:ana@exemplo.com.br,user_id:u-1"}, in, &out, &errOut)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), "line 2")
	assert.Contains(t, out.String(), "1 observations, 2 identifiers, 1 persons, 0 links refused")
	assert.Contains(t, out.String(), "are one person")
}

func TestStitchUsage(t *testing.T) {
	for _, args := range [][]string{{"-explain", "u-1"}, {"-explain", "email:a,b"}, {"-observations", "/nonexistent/file"}, {"-nope"}} {
		var out, errOut bytes.Buffer
		assert.Equal(t, 2, run(args, os.Stdin, &out, &errOut), "%v", args)
	}
}
