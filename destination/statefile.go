package destination

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"sync"
)

// stateVersion is the version of the state file format.
const stateVersion = 1

// stateFile is the JSON form of a store.
type stateFile struct {
	Version      int               `json:"version"`
	Fingerprints map[string]string `json:"fingerprints"`
}

// CorruptStateError reports state data that cannot be read back: not JSON,
// another version, unknown fields, an empty key. It matches ErrCorruptState
// with errors.Is. It never quotes a key.
type CorruptStateError struct {
	// Path is the state file, when read by NewFileStore; empty for
	// ReadStore.
	Path string
	// Problem says what is wrong, e.g. "invalid JSON at byte 14".
	Problem string
	// Err is the decoding error behind Problem, if any.
	Err error
}

// Error implements error.
func (e *CorruptStateError) Error() string {
	if e.Path == "" {
		return "destination: corrupt state: " + e.Problem
	}
	return "destination: corrupt state file " + e.Path + ": " + e.Problem
}

// Unwrap returns the decoding error, if any.
func (e *CorruptStateError) Unwrap() error { return e.Err }

// Is reports whether target is ErrCorruptState.
func (e *CorruptStateError) Is(target error) bool { return target == ErrCorruptState }

// WriteTo writes the store as JSON ({"version":1,"fingerprints":{key:fp}},
// keys sorted) to w. ReadStore reads it back.
func (s *MemoryStore) WriteTo(w io.Writer) (int64, error) {
	s.mu.RLock()
	b, err := json.Marshal(stateFile{Version: stateVersion, Fingerprints: s.fps})
	s.mu.RUnlock()
	if err != nil {
		return 0, fmt.Errorf("destination: encoding state: %w", err)
	}
	n, err := w.Write(append(b, '\n'))
	if err != nil {
		return int64(n), fmt.Errorf("destination: writing state: %w", err)
	}
	return int64(n), nil
}

// ReadStore reads a store written by WriteTo. Input that is not such a
// document is a *CorruptStateError saying what is wrong.
func ReadStore(r io.Reader) (*MemoryStore, error) {
	var f stateFile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		switch {
		case errors.Is(err, io.EOF):
			return nil, &CorruptStateError{Problem: "empty input", Err: err}
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, &CorruptStateError{Problem: "truncated input", Err: err}
		}
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, &CorruptStateError{Problem: fmt.Sprintf("invalid JSON at byte %d: %v", syn.Offset, syn), Err: err}
		}
		return nil, &CorruptStateError{Problem: err.Error(), Err: err}
	}
	if f.Version != stateVersion {
		return nil, &CorruptStateError{Problem: fmt.Sprintf("version is %d, want %d", f.Version, stateVersion)}
	}
	if f.Fingerprints == nil {
		return nil, &CorruptStateError{Problem: `field "fingerprints" is missing or null`}
	}
	if dec.More() {
		return nil, &CorruptStateError{Problem: fmt.Sprintf("data after the state document at byte %d", dec.InputOffset())}
	}
	if _, ok := f.Fingerprints[""]; ok {
		return nil, &CorruptStateError{Problem: "empty key"}
	}
	return &MemoryStore{fps: f.Fingerprints}, nil
}

// FileStore is a MemoryStore saved to a file the caller names. Changes stay
// in memory until Save, which replaces the file atomically (a temporary file
// in the same directory, synced, then renamed over it), so a crash leaves
// either the old or the new file, never a torn one. It is safe for
// concurrent use; Get, Put, Delete and Keys never fail.
type FileStore struct {
	mem  *MemoryStore
	path string
	mu   sync.Mutex // serialises Save
}

// NewFileStore opens the store saved at path. A missing file is an empty
// store; a file that cannot be parsed is a *CorruptStateError naming the
// path (errors.Is ErrCorruptState); an empty path is a *ConfigError.
func NewFileStore(path string) (*FileStore, error) {
	if path == "" {
		return nil, &ConfigError{Field: "path", Reason: "empty"}
	}
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &FileStore{mem: NewMemoryStore(), path: path}, nil
	case err != nil:
		return nil, fmt.Errorf("destination: opening state: %w", err)
	}
	defer f.Close()
	mem, err := ReadStore(f)
	if err != nil {
		var ce *CorruptStateError
		if errors.As(err, &ce) {
			ce.Path = path
			return nil, ce
		}
		return nil, fmt.Errorf("destination: reading state file %s: %w", path, err)
	}
	return &FileStore{mem: mem, path: path}, nil
}

// Get returns the fingerprint stored for key.
func (s *FileStore) Get(ctx context.Context, key string) (string, bool, error) {
	return s.mem.Get(ctx, key)
}

// Put stores fingerprint for key (in memory until Save).
func (s *FileStore) Put(ctx context.Context, key, fingerprint string) error {
	return s.mem.Put(ctx, key, fingerprint)
}

// Delete forgets key (in memory until Save).
func (s *FileStore) Delete(ctx context.Context, key string) error { return s.mem.Delete(ctx, key) }

// Keys yields the keys stored when it is called, sorted.
func (s *FileStore) Keys(ctx context.Context) iter.Seq2[string, error] { return s.mem.Keys(ctx) }

// Len returns the number of keys stored.
func (s *FileStore) Len() int { return s.mem.Len() }

// Path returns the file the store is saved to.
func (s *FileStore) Path() string { return s.path }

// Save writes the store to its file atomically: into a temporary file in
// the same directory, synced to disk, then renamed over the file. On any
// error the file is left as it was, the temporary file is removed and the
// error is returned.
func (s *FileStore) Save() (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dir, base := filepath.Split(s.path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, base+".tmp-*")
	if err != nil {
		return fmt.Errorf("destination: saving state: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = s.mem.WriteTo(tmp); err != nil {
		return fmt.Errorf("destination: saving state: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("destination: saving state: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("destination: saving state: %w", err)
	}
	if err = os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("destination: saving state: %w", err)
	}
	return nil
}
