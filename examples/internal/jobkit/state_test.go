package jobkit

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/destination"
)

func TestStateFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	s, err := OpenState(path)
	require.NoError(t, err, "a missing file is an empty state")
	assert.Equal(t, 0, s.Len())
	assert.Equal(t, path, s.Path())
	ctx := context.Background()
	require.NoError(t, s.Put(ctx, "a", "1"))
	s.SetLabel("partition", "2/3")
	require.NoError(t, s.Save())

	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the state holds contact keys")

	again, err := OpenState(path)
	require.NoError(t, err)
	fp, ok, err := again.Get(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, "1", fp)
	assert.True(t, ok)
	label, _ := again.Label("partition")
	assert.Equal(t, "2/3", label)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")
}

func TestOpenStateRefusesBeforeSending(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.json")
	require.NoError(t, os.WriteFile(corrupt, []byte(`{"version":1,"finger`), 0o600))
	cases := []struct {
		name string
		path string
		want error
	}{
		{"corrupt", corrupt, destination.ErrCorruptState},
		{"missing folder", filepath.Join(dir, "nope", "state.json"), ErrNoFolder},
		{"a folder", dir, ErrTargetIsFolder},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := OpenState(tc.path)
			require.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.path)
		})
	}
}
