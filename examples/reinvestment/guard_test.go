package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

func TestHeaderOnlyExportIsRefusedAsMassClear(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	positions := samplePositionsFile(t)
	identities := filepath.Join(dir, "identities.ndjson")
	require.NoError(t, os.WriteFile(identities, sampleIdentities, 0o600))

	first := runJob(t, srv, "-positions", positions, "-identities", identities, "-as-of", "2026-02-13", "-state", state)
	require.Equal(t, exitOK, first.code, first.stderr)
	before := cdpContacts(srv)
	require.NotEmpty(t, before)
	stateBefore, err := os.ReadFile(state)
	require.NoError(t, err)
	requests := len(srv.Requests())

	empty := filepath.Join(dir, "empty.csv")
	require.NoError(t, os.WriteFile(empty, []byte("position_id,user_id,cpf,product_name,product_type,maturity_date,amount\n"), 0o600))
	for _, extra := range [][]string{nil, {"-dry-run"}} {
		args := append([]string{"-positions", empty, "-identities", identities, "-as-of", "2026-02-13", "-state", state}, extra...)
		r := runJob(t, srv, args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", extra, r.stderr)
		assert.Contains(t, r.stderr, "would clear 28 of the 28 contacts the state knows", extra)
		assert.Contains(t, r.stderr, "-allow-mass-clear", extra)
		assert.Equal(t, requests, len(srv.Requests()), "%v: nothing may be sent", extra)
		assert.Equal(t, before, cdpContacts(srv))
		stateAfter, err := os.ReadFile(state)
		require.NoError(t, err)
		assert.Equal(t, stateBefore, stateAfter, "the state is untouched")
	}

	allowed := runJob(t, srv, "-positions", empty, "-identities", identities, "-as-of", "2026-02-13", "-state", state, "-allow-mass-clear")
	require.Equal(t, exitOK, allowed.code, allowed.stderr)
	assert.Empty(t, cdpContacts(srv), "told to, the run clears every alert")
}
