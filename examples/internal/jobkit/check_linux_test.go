package jobkit

import (
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// /sys refuses new files even to root, so these tests hold whoever runs
// them.

func TestCheckWritableFolderNotWritable(t *testing.T) {
	err := CheckWritable("/sys/dead-letters.ndjson")
	var ce *CheckError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, ErrFolderNotWritable, ce.Problem)
	assert.ErrorIs(t, err, fs.ErrPermission)
	assert.EqualError(t, err, "/sys/dead-letters.ndjson: /sys: cannot create a file in the folder (permission denied)")
}

// /proc/self/mem opens and cannot be read at offset 0.
func TestCheckReadableUnreadable(t *testing.T) {
	err := CheckReadable("/proc/self/mem")
	var ce *CheckError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, ErrUnreadable, ce.Problem)
	assert.EqualError(t, err, "/proc/self/mem: cannot be read (input/output error)")
}
