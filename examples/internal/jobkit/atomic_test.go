package jobkit

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteFileAtomic(t *testing.T) {
	tests := []struct {
		name     string
		previous string // "" = no file
	}{
		{"creates", ""},
		{"replaces", `{"version":1,"fingerprints":{"old":"x"}}` + "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.json")
			if tc.previous != "" {
				require.NoError(t, os.WriteFile(path, []byte(tc.previous), 0o644))
			}
			err := WriteFileAtomic("state file", path, func(w io.Writer) error {
				_, err := io.WriteString(w, `{"version":1,"fingerprints":{}}`+"\n")
				return err
			})
			require.NoError(t, err)
			assert.Equal(t, `{"version":1,"fingerprints":{}}`+"\n", readFile(t, path))
			fi, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
			assert.Equal(t, []string{"state.json"}, dirNames(t, path), "no temporary file left")
		})
	}
}

func TestWriteFileAtomicWriteError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	require.NoError(t, os.WriteFile(path, []byte("old\n"), 0o600))
	errEncode := errors.New("cannot encode")
	err := WriteFileAtomic("state file", path, func(w io.Writer) error {
		if _, err := io.WriteString(w, "half a docu"); err != nil {
			return err
		}
		return fmt.Errorf("state: %w", errEncode)
	})
	assert.ErrorIs(t, err, errEncode, "write's error is returned")
	assert.Equal(t, "old\n", readFile(t, path), "the previous file is intact")
	assert.Equal(t, []string{"state.json"}, dirNames(t, path), "no temporary file left")
}

func TestWriteFileAtomicNoFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "state.json")
	called := false
	err := WriteFileAtomic("state file", path, func(io.Writer) error { called = true; return nil })
	var fe *FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, OpCreate, fe.Op)
	assert.Equal(t, path, fe.Path)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.False(t, called, "write is not called without a file")
}

func TestFileErrorMessages(t *testing.T) {
	tests := []struct {
		err  *FileError
		want string
	}{
		{
			&FileError{What: "state file", Op: OpSync, Path: "/d/.s.tmp-1", Err: &os.PathError{Op: "sync", Path: "/d/.s.tmp-1", Err: errors.New("input/output error")}},
			"state file: syncing /d/.s.tmp-1: input/output error",
		},
		{
			&FileError{What: "state file", Op: OpRename, Path: "/d/s", Err: &os.LinkError{Op: "rename", Old: "/d/.s.tmp-1", New: "/d/s", Err: errors.New("is a directory")}},
			"state file: renaming the temporary file over /d/s: is a directory",
		},
		{
			&FileError{What: "lock", Op: OpLock, Path: "/d/s.lock", Err: errors.New("no locks available")},
			"lock: locking /d/s.lock: no locks available",
		},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, tc.err.Error())
	}
}
