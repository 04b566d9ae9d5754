package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// previousLetters is a dead-letter file left by an earlier run: every setup
// failure must leave it as it was.
const previousLetters = `{"reason":"rejected","key":"earlier@exemplo.com.br"}` + "\n"

func writePrevious(t *testing.T) string {
	t.Helper()
	dl := filepath.Join(t.TempDir(), "dead-letters.ndjson")
	require.NoError(t, os.WriteFile(dl, []byte(previousLetters), 0o600))
	return dl
}

// closedPort returns an address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr
}

// hungServer accepts connections and never answers until the test ends.
func hungServer(t *testing.T) string {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv.URL
}

func TestSetupFailuresExit2BeforeSending(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	good := map[string]string{"HUBSPOT_ACCESS_TOKEN": srv.Token, "HUBSPOT_BASE_URL": srv.URL}
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.json")
	require.NoError(t, os.WriteFile(corrupt, []byte(`{"version":1,"fingerprints":{`), 0o600))

	cases := []struct {
		name   string
		env    map[string]string
		args   []string
		letter string // "": a fresh dead-letter path in a temporary folder
		want   string
	}{
		{name: "dead letters at a folder", env: good, letter: dir, want: "dead-letter file: " + dir + ": is a folder"},
		{name: "dead letters in a missing folder", env: good, letter: filepath.Join(dir, "nope", "dl.ndjson"), want: "folder does not exist"},
		{name: "corrupt state", env: good, args: []string{"-state", corrupt}, want: "corrupt state file " + corrupt},
		{name: "state in a missing folder", env: good, args: []string{"-state", filepath.Join(dir, "nope", "state.json")}, want: "folder does not exist"},
		{name: "state at a folder", env: good, args: []string{"-state", dir}, want: "is a folder"},
		{name: "bad base URL", env: map[string]string{"HUBSPOT_ACCESS_TOKEN": srv.Token, "HUBSPOT_BASE_URL": "ftp://hubapi"}, want: "HUBSPOT_BASE_URL"},
		{name: "401", env: map[string]string{"HUBSPOT_ACCESS_TOKEN": "pat-na1-wrong-token", "HUBSPOT_BASE_URL": srv.URL}, want: "refused HUBSPOT_ACCESS_TOKEN (401)"},
		{name: "closed port", env: map[string]string{"HUBSPOT_ACCESS_TOKEN": srv.Token, "HUBSPOT_BASE_URL": closedPort(t)}, want: "checking the token against HubSpot"},
		{name: "hung server", env: map[string]string{"HUBSPOT_ACCESS_TOKEN": srv.Token, "HUBSPOT_BASE_URL": hungServer(t)}, want: "HubSpot did not answer the token check within 300ms"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dl := tc.letter
			previous := ""
			if dl == "" {
				dl = writePrevious(t)
				previous = previousLetters
			}
			before := len(srv.Requests())
			args := append([]string{"-dead-letter", dl}, tc.args...)
			r := runJobEnv(t, tc.env, func(j *job) { j.TokenCheck = 300 * time.Millisecond }, args...)
			assert.Equal(t, exitUsage, r.code, "stderr:\n%s", r.stderr)
			assert.Contains(t, r.stderr, tc.want)
			assert.Contains(t, r.stderr, "nothing was sent")
			assert.NotContains(t, r.stdout+r.stderr, "see the dead letters")
			assert.NotContains(t, r.stdout+r.stderr, "pat-na1-wrong-token")
			for _, req := range srv.Requests()[before:] {
				assert.Equal(t, http.MethodGet, req.Method, "%s: a write was sent: %s", tc.name, req.Path)
			}
			if previous != "" {
				got, err := os.ReadFile(dl)
				require.NoError(t, err)
				assert.Equal(t, previous, string(got), "the previous dead letters are intact")
			}
		})
	}
}

func TestSecondRunOnOneStateIsRefused(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	state := filepath.Join(t.TempDir(), "state.json")
	lock, err := jobkit.TryLock(state) // the first run, still going
	require.NoError(t, err)
	defer lock.Unlock()

	r := runJob(t, srv, "-state", state)
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "another run")
	assert.Contains(t, r.stderr, "holds the lock")
	assert.Empty(t, srv.Requests(), "nothing may be sent while another run holds the state")

	require.NoError(t, lock.Unlock())
	r = runJob(t, srv, "-state", state)
	assert.Equal(t, exitOK, r.code, r.stderr)
}

// failingWrites answers 500 to every write and passes reads to srv.
func failingWrites(t *testing.T, srv *hubspottest.Server) string {
	t.Helper()
	target, err := url.Parse(srv.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && !strings.HasSuffix(r.URL.Path, "/batch/read") && !strings.Contains(r.URL.Path, "/properties/") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"status":"error","message":"internal error","category":"INTERNAL_ERROR","correlationId":"c-1"}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front.URL
}

func TestServerErrorsEndInDeadLettersWithinTheBudget(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	env := map[string]string{"HUBSPOT_ACCESS_TOKEN": srv.Token, "HUBSPOT_BASE_URL": failingWrites(t, srv)}
	r := runJobEnv(t, env, nil)
	assert.Equal(t, exitRejected, r.code, r.stderr)
	assert.Contains(t, r.stdout, "see the dead letters")
	letters := readDeadLetters(t, r.deadLetters)
	require.NotEmpty(t, letters)
	reasons := map[string]int{}
	for _, l := range letters {
		reasons[l["reason"].(string)]++
		assert.NotContains(t, l["key"], "cpf", "a dead letter never carries a CPF")
	}
	assert.Positive(t, reasons["retries_exhausted"]+reasons["budget_exhausted"], "%v", reasons)
	assert.True(t, strings.Contains(r.stdout, "dead letters") && strings.Contains(r.stdout, "retries_exhausted"), r.stdout)
}
