package destination

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// stateVersion is the version of the state file format.
const stateVersion = 1

// stateFile is the JSON form of a store.
type stateFile struct {
	Version      int               `json:"version"`
	Labels       map[string]string `json:"labels,omitempty"`
	Fingerprints map[string]string `json:"fingerprints"`
}

// CorruptStateError reports state data that cannot be read back: not JSON,
// another version, unknown fields, an empty key. It matches ErrCorruptState
// with errors.Is. It never quotes a key.
type CorruptStateError struct {
	// Path is the state file, when the caller read it from a file and
	// set it; empty from ReadStore.
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

// WriteTo writes the store as JSON ({"version":1,"labels":{…},
// "fingerprints":{key:fp}}, keys sorted) to w. ReadStore reads it back.
func (s *MemoryStore) WriteTo(w io.Writer) (int64, error) {
	s.mu.RLock()
	b, err := json.Marshal(stateFile{Version: stateVersion, Labels: s.labels, Fingerprints: s.fps})
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
	return &MemoryStore{fps: f.Fingerprints, labels: f.Labels}, nil
}
