package destination

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryStore(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore()
	_, ok, err := s.Get(ctx, "a")
	require.NoError(t, err)
	assert.False(t, ok)
	require.NoError(t, s.Put(ctx, "b", "2"))
	require.NoError(t, s.Put(ctx, "a", "1"))
	require.NoError(t, s.Put(ctx, "a", "1b"))
	require.NoError(t, s.Delete(ctx, "missing"), "deleting an absent key is not an error")
	fp, ok, err := s.Get(ctx, "a")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "1b", fp)
	assert.Equal(t, []string{"a", "b"}, keys(t, s))
	require.NoError(t, s.Delete(ctx, "b"))
	assert.Equal(t, map[string]string{"a": "1b"}, storeMap(s))
	assert.Equal(t, 1, s.Len())

	var first []string
	for k, err := range s.Keys(ctx) {
		require.NoError(t, err)
		first = append(first, k)
		break
	}
	assert.Equal(t, []string{"a"}, first, "Keys stops when asked")
}

// keys collects a store's keys, failing the test on an error.
func keys(t *testing.T, s StateStore) []string {
	t.Helper()
	var out []string
	for k, err := range s.Keys(context.Background()) {
		require.NoError(t, err)
		out = append(out, k)
	}
	return out
}

func TestMemoryStoreConcurrent(t *testing.T) {
	s := NewMemoryStore()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			ctx := context.Background()
			for i := range 200 {
				k := string(rune('a' + g))
				assert.NoError(t, s.Put(ctx, k, strings.Repeat("x", i%3)))
				_, _, err := s.Get(ctx, k)
				assert.NoError(t, err)
				for _, err := range s.Keys(ctx) {
					assert.NoError(t, err)
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 8, s.Len())
}

func TestStoreRoundTrip(t *testing.T) {
	s := NewMemoryStore()
	ctx := context.Background()
	require.NoError(t, s.Put(ctx, "maria@example.com", "abc"))
	require.NoError(t, s.Put(ctx, "joao@example.com", "def"))
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
		{"empty", "", "empty input"},
		{"truncated", `{"version":1,"fingerprints":{"a":`, "truncated input"},
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
			var ce *CorruptStateError
			require.ErrorAs(t, err, &ce)
			assert.Empty(t, ce.Path)
			assert.Contains(t, ce.Problem, tc.want)
		})
	}
}

func TestLabelsRoundTrip(t *testing.T) {
	s := NewMemoryStore()
	require.NoError(t, s.Put(context.Background(), "a", "1"))
	s.SetLabel("partition", "1/3")
	s.SetLabel("gone", "x")
	s.SetLabel("gone", "")
	var buf bytes.Buffer
	_, err := s.WriteTo(&buf)
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":1,"labels":{"partition":"1/3"},"fingerprints":{"a":"1"}}`, buf.String())
	back, err := ReadStore(&buf)
	require.NoError(t, err)
	v, ok := back.Label("partition")
	assert.Equal(t, "1/3", v)
	assert.True(t, ok)
	_, ok = back.Label("gone")
	assert.False(t, ok)
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
