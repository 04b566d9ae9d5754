package jobkit

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkFixture is a folder with a file, a sub-folder and nothing else.
func checkFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "file"), []byte("{}\n"), 0o600))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "folder"), 0o755))
	return dir
}

func TestCheckWritable(t *testing.T) {
	tests := []struct {
		name    string
		path    string // relative to the fixture
		problem error
		message string // after the fixture's path
	}{
		{"new file", "new.ndjson", nil, ""},
		{"existing file", "file", nil, ""},
		{"missing folder", "missing/dl.ndjson", ErrNoFolder, "/missing/dl.ndjson: {dir}/missing: folder does not exist"},
		{"folder is a file", "file/dl.ndjson", ErrNotFolder, "/file/dl.ndjson: {dir}/file: not a folder"},
		{"target is a folder", "folder", ErrTargetIsFolder, "/folder: is a folder, not a file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := checkFixture(t)
			err := CheckWritable(filepath.Join(dir, tc.path))
			assert.Equal(t, []string{"file", "folder"}, dirNames(t, filepath.Join(dir, "x")), "nothing left behind")
			if tc.problem == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tc.problem)
			var ce *CheckError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, &CheckError{Path: filepath.Join(dir, tc.path), Problem: tc.problem}, ce)
			assert.Equal(t, dir+strings.ReplaceAll(tc.message, "{dir}", dir), err.Error())
		})
	}
}

func TestCheckReadable(t *testing.T) {
	tests := []struct {
		name    string
		path    string
		problem error
	}{
		{"missing file", "state.json", nil},
		{"file", "file", nil},
		{"folder", "folder", ErrTargetIsFolder},
		{"through a file", "file/state.json", ErrUnreadable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := checkFixture(t)
			err := CheckReadable(filepath.Join(dir, tc.path))
			if tc.problem == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tc.problem)
			var ce *CheckError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, filepath.Join(dir, tc.path), ce.Path)
		})
	}
}

func TestCheckErrorUnwrap(t *testing.T) {
	err := error(&CheckError{Path: "/d/f", Problem: ErrFolderNotWritable, Err: &fs.PathError{Op: "open", Path: "/d/.f.check-1", Err: fs.ErrPermission}})
	assert.ErrorIs(t, err, ErrFolderNotWritable)
	assert.ErrorIs(t, err, fs.ErrPermission)
	assert.False(t, errors.Is(err, ErrNoFolder))
	assert.EqualError(t, err, "/d/f: /d: cannot create a file in the folder (permission denied)")
}
