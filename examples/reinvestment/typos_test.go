package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// An identifier type typo ("e_mail") is named in the summary, and a run in
// which no observation carries an e-mail says so loudly: every alert is a
// no_email dead letter, not a silent success.
func TestIdentifierTypeTypoIsNamedAndLoud(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	typo := strings.ReplaceAll(string(sampleIdentities), `"email"`, `"e_mail"`)
	identities := filepath.Join(t.TempDir(), "identities.ndjson")
	require.NoError(t, os.WriteFile(identities, []byte(typo), 0o600))
	r := runJob(t, srv, "-positions", samplePositionsFile(t), "-identities", identities, "-as-of", "2026-02-13")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "WARNING: no observation in "+identities+" carries an e-mail")
	assert.Contains(t, r.stderr, "identifier types this job does not use: e_mail (")
	assert.Regexp(t, `unused identifier types\s+e_mail \(\d+\), hubspot_id \(11\)`, r.stdout)
	alerts := regexp.MustCompile(`persons with due positions\s+(\d+)`).FindStringSubmatch(r.stdout)
	require.Len(t, alerts, 2, r.stdout)
	assert.Regexp(t, `no_email\s+`+alerts[1]+`\n`, r.stdout, "every alert is a dead letter")
	assert.Empty(t, cdpContacts(srv))
}
