package destination

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// StateStore remembers, per Key, the Fingerprint of the last record the
// destination confirmed. A Pipeline with a StateStore skips a record whose
// Fingerprint equals the stored one and Puts a fingerprint only after the
// destination confirmed the delivery, so a crash never marks an undelivered
// record as sent.
//
// Implementations must be safe for concurrent use. Get reports whether key
// has a fingerprint; Put replaces it; Delete forgets it (deleting an absent
// key is not an error); Keys yields every key once, in any order, and may
// run while other methods are called.
type StateStore interface {
	Get(key string) (fingerprint string, ok bool)
	Put(key, fingerprint string)
	Delete(key string)
	Keys() iter.Seq[string]
}

var (
	_ StateStore = (*MemoryStore)(nil)
	_ StateStore = (*FileStore)(nil)
)

// Absent returns, sorted, the keys of store for which seen returns false:
// customers delivered by an earlier run but absent from this one (who left a
// segment, say), whose data the caller may want to clear.
func Absent(store StateStore, seen func(key string) bool) []string {
	var out []string
	for k := range store.Keys() {
		if !seen(k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// MemoryStore is a StateStore in memory. It is safe for concurrent use.
type MemoryStore struct {
	mu  sync.RWMutex
	fps map[string]string
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{fps: make(map[string]string)} }

// Get returns the fingerprint stored for key.
func (s *MemoryStore) Get(key string) (string, bool) {
	s.mu.RLock()
	fp, ok := s.fps[key]
	s.mu.RUnlock()
	return fp, ok
}

// Put stores fingerprint for key.
func (s *MemoryStore) Put(key, fingerprint string) {
	s.mu.Lock()
	s.fps[key] = fingerprint
	s.mu.Unlock()
}

// Delete forgets key.
func (s *MemoryStore) Delete(key string) {
	s.mu.Lock()
	delete(s.fps, key)
	s.mu.Unlock()
}

// Keys yields the keys stored when it is called, sorted.
func (s *MemoryStore) Keys() iter.Seq[string] {
	return func(yield func(string) bool) {
		s.mu.RLock()
		keys := slices.Sorted(maps.Keys(s.fps))
		s.mu.RUnlock()
		for _, k := range keys {
			if !yield(k) {
				return
			}
		}
	}
}

// Len returns the number of keys stored.
func (s *MemoryStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.fps)
}

// stateVersion is the version of the state file format.
const stateVersion = 1

// stateFile is the JSON form of a store.
type stateFile struct {
	Version      int               `json:"version"`
	Fingerprints map[string]string `json:"fingerprints"`
}

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
// document is an error wrapping ErrCorruptState that says what is wrong.
func ReadStore(r io.Reader) (*MemoryStore, error) {
	var f stateFile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("%w: invalid JSON at byte %d: %v", ErrCorruptState, syn.Offset, syn)
		}
		return nil, fmt.Errorf("%w: %v", ErrCorruptState, err)
	}
	if f.Version != stateVersion {
		return nil, fmt.Errorf("%w: version is %d, want %d", ErrCorruptState, f.Version, stateVersion)
	}
	if f.Fingerprints == nil {
		return nil, fmt.Errorf("%w: field \"fingerprints\" is missing or null", ErrCorruptState)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the state document at byte %d", ErrCorruptState, dec.InputOffset())
	}
	for k, fp := range f.Fingerprints {
		if k == "" {
			return nil, fmt.Errorf("%w: empty key (fingerprint %q)", ErrCorruptState, fp)
		}
	}
	return &MemoryStore{fps: f.Fingerprints}, nil
}

// FileStore is a MemoryStore saved to a file the caller names. Changes stay
// in memory until Save, which replaces the file atomically (a temporary file
// in the same directory, synced, then renamed over it), so a crash leaves
// either the old or the new file, never a torn one. It is safe for
// concurrent use.
type FileStore struct {
	mem  *MemoryStore
	path string
	mu   sync.Mutex // serialises Save
}

// NewFileStore opens the store saved at path. A missing file is an empty
// store; a file that cannot be parsed is an error wrapping ErrCorruptState
// and naming the path.
func NewFileStore(path string) (*FileStore, error) {
	if path == "" {
		return nil, errors.New("destination: NewFileStore: empty path")
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
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	return &FileStore{mem: mem, path: path}, nil
}

// Get returns the fingerprint stored for key.
func (s *FileStore) Get(key string) (string, bool) { return s.mem.Get(key) }

// Put stores fingerprint for key (in memory until Save).
func (s *FileStore) Put(key, fingerprint string) { s.mem.Put(key, fingerprint) }

// Delete forgets key (in memory until Save).
func (s *FileStore) Delete(key string) { s.mem.Delete(key) }

// Keys yields the keys stored when it is called, sorted.
func (s *FileStore) Keys() iter.Seq[string] { return s.mem.Keys() }

// Len returns the number of keys stored.
func (s *FileStore) Len() int { return s.mem.Len() }

// Path returns the file the store is saved to.
func (s *FileStore) Path() string { return s.path }

// Save writes the store to its file atomically.
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
