package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/identity"
)

const idKey = "an id key of 16+ bytes"

// sampleSecrets returns the e-mail addresses, CPFs and user ids of the
// sample.
func sampleSecrets(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(sample)
	require.NoError(t, err)
	secrets := regexp.MustCompile(`[a-z0-9.]+@exemplo\.com\.br|\d{3}\.?\d{3}\.?\d{3}-?\d{2}|u-\d+`).FindAllString(string(data), -1)
	require.NotEmpty(t, secrets)
	return secrets
}

func TestStitchSnapshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "identity.snap")
	require.NoError(t, os.WriteFile(path, []byte("an older snapshot"), 0o644))
	var out, errOut bytes.Buffer
	code := run([]string{"-observations", sample, "-snapshot", path}, nil, &out, &errOut, env(map[string]string{"CDP_IDENTITY_KEY": idKey}))
	require.Equal(t, 0, code, errOut.String())
	assert.Equal(t, "66 observations, 177 identifiers, 50 persons, 1 links refused\n"+
		"identifiers dropped:\n  cpf check_digit: 1\n  email blocked: 1\n"+
		"snapshot written to "+path+"\n", out.String(), "counts only")
	for _, s := range sampleSecrets(t) {
		assert.NotContains(t, out.String()+errOut.String(), s)
	}

	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "the snapshot holds identifiers")
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")

	snap, err := os.ReadFile(path)
	require.NoError(t, err)
	g, err := identity.Load(bytes.NewReader(snap), identity.Config{Key: []byte(idKey)})
	require.NoError(t, err)
	st := g.Stats()
	assert.Equal(t, []int{66, 177, 50, 1}, []int{st.Observations, st.Identifiers, st.Persons, st.Conflicts})
	pid, ok := g.Resolve(cdp.Identifier{Type: cdp.UserID, Value: "u-1007"})
	require.True(t, ok)
	assert.Equal(t, identity.KeyedCanonicalID([]byte(idKey), cdp.Identifier{Type: cdp.UserID, Value: "u-1007"}), pid)

	for name, cfg := range map[string]identity.Config{
		"another key": {Key: []byte("another key of 16+ bytes")},
		"no key":      {},
	} {
		_, err := identity.Load(bytes.NewReader(snap), cfg)
		assert.ErrorIs(t, err, identity.ErrKeyMismatch, name)
	}
}

func TestStitchSnapshotRefusals(t *testing.T) {
	tests := []struct {
		name string
		args []string
		vars map[string]string
		want string
	}{
		{"no key", []string{"-snapshot", "SNAP"}, nil, "CDP_IDENTITY_KEY"},
		{"short key", []string{"-snapshot", "SNAP"}, map[string]string{"CDP_IDENTITY_KEY": "tiny-key"}, "CDP_IDENTITY_KEY"},
		{"with explain", []string{"-snapshot", "SNAP", "-explain", "user_id:u-1,user_id:u-2"}, map[string]string{"CDP_IDENTITY_KEY": idKey}, "-explain"},
		{"folder missing", []string{"-snapshot", "missing/SNAP"}, map[string]string{"CDP_IDENTITY_KEY": idKey}, "identity snapshot"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"-observations", sample}, tc.args...)
			for i, a := range args {
				if filepath.Base(a) == "SNAP" {
					args[i] = filepath.Join(dir, a)
				}
			}
			var out, errOut bytes.Buffer
			assert.Equal(t, 2, run(args, nil, &out, &errOut, env(tc.vars)))
			assert.Contains(t, errOut.String(), tc.want)
			assert.NotContains(t, errOut.String(), "tiny-key", "the key is not printed")
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "nothing written")
		})
	}
}
