package jobkit

import (
	"errors"
	"io/fs"
	"os"
)

// Op names the step of writing a file that failed.
type Op string

// The steps of writing a file atomically, and of taking a lock.
const (
	OpCreate  Op = "creating a temporary file next to" // Path: the target
	OpWrite   Op = "writing"                           // Path: the temporary file
	OpSync    Op = "syncing"                           // Path: the temporary file
	OpClose   Op = "closing"                           // Path: the temporary file
	OpRename  Op = "renaming the temporary file over"  // Path: the target
	OpSyncDir Op = "syncing the folder"                // Path: the folder
	OpRemove  Op = "removing"                          // Path: the temporary file
	OpLock    Op = "locking"                           // Path: the lock file
)

// FileError is a failure to write a file: which file, which step, and the
// operating system's error (errors.Is(err, fs.ErrPermission) and the like
// work through it).
type FileError struct {
	// What is the file's role: "dead-letter file", "state file", "lock".
	What string
	// Op is the step that failed.
	Op Op
	// Path is the file or folder the step acted on.
	Path string
	// Err is the underlying error.
	Err error
}

// Error reads "dead-letter file: syncing /data/.dl.ndjson.tmp-1: input/output error".
func (e *FileError) Error() string {
	return e.What + ": " + string(e.Op) + " " + e.Path + ": " + bareError(e.Err).Error()
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// bareError drops the operation and path that *fs.PathError and
// *os.LinkError repeat, since FileError and CheckError already say them.
func bareError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
