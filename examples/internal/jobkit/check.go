package jobkit

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// The problems CheckWritable and CheckReadable find; a *CheckError matches
// one of them with errors.Is.
var (
	// ErrNoFolder: the file's folder does not exist.
	ErrNoFolder = errors.New("folder does not exist")
	// ErrNotFolder: the file's folder is not a folder.
	ErrNotFolder = errors.New("not a folder")
	// ErrFolderNotWritable: no file can be created in the file's folder.
	ErrFolderNotWritable = errors.New("cannot create a file in the folder")
	// ErrTargetIsFolder: the file's path names a folder.
	ErrTargetIsFolder = errors.New("is a folder, not a file")
	// ErrUnreadable: the file exists and cannot be read.
	ErrUnreadable = errors.New("cannot be read")
)

// CheckError is a file that a run could not write or read, found before
// anything was sent.
type CheckError struct {
	// Path is the file that was checked.
	Path string
	// Problem is one of ErrNoFolder, ErrNotFolder, ErrFolderNotWritable,
	// ErrTargetIsFolder and ErrUnreadable.
	Problem error
	// Err is the operating system's error, if any.
	Err error
}

// Error names the file, the folder where it matters, and the problem.
func (e *CheckError) Error() string {
	var msg string
	switch e.Problem {
	case ErrNoFolder, ErrNotFolder, ErrFolderNotWritable:
		msg = e.Path + ": " + folderOf(e.Path) + ": " + e.Problem.Error()
	default:
		msg = e.Path + ": " + e.Problem.Error()
	}
	if e.Err != nil {
		msg += " (" + bareError(e.Err).Error() + ")"
	}
	return msg
}

// Unwrap returns the problem and the operating system's error.
func (e *CheckError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Problem}
	}
	return []error{e.Problem, e.Err}
}

func folderOf(path string) string { return filepath.Dir(path) }

// CheckWritable reports whether a file can be written at path the way
// WriteFileAtomic and DeadLetterFile write it: its folder exists and is a
// folder, a file can be created there, and path is not a folder. It
// creates and removes a temporary file, leaving nothing behind. A problem
// is a *CheckError.
func CheckWritable(path string) error {
	dir := folderOf(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &CheckError{Path: path, Problem: ErrNoFolder}
	case err != nil:
		return &CheckError{Path: path, Problem: ErrNotFolder, Err: err}
	case !fi.IsDir():
		return &CheckError{Path: path, Problem: ErrNotFolder}
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return &CheckError{Path: path, Problem: ErrTargetIsFolder}
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".check-*")
	if err != nil {
		return &CheckError{Path: path, Problem: ErrFolderNotWritable, Err: err}
	}
	f.Close()
	if err := os.Remove(f.Name()); err != nil {
		return &CheckError{Path: path, Problem: ErrFolderNotWritable, Err: err}
	}
	return nil
}

// CheckReadable reports whether the file at path can be read if it exists:
// a missing file is fine (a first run has no state), a folder or a file
// that cannot be opened is a *CheckError.
func CheckReadable(path string) error {
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return &CheckError{Path: path, Problem: ErrUnreadable, Err: err}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return &CheckError{Path: path, Problem: ErrUnreadable, Err: err}
	}
	if fi.IsDir() {
		return &CheckError{Path: path, Problem: ErrTargetIsFolder}
	}
	// Reading one byte catches what opening does not (EISDIR aside, an
	// unreadable device or a file on a broken mount).
	var b [1]byte
	if _, err := f.Read(b[:]); err != nil && !errors.Is(err, io.EOF) {
		return &CheckError{Path: path, Problem: ErrUnreadable, Err: err}
	}
	return nil
}
