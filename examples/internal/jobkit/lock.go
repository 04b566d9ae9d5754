package jobkit

import (
	"errors"
	"fmt"
)

// ErrLocked is matched (errors.Is) by the error of TryLock when another run
// holds the lock.
var ErrLocked = errors.New("another run holds the lock")

// LockedError is TryLock's error when another run holds the lock.
type LockedError struct {
	// Path is the lock file.
	Path string
	// PID is the process id the holder wrote into the lock file, or 0 if
	// it could not be read.
	PID int
}

// Error says that another run holds the lock, and which process if known.
func (e *LockedError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("%s: another run (pid %d) holds the lock: wait for it to end", e.Path, e.PID)
	}
	return e.Path + ": another run holds the lock: wait for it to end"
}

// Is matches ErrLocked.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// LockPath returns the lock file of a state file: statePath + ".lock".
func LockPath(statePath string) string { return statePath + ".lock" }
