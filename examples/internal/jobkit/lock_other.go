//go:build !unix

package jobkit

import "errors"

// Lock is a held run lock. On this system locks are not supported.
type Lock struct{}

// TryLock fails on systems without flock(2): run the job on Linux or macOS.
func TryLock(statePath string) (*Lock, error) {
	return nil, &FileError{What: "lock", Op: OpLock, Path: LockPath(statePath), Err: errors.ErrUnsupported}
}

// Unlock does nothing.
func (l *Lock) Unlock() error { return nil }
