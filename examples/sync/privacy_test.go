package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNoPersonalDataInOutput(t *testing.T) {
	srv := newServer(t)
	all := mustSample(t, "platform.csv") + mustSample(t, "app.ndjson")
	secrets := regexp.MustCompile(`[a-z.]+@[a-z.]+`).FindAllString(all, -1)
	for _, cpf := range regexp.MustCompile(`\d{3}\.\d{3}\.\d{3}-\d{2}`).FindAllString(all, -1) {
		secrets = append(secrets, cpf, strings.NewReplacer(".", "", "-", "").Replace(cpf))
	}
	assert.Len(t, secrets, 9+12, "the sample's e-mails (as often as they appear) and CPFs (plain and punctuated)")
	secrets = append(secrets, srv.Token, realEnv(srv)["CDP_IDENTITY_KEY"])
	// An e-mail too long for its column: the error must not quote it.
	badEmail := strings.Replace(mustSample(t, "platform.csv"), "ana.souza@exemplo.com.br", "ana.souza@exemplo.com.br"+strings.Repeat("x", 600), 1)
	runs := map[string]result{
		"demo":    runJob(t, nil),
		"fake":    runJob(t, nil, "-spec", sampleDir(t, nil), "-fake-hubspot"),
		"dry run": runJob(t, realEnv(srv), "-spec", sampleDir(t, nil), "-dry-run"),
		"real":    runJob(t, realEnv(srv), "-spec", sampleDir(t, nil), "-state", filepath.Join(t.TempDir(), "s"), "-tier", "unlimited"),
		"bad row": runJob(t, realEnv(srv), "-spec", sampleDir(t, map[string]string{"platform.csv": badEmail}), "-state", filepath.Join(t.TempDir(), "s")),
	}
	for name, r := range runs {
		for _, s := range secrets {
			assert.NotContains(t, r.stdout, s, name)
			assert.NotContains(t, r.stderr, s, name)
		}
	}
	assert.Equal(t, exitRefused, runs["bad row"].code)
}
