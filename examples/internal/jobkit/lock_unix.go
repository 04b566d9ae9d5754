//go:build unix

package jobkit

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Lock is a held run lock: an exclusive flock(2) on the lock file of a
// state file. The operating system releases it when the process ends,
// however it ends, so a crashed run never blocks the next one.
type Lock struct {
	f *os.File
}

// TryLock takes the lock of the state file at statePath without waiting:
// it creates LockPath(statePath) (mode 0600) if needed, locks it, and
// writes this process's id into it. If another run holds it, the error is
// a *LockedError (errors.Is(err, ErrLocked)) naming that run's pid; a file
// that cannot be created or locked is a *FileError.
//
// The lock file is never removed: removing it would let two runs lock two
// different files of the same name. Its content is informative only; the
// lock is the flock, not the file.
func TryLock(statePath string) (*Lock, error) {
	path := LockPath(statePath)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, &FileError{What: "lock", Op: OpCreate, Path: path, Err: err}
	}
	if err := flock(f, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &LockedError{Path: path, PID: readPID(path)}
		}
		return nil, &FileError{What: "lock", Op: OpLock, Path: path, Err: err}
	}
	// The pid is for the message of the run this one blocks; failing to
	// write it does not weaken the lock.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

// Unlock releases the lock. A second call does nothing.
func (l *Lock) Unlock() error {
	if l.f == nil {
		return nil
	}
	f := l.f
	l.f = nil
	err := flock(f, syscall.LOCK_UN)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &FileError{What: "lock", Op: OpLock, Path: f.Name(), Err: err}
	}
	return nil
}

// flock retries flock(2) when a signal interrupts it.
func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// readPID reads the pid a holder wrote into the lock file, or 0.
func readPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid < 0 {
		return 0
	}
	return pid
}
