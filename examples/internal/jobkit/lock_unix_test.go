//go:build unix

package jobkit

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTryLockInProcess(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	first, err := TryLock(state)
	require.NoError(t, err)

	lockPath := state + ".lock"
	fi, err := os.Stat(lockPath)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	assert.Equal(t, strconv.Itoa(os.Getpid())+"\n", readFile(t, lockPath))

	// TryLock opens the file again: a separate open file description, so
	// flock conflicts within one process as between two.
	second, err := TryLock(state)
	assert.Nil(t, second)
	assert.ErrorIs(t, err, ErrLocked)
	assert.Equal(t, &LockedError{Path: lockPath, PID: os.Getpid()}, err)
	assert.EqualError(t, err, lockPath+": another run (pid "+strconv.Itoa(os.Getpid())+") holds the lock: wait for it to end")

	require.NoError(t, first.Unlock())
	require.NoError(t, first.Unlock(), "a second Unlock does nothing")
	third, err := TryLock(state)
	require.NoError(t, err, "free again after Unlock")
	require.NoError(t, third.Unlock())
	assert.FileExists(t, lockPath, "the lock file stays")
}

func TestTryLockOtherState(t *testing.T) {
	dir := t.TempDir()
	a, err := TryLock(filepath.Join(dir, "part-0.json"))
	require.NoError(t, err)
	defer a.Unlock()
	b, err := TryLock(filepath.Join(dir, "part-1.json"))
	require.NoError(t, err, "each partition's state has its own lock")
	require.NoError(t, b.Unlock())
}

func TestTryLockNoFolder(t *testing.T) {
	state := filepath.Join(t.TempDir(), "missing", "state.json")
	_, err := TryLock(state)
	var fe *FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, OpCreate, fe.Op)
	assert.Equal(t, state+".lock", fe.Path)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.NotErrorIs(t, err, ErrLocked)
}

func TestLockedErrorWithoutPID(t *testing.T) {
	err := &LockedError{Path: "/d/state.json.lock"}
	assert.EqualError(t, err, "/d/state.json.lock: another run holds the lock: wait for it to end")
}

func TestReadPID(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		content string
		want    int
	}{
		{"4242\n", 4242},
		{"", 0},
		{"garbage", 0},
		{"-5", 0},
	}
	for _, tc := range tests {
		path := filepath.Join(dir, "lock")
		require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o600))
		assert.Equal(t, tc.want, readPID(path), "content %q", tc.content)
	}
	assert.Equal(t, 0, readPID(filepath.Join(dir, "missing")))
}

// TestTryLockAcrossProcesses holds the lock in a child process, then kills
// it: the kernel releases the lock of a dead process.
func TestTryLockAcrossProcesses(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	cmd := helperCommand(t, "lock", state)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { stdin.Close(); cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(out)
	require.True(t, lines.Scan())
	require.Equal(t, "locked", lines.Text())

	_, err = TryLock(state)
	assert.Equal(t, &LockedError{Path: state + ".lock", PID: cmd.Process.Pid}, err)

	require.NoError(t, cmd.Process.Kill())
	cmd.Wait()
	l, err := TryLock(state)
	require.NoError(t, err, "released when the holder died")
	assert.Equal(t, strconv.Itoa(os.Getpid())+"\n", readFile(t, state+".lock"))
	require.NoError(t, l.Unlock())
}
