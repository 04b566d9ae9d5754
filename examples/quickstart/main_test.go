package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstart(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, nil))
	assert.Equal(t, "person=u_a8ae9346b4f3e606 email=email:a***@exemplo.com.br#fc22\n"+
		"due=true paid=2026-02-18 business days left=1\ndelivered=1 dead-lettered=0 amount=1234.56\n", out.String())
}

func TestQuickstartKeyed(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, []byte("a key of 16+ bytes")))
	assert.NotContains(t, out.String(), "u_a8ae9346b4f3e606", "a keyed person ID")
	assert.Error(t, run(context.Background(), &out, []byte("short")), "a short key is refused")
}
