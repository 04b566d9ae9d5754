package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// writeManyCustomers writes n customers, each with one position due on
// 2026-02-18 (as of 2026-02-13), and returns the positions and identities
// paths.
func writeManyCustomers(t *testing.T, n int) (positions, identities string) {
	t.Helper()
	dir := t.TempDir()
	var pos, ids strings.Builder
	pos.WriteString("position_id,user_id,cpf,product_name,product_type,maturity_date,amount\n")
	for i := range n {
		fmt.Fprintf(&pos, "P%05d,u-%05d,,CDB Banco Alfa,CDB,2026-02-18,%d.%02d\n", i, i, 1000+i, i%100)
		fmt.Fprintf(&ids, `{"source":"platform","observed_at":"2026-01-10T12:00:00Z","identifiers":{"user_id":"u-%05d","email":"cliente%05d@exemplo.com.br"}}`+"\n", i, i)
	}
	positions, identities = filepath.Join(dir, "positions.csv"), filepath.Join(dir, "identities.ndjson")
	require.NoError(t, os.WriteFile(positions, []byte(pos.String()), 0o600))
	require.NoError(t, os.WriteFile(identities, []byte(ids.String()), 0o600))
	return positions, identities
}

// TestSIGTERMMidDeliveryThenRerun builds the job, stops it with a real
// SIGTERM while it writes to a slow HubSpot, and reruns it: exit 143, a
// valid state that claims only what HubSpot confirmed, and after the rerun
// the same contacts and tasks as a clean run, none twice.
func TestSIGTERMMidDeliveryThenRerun(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "reinvestment")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	const customers = 600
	positions, identities := writeManyCustomers(t, customers)
	dir := t.TempDir()
	state, letters := filepath.Join(dir, "state.json"), filepath.Join(dir, "dead-letters.ndjson")
	common := []string{"-positions", positions, "-identities", identities, "-as-of", "2026-02-13", "-tasks",
		"-requests-per-10s", "100000", "-owner-fallback", sampleOwner.ID}
	args := append([]string{"-state", state, "-dead-letter", letters}, common...)

	clean := hubspottest.NewServer(hubspottest.WithOwners(sampleOwner))
	defer clean.Close()
	r := runJob(t, clean, common...)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Len(t, clean.Contacts(), customers)

	slow := hubspottest.NewServer(hubspottest.WithOwners(sampleOwner), hubspottest.WithLatency(150*time.Millisecond))
	defer slow.Close()
	env := append(os.Environ(), "HUBSPOT_ACCESS_TOKEN="+slow.Token, "HUBSPOT_BASE_URL="+slow.URL, "CDP_IDENTITY_KEY="+testIdentityKey)
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	// Wait until the first batch of contacts is confirmed, then terminate.
	deadline := time.Now().Add(time.Minute)
	for countRequests(slow, "/contacts/batch/upsert") < 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	err = cmd.Wait()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "the job ended with %v; stderr:\n%s", err, stderr.String())
	assert.Equal(t, 143, exit.ExitCode(), stderr.String())
	// The batches queued when the signal came may still settle within the
	// sync's grace period; the tasks phase never starts.
	assert.Less(t, len(slow.Contacts())+len(slow.Tasks()), 2*customers, "the signal came mid-delivery")
	assert.Contains(t, stderr.String(), "terminated")

	st, err := jobkit.OpenState(state)
	require.NoError(t, err, "the state is valid after a SIGTERM")
	for k := range st.Keys(t.Context()) {
		_, ok := slow.Contact(k)
		assert.True(t, ok, "the state claims %s, which HubSpot does not have", k)
	}

	r = runJobEnv(t, map[string]string{"HUBSPOT_ACCESS_TOKEN": slow.Token, "HUBSPOT_BASE_URL": slow.URL}, nil, args...)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, cdpContacts(clean), cdpContacts(slow), "the rerun completes the work")
	assert.Len(t, slow.Contacts(), customers, "no duplicate contact")
	assert.Equal(t, taskSummary(clean), taskSummary(slow), "no missing or duplicate task")
}
