//go:build unix

package jobkit

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLockedStateRefusesASecondRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	st, release, err := LockedState(path, true)
	require.NoError(t, err)
	assert.Equal(t, 0, st.Len())
	_, release2, err := LockedState(path, true)
	assert.ErrorIs(t, err, ErrLocked)
	release2()
	_, release3, err := LockedState(path, false)
	assert.NoError(t, err, "reading without the lock")
	release3()
	release()
}
