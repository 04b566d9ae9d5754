package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// result is one run of the job.
type result struct {
	code           int
	stdout, stderr string
	deadLetters    string // the -dead-letter path the run was given
}

// runJob runs the job with env and args, in the test's temporary folder
// for the dead letters (unless args name them).
func runJob(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	r := result{deadLetters: filepath.Join(t.TempDir(), "dead-letters.ndjson")}
	if !strings.Contains(strings.Join(args, " "), "-dead-letter") {
		args = append([]string{"-dead-letter", r.deadLetters}, args...)
	}
	var out, errs bytes.Buffer
	r.code = run(context.Background(), args, func(k string) string { return env[k] }, &out, &errs, false)
	r.stdout, r.stderr = out.String(), errs.String()
	return r
}

// realEnv is the environment of a run writing to srv as if it were HubSpot.
func realEnv(srv *hubspottest.Server) map[string]string {
	return map[string]string{"HUBSPOT_ACCESS_TOKEN": srv.Token, "HUBSPOT_BASE_URL": srv.URL,
		"CDP_IDENTITY_KEY": "0123456789abcdef-test-key"}
}

// sampleDir copies the embedded example into a folder, replacing the files
// given in replace (name -> content), and returns the spec's path.
func sampleDir(t *testing.T, replace map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := sample.ReadDir("sample")
	require.NoError(t, err)
	for _, e := range entries {
		data, err := sample.ReadFile("sample/" + e.Name())
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), data, 0o600))
	}
	for name, content := range replace {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600))
	}
	return filepath.Join(dir, "spec.json")
}

// specWith returns the embedded spec with old replaced by new (once, which
// must be there).
func specWith(t *testing.T, old, new string) string {
	t.Helper()
	data, err := sample.ReadFile("sample/spec.json")
	require.NoError(t, err)
	require.Contains(t, string(data), old)
	return strings.Replace(string(data), old, new, 1)
}

// contacts returns the managed properties of the server's contacts by
// e-mail, without the system properties.
func contacts(srv *hubspottest.Server, names ...string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, c := range srv.Contacts() {
		props := map[string]string{}
		for _, n := range names {
			if v, ok := c.Properties[n]; ok {
				props[n] = v
			}
		}
		out[c.Properties["email"]] = props
	}
	return out
}

// writes counts the requests that write (anything but GET).
func writes(srv *hubspottest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method != "GET" {
			n++
		}
	}
	return n
}

var managed = []string{"cdp_total_invested", "cdp_investor_profile", "cdp_next_maturity", "cdp_last_login_at", "cdp_segments"}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o600) }

const (
	exitOK      = 0
	exitRefused = 2
)

// newServer starts an in-process HubSpot the test closes.
func newServer(t *testing.T) *hubspottest.Server {
	srv := hubspottest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}
