package destination

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryStore(t *testing.T) {
	s := NewMemoryStore()
	_, ok := s.Get("a")
	assert.False(t, ok)
	s.Put("b", "2")
	s.Put("a", "1")
	s.Put("a", "1b")
	s.Delete("missing")
	fp, ok := s.Get("a")
	assert.True(t, ok)
	assert.Equal(t, "1b", fp)
	assert.Equal(t, []string{"a", "b"}, slices.Collect(s.Keys()))
	s.Delete("b")
	assert.Equal(t, map[string]string{"a": "1b"}, storeMap(s))
	assert.Equal(t, 1, s.Len())

	var first []string
	for k := range s.Keys() {
		first = append(first, k)
		break
	}
	assert.Equal(t, []string{"a"}, first, "Keys stops when asked")
}

func TestMemoryStoreConcurrent(t *testing.T) {
	s := NewMemoryStore()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				k := string(rune('a' + g))
				s.Put(k, strings.Repeat("x", i%3))
				s.Get(k)
				for range s.Keys() {
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 8, s.Len())
}

func TestStoreRoundTrip(t *testing.T) {
	s := NewMemoryStore()
	s.Put("maria@example.com", "abc")
	s.Put("joao@example.com", "def")
	var buf bytes.Buffer
	_, err := s.WriteTo(&buf)
	require.NoError(t, err)
	assert.Equal(t, `{"version":1,"fingerprints":{"joao@example.com":"def","maria@example.com":"abc"}}`+"\n", buf.String())
	back, err := ReadStore(&buf)
	require.NoError(t, err)
	assert.Equal(t, storeMap(s), storeMap(back))
}

func TestReadStoreCorrupt(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "EOF"},
		{"truncated", `{"version":1,"fingerprints":{"a":`, "unexpected EOF"},
		{"syntax", `{"version":1,,}`, "invalid JSON at byte 14"},
		{"wrong version", `{"version":2,"fingerprints":{}}`, "version is 2, want 1"},
		{"no fingerprints", `{"version":1}`, `field "fingerprints" is missing or null`},
		{"unknown field", `{"version":1,"fingerprints":{},"x":1}`, `unknown field "x"`},
		{"wrong type", `{"version":1,"fingerprints":{"a":1}}`, "cannot unmarshal number"},
		{"trailing data", `{"version":1,"fingerprints":{}} {}`, "data after the state document"},
		{"empty key", `{"version":1,"fingerprints":{"":"x"}}`, "empty key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadStore(strings.NewReader(tc.in))
			require.ErrorIs(t, err, ErrCorruptState)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestFileStore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	s, err := NewFileStore(path)
	require.NoError(t, err, "a missing file is an empty store")
	assert.Equal(t, 0, s.Len())
	assert.Equal(t, path, s.Path())
	s.Put("a", "1")
	s.Put("b", "2")
	s.Delete("b")
	_, ok := s.Get("b")
	assert.False(t, ok)
	require.NoError(t, s.Save())

	again, err := NewFileStore(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "1"}, storeMap(again))
	assert.Equal(t, []string{"a"}, slices.Collect(again.Keys()))

	again.Put("c", "3")
	require.NoError(t, again.Save())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"state.json"}, names, "no temporary file left behind")
}

func TestFileStoreErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"version":1,"finger`), 0o600))
	_, err := NewFileStore(bad)
	require.ErrorIs(t, err, ErrCorruptState)
	assert.Contains(t, err.Error(), bad)

	_, err = NewFileStore("")
	require.Error(t, err)

	_, err = NewFileStore(dir) // a directory cannot be read as a store
	require.Error(t, err)

	s, err := NewFileStore(filepath.Join(dir, "missing-dir", "state.json"))
	require.NoError(t, err)
	s.Put("a", "1")
	require.Error(t, s.Save(), "saving into a missing directory fails")

	rel, err := NewFileStore("relative-state-for-test.json")
	require.NoError(t, err)
	t.Chdir(dir)
	require.NoError(t, rel.Save())
	_, err = os.Stat(filepath.Join(dir, "relative-state-for-test.json"))
	require.NoError(t, err)
}

func FuzzReadStore(f *testing.F) {
	f.Add(`{"version":1,"fingerprints":{"a":"b"}}`)
	f.Add(`{"version":1,"fingerprints":{}}`)
	f.Add(`{"version":2}`)
	f.Add(`[]`)
	f.Add(`{"version":1,"fingerprints":{"":""}} x`)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ReadStore(strings.NewReader(in))
		if err != nil {
			if !errorsIsCorrupt(err) {
				t.Fatalf("error does not wrap ErrCorruptState: %v", err)
			}
			return
		}
		// What was read writes back and reads again to the same store.
		var buf bytes.Buffer
		if _, err := s.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := ReadStore(&buf)
		if err != nil {
			t.Fatalf("re-reading %q: %v", buf.String(), err)
		}
		if a, b := storeMap(s), storeMap(back); !mapsEqual(a, b) {
			t.Fatalf("round trip changed the store: %v != %v", a, b)
		}
	})
}
