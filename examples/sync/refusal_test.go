package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDemoRunsInProcess(t *testing.T) {
	r := runJob(t, nil)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "IN-PROCESS HUBSPOT, nothing left this machine")
	assert.Contains(t, r.stdout, "persons / audience members           7 / 5")
	assert.Contains(t, r.stdout, "contacts created                     4\n")
	assert.Contains(t, r.stdout, "contacts updated                     0\n")
}

func TestRefusals(t *testing.T) {
	srv := newServer(t)
	badRow := strings.Replace(mustSample(t, "platform.csv"), "1500.50", "1.500,50", 1)
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"real input without a token", nil, []string{"-spec", sampleDir(t, nil)}, "HUBSPOT_ACCESS_TOKEN is not set"},
		{"a token without the identity key", map[string]string{"HUBSPOT_ACCESS_TOKEN": srv.Token, "HUBSPOT_BASE_URL": srv.URL},
			[]string{"-spec", sampleDir(t, nil)}, "CDP_IDENTITY_KEY is not set"},
		{"the sample to a real HubSpot", realEnv(srv), nil, "never written to a real HubSpot"},
		{"mirror without a state", realEnv(srv), []string{"-spec", sampleDir(t, nil)}, "mode mirror needs -state"},
		{"a bad spec", realEnv(srv), []string{"-spec", sampleDir(t, map[string]string{"spec.json": specWith(t, `"cdp_total_invested"`, `"Saldo"`)})},
			`mappings[0].property: "Saldo" is not a valid HubSpot property name`},
		{"a bad row", realEnv(srv), []string{"-spec", sampleDir(t, map[string]string{"platform.csv": badRow}), "-state", filepath.Join(t.TempDir(), "s")},
			"platform.csv"},
		{"a missing source", realEnv(srv), []string{"-spec", sampleDir(t, map[string]string{"spec.json": specWith(t, `"app.ndjson"`, `"nope.ndjson"`)}), "-state", filepath.Join(t.TempDir(), "s")},
			"sources[1] (app)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runJob(t, tc.env, tc.args...)
			assert.Equal(t, exitRefused, r.code, r.stderr)
			assert.Contains(t, r.stderr, tc.want)
			assert.Contains(t, r.stderr, "nothing")
			assert.NoFileExists(t, r.deadLetters)
		})
	}
	assert.Zero(t, writes(srv), "nothing was sent")
}

func TestDryRunWritesNothing(t *testing.T) {
	srv := newServer(t)
	state := filepath.Join(t.TempDir(), "state.json")
	for _, env := range []map[string]string{nil, realEnv(srv)} {
		r := runJob(t, env, "-spec", sampleDir(t, nil), "-dry-run", "-state", state)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Contains(t, r.stdout, "DRY RUN, nothing written")
		assert.Contains(t, r.stdout, "would write / unchanged              4 / 0")
		assert.Contains(t, r.stdout, "dead_letter no_key")
		assert.NoFileExists(t, r.deadLetters)
		assert.NoFileExists(t, state)
	}
	assert.Empty(t, srv.Requests(), "a dry run sends nothing, not even the token check")
}

func TestFakeHubSpotNeverWritesState(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	r := runJob(t, nil, "-spec", sampleDir(t, nil), "-fake-hubspot", "-state", state)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "nothing left this machine")
	assert.NoFileExists(t, state)
}

func mustSample(t *testing.T, name string) string {
	t.Helper()
	data, err := sample.ReadFile("sample/" + name)
	require.NoError(t, err)
	return string(data)
}
