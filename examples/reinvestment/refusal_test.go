package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// samplePositionsFile writes the embedded sample to a file, so that a run
// takes it as real input.
func samplePositionsFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "positions.csv")
	require.NoError(t, os.WriteFile(p, samplePositions, 0o600))
	return p
}

func TestRealInputWithoutTokenIsRefused(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	r := runJob(t, nil, "-positions", samplePositionsFile(t), "-state", state)
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "HUBSPOT_ACCESS_TOKEN is not set")
	assert.Contains(t, r.stderr, "-fake-hubspot")
	assert.Contains(t, r.stderr, "nothing was sent")
	assert.NoFileExists(t, state, "a refused run writes no state")
	assert.NoFileExists(t, r.deadLetters, "a refused run writes no dead letters")
}

func TestFakeHubSpotNeverWritesState(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	r := runJob(t, nil, "-positions", samplePositionsFile(t), "-fake-hubspot", "-state", state)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "nothing left this machine")
	assert.NoFileExists(t, state, "the in-process HubSpot must not leave fingerprints that a real run would trust")
}

func TestDemoSaysItRanInProcess(t *testing.T) {
	r := runJob(t, nil)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "IN-PROCESS HUBSPOT, nothing left this machine")
}

func TestFakeHubSpotConflicts(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"with a token", map[string]string{"HUBSPOT_ACCESS_TOKEN": "pat-na1-secret"}, "both set"},
		{"with a base URL", map[string]string{"HUBSPOT_BASE_URL": "http://127.0.0.1:1"}, "both set"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseOptions([]string{"-fake-hubspot"}, func(k string) string { return tc.env[k] }, nil, nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "pat-na1-secret")
		})
	}
}

func TestWritingToHubSpotNeedsTheIdentityKey(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	for _, key := range []string{"", "short"} {
		env := map[string]string{"HUBSPOT_ACCESS_TOKEN": srv.Token, "HUBSPOT_BASE_URL": srv.URL, "CDP_IDENTITY_KEY": key}
		r := runJobEnv(t, env, nil)
		assert.Equal(t, exitUsage, r.code, r.stderr)
		assert.Contains(t, r.stderr, "CDP_IDENTITY_KEY")
		assert.NotContains(t, r.stderr, "short", "the key is never printed")
	}
	assert.Empty(t, srv.Requests())
}

func TestEmbeddedSampleNeverGoesToARealHubSpot(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	var stdout, stderr strings.Builder
	env := map[string]string{"HUBSPOT_ACCESS_TOKEN": srv.Token, "HUBSPOT_BASE_URL": srv.URL, "CDP_IDENTITY_KEY": testIdentityKey}
	code := run(t.Context(), nil, func(k string) string { return env[k] }, &stdout, &stderr, false)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr.String(), "the embedded sample is demo data")
	assert.Empty(t, srv.Requests())
}
