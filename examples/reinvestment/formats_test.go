package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// TestCSVAndParquetInputsGiveTheSameWrites generates one synthetic
// population as CSV + NDJSON and as Parquet (examples/gensample -format
// all), runs the job on each against its own in-memory HubSpot, and
// compares everything written: contacts, tasks and events.
func TestCSVAndParquetInputsGiveTheSameWrites(t *testing.T) {
	dir := t.TempDir()
	gen := exec.Command("go", "run", "../gensample", "-dir", dir, "-persons", "400", "-positions", "1500", "-format", "all")
	out, err := gen.CombinedOutput()
	require.NoError(t, err, "%s", out)

	run := func(positions, identities string) *hubspottest.Server {
		srv := hubspottest.NewServer()
		t.Cleanup(srv.Close)
		r := runJob(t, srv, "-positions", filepath.Join(dir, positions), "-identities", filepath.Join(dir, identities),
			"-as-of", "2026-02-13", "-tasks", "-events", "pe1_cdp_expiry")
		require.Equal(t, exitOK, r.code, "%s %s: %s", positions, identities, r.stderr)
		return srv
	}
	text := run("positions.csv", "identities.ndjson")
	parquet := run("positions.parquet", "identities.parquet")
	require.NotEmpty(t, cdpContacts(text), "the sample has due positions")
	assert.Equal(t, cdpContacts(text), cdpContacts(parquet), "contacts")
	assert.Equal(t, taskSummary(text), taskSummary(parquet), "tasks")
	assert.Equal(t, eventSummary(text), eventSummary(parquet), "events")
	// A folder of part files (Spark's output) reads like one file.
	part, err := os.ReadFile(filepath.Join(dir, "positions.parquet"))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "spark"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "spark", "part-00000.parquet"), part, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "spark", "_SUCCESS"), nil, 0o600))
	spark := run("spark", "identities.parquet")
	assert.Equal(t, cdpContacts(text), cdpContacts(spark), "a Spark output folder")
}
