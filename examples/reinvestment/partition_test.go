package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
	"github.com/warrenbrasil/customerdata/identity"
)

// writeSnapshot stitches the sample observations once and saves the graph,
// as examples/stitch -snapshot does.
func writeSnapshot(t *testing.T, key string) string {
	t.Helper()
	g, err := identity.New(identity.Config{Key: []byte(key)})
	require.NoError(t, err)
	st, err := identity.ReadObservations(bytes.NewReader(sampleIdentities), g.Add)
	require.NoError(t, err)
	require.NoError(t, st.Err())
	var buf bytes.Buffer
	require.NoError(t, g.Save(&buf))
	path := filepath.Join(t.TempDir(), "identity.snapshot")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
	return path
}

func TestPartitionedRunsWriteWhatOneRunWrites(t *testing.T) {
	positions := samplePositionsFile(t)
	snapshot := writeSnapshot(t, testIdentityKey)
	common := []string{"-positions", positions, "-identity-snapshot", snapshot, "-as-of", "2026-02-13", "-tasks", "-events", "pe1_cdp_expiry"}

	whole := hubspottest.NewServer()
	defer whole.Close()
	r := runJob(t, whole, common...)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.NotEmpty(t, cdpContacts(whole))

	parts := hubspottest.NewServer()
	defer parts.Close()
	dir := t.TempDir()
	for i := range 3 {
		state := filepath.Join(dir, "state-"+string(rune('0'+i))+".json")
		r := runJob(t, parts, append(common, "-partition", string(rune('0'+i))+"/3", "-state", state)...)
		require.Equal(t, exitOK, r.code, "partition %d: %s", i, r.stderr)
		assert.Contains(t, r.stdout, "of other partitions")
	}
	assert.Equal(t, cdpContacts(whole), cdpContacts(parts), "three partitions write what one run writes")
	assert.Equal(t, upsertedInputs(t, whole), upsertedInputs(t, parts), "each contact written by one partition only")
	assert.Len(t, parts.Contacts(), len(whole.Contacts()), "no contact written twice")
	assert.Equal(t, taskSummary(whole), taskSummary(parts), "one task per contact")
	assert.Equal(t, eventSummary(whole), eventSummary(parts), "one event per position")

	// A state written under 3 partitions is refused under 4, and accepted
	// when told to re-partition.
	state0 := filepath.Join(dir, "state-0.json")
	r = runJob(t, parts, append(common, "-partition", "0/4", "-state", state0)...)
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "split into 3 partitions, this run is 0/4")
	r = runJob(t, parts, append(common, "-partition", "0/4", "-state", state0, "-repartition")...)
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, cdpContacts(whole), cdpContacts(parts), "re-partitioning clears nothing another partition owns")
}

func TestSnapshotWithAnotherKeyIsRefused(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	snapshot := writeSnapshot(t, "another-identity-key-0123456789")
	r := runJob(t, srv, "-positions", samplePositionsFile(t), "-identity-snapshot", snapshot, "-as-of", "2026-02-13")
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "another CDP_IDENTITY_KEY")
	assert.Empty(t, srv.Requests())
}

// upsertedInputs counts the contacts sent in batch upserts.
func upsertedInputs(t *testing.T, srv *hubspottest.Server) int {
	t.Helper()
	n := 0
	for _, r := range srv.Requests() {
		if !strings.HasSuffix(r.Path, "/contacts/batch/upsert") {
			continue
		}
		var body struct {
			Inputs []json.RawMessage `json:"inputs"`
		}
		require.NoError(t, json.Unmarshal(r.Body, &body))
		n += len(body.Inputs)
	}
	return n
}
