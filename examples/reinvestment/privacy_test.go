package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// personalData lists every e-mail, CPF (as written and as digits) and phone
// of the sample inputs.
func personalData(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(sampleIdentities)), "\n") {
		var obs struct {
			Identifiers map[string]any `json:"identifiers"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &obs))
		for typ, v := range obs.Identifiers {
			if typ == "user_id" {
				continue
			}
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
	}
	cpf := regexp.MustCompile(`\d{3}\.\d{3}\.\d{3}-\d{2}`)
	for _, c := range cpf.FindAllString(string(samplePositions), -1) {
		out = append(out, c, strings.NewReplacer(".", "", "-", "").Replace(c))
	}
	digits := regexp.MustCompile(`\D`)
	for i, v := range out {
		if strings.HasPrefix(v, "(") { // a phone: also its digits
			out = append(out, digits.ReplaceAllString(out[i], ""))
		}
	}
	require.Greater(t, len(out), 50)
	return out
}

// echoingRejects answers 400 to contact upserts that carry one address,
// with HubSpot's message echoing it, and passes the rest to srv.
func echoingRejects(t *testing.T, srv *hubspottest.Server, email string) string {
	t.Helper()
	target, err := url.Parse(srv.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if strings.HasSuffix(r.URL.Path, "/contacts/batch/upsert") && bytes.Contains(body, []byte(email)) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			msg := "Property values were not valid: [{\"isValid\":false,\"message\":\"Email address " + email + " is invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]"
			_ = json.NewEncoder(w).Encode(map[string]any{"status": "error", "message": msg, "category": "VALIDATION_ERROR", "correlationId": "c-1"})
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front.URL
}

func TestNoPersonalDataInAnyOutput(t *testing.T) {
	pii := personalData(t)
	dir := t.TempDir()
	positions := filepath.Join(dir, "positions.csv")
	require.NoError(t, os.WriteFile(positions, samplePositions, 0o600))
	identities := filepath.Join(dir, "identities.ndjson")
	require.NoError(t, os.WriteFile(identities, sampleIdentities, 0o600))
	input := []string{"-positions", positions, "-identities", identities, "-as-of", "2026-02-13"}

	srv := hubspottest.NewServer()
	defer srv.Close()
	rejecting := hubspottest.NewServer()
	defer rejecting.Close()
	runs := map[string]result{
		"demo":         runJobEnv(t, map[string]string{}, nil),
		"fake HubSpot": runJobEnv(t, map[string]string{}, nil, append(input, "-fake-hubspot", "-tasks")...),
		"normal":       runJob(t, srv, append(input, "-tasks")...),
		"dry run":      runJob(t, srv, append(input, "-dry-run", "-tasks")...),
		"rejections": runJobEnv(t, map[string]string{"HUBSPOT_ACCESS_TOKEN": rejecting.Token,
			"HUBSPOT_BASE_URL": echoingRejects(t, rejecting, "xenia.ferreira7@exemplo.com.br")}, nil, input...),
		"bad input": runJob(t, srv, "-positions", identities),
	}
	require.Equal(t, exitRejected, runs["rejections"].code, runs["rejections"].stderr)
	// The test's own temporary paths (in the dead-letter line) hold random
	// digits that may spell an identifier: take them out before the scan.
	tmp := filepath.Dir(dir)
	for name, r := range runs {
		out := strings.ReplaceAll(r.stdout+r.stderr, tmp, "TMPDIR")
		for _, v := range pii {
			assert.NotContains(t, out, v, "%s: personal data in the output", name)
		}
		assert.NotContains(t, out, srv.Token, name)
		if info, err := os.Stat(r.deadLetters); err == nil {
			assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "%s: dead letters hold contact keys", name)
			letters, err := os.ReadFile(r.deadLetters)
			require.NoError(t, err)
			assert.NotRegexp(t, `\d{3}\.?\d{3}\.?\d{3}-?\d{2}`, string(letters), "%s: a CPF in the dead letters", name)
		}
	}
}
