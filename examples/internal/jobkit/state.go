package jobkit

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/warrenbrasil/customerdata/destination"
)

// StateFile is a job's change-tracking state kept in a file: a
// destination.MemoryStore read at the start and saved atomically (see
// WriteFileAtomic) at the end. The store holds customers' contact keys, so
// the file is created with mode 0600.
type StateFile struct {
	*destination.MemoryStore
	path string
}

// OpenState reads the state saved at path. A missing file is an empty state,
// whose folder must accept files; a file that cannot be parsed is a
// *destination.CorruptStateError naming the path (errors.Is
// destination.ErrCorruptState); any other failure is a *CheckError. It reads
// the file once, before anything is sent.
func OpenState(path string) (*StateFile, error) {
	if err := CheckReadable(path); err != nil {
		return nil, err
	}
	if err := CheckWritable(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &StateFile{MemoryStore: destination.NewMemoryStore(), path: path}, nil
	}
	if err != nil {
		return nil, &CheckError{Path: path, Problem: ErrUnreadable, Err: err}
	}
	defer f.Close()
	mem, err := destination.ReadStore(f)
	if err != nil {
		var ce *destination.CorruptStateError
		if errors.As(err, &ce) {
			ce.Path = path
			return nil, ce
		}
		return nil, fmt.Errorf("reading the state file %s: %w", path, err)
	}
	return &StateFile{MemoryStore: mem, path: path}, nil
}

// Path returns the file the state is saved to.
func (s *StateFile) Path() string { return s.path }

// Save replaces the file with the store's content atomically; on failure
// the previous file is left intact and the error is a *FileError.
func (s *StateFile) Save() error {
	return WriteFileAtomic("state file", s.path, func(w io.Writer) error {
		_, err := s.WriteTo(w)
		return err
	})
}
