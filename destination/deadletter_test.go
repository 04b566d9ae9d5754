package destination

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNDJSONSink(t *testing.T) {
	var buf bytes.Buffer
	sink := NewNDJSONSink(&buf)
	at := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	require.NoError(t, sink.Put(context.Background(), DeadLetter{Key: "a@x.com", Payload: map[string]string{"name": "Ana"},
		Reason: "INVALID_EMAIL", Attempts: 1, LastError: "bad email", Time: at}))
	require.NoError(t, sink.Put(context.Background(), DeadLetter{Key: "b", Payload: 7, Reason: ReasonRetriesExhausted, Attempts: 5, Time: at}))
	assert.Equal(t,
		`{"key":"a@x.com","payload":{"name":"Ana"},"reason":"INVALID_EMAIL","attempts":1,"last_error":"bad email","time":"2026-11-28T12:00:00Z"}`+"\n"+
			`{"key":"b","payload":7,"reason":"retries_exhausted","attempts":5,"last_error":"","time":"2026-11-28T12:00:00Z"}`+"\n",
		buf.String())

	err := sink.Put(context.Background(), DeadLetter{Key: "c", Payload: make(chan int)})
	require.Error(t, err, "a payload that is not JSON")
	assert.Contains(t, err.Error(), `key "c"`)
	assert.Equal(t, 2, strings.Count(buf.String(), "\n"), "nothing written for it")
}

type brokenWriter struct{}

var errBroken = errors.New("broken")

func (brokenWriter) Write([]byte) (int, error) { return 0, errBroken }

func TestNDJSONSinkWriteError(t *testing.T) {
	err := NewNDJSONSink(brokenWriter{}).Put(context.Background(), DeadLetter{Key: "a"})
	require.ErrorIs(t, err, errBroken)
}

// The sink's lock serialises writes: the race detector would flag the
// shared buffer otherwise, and every line parses.
func TestNDJSONSinkConcurrent(t *testing.T) {
	var buf bytes.Buffer
	sink := NewNDJSONSink(&buf)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				assert.NoError(t, sink.Put(context.Background(), DeadLetter{Key: strings.Repeat("k", g+1), Attempts: i}))
			}
		})
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	require.Len(t, lines, 400)
	for _, l := range lines {
		var d DeadLetter
		require.NoError(t, json.Unmarshal([]byte(l), &d), "every line is a whole letter: %q", l)
	}
}

func TestMemorySink(t *testing.T) {
	var s MemorySink // the zero value works
	require.NoError(t, s.Put(context.Background(), DeadLetter{Key: "a"}))
	require.NoError(t, s.Put(context.Background(), DeadLetter{Key: "b"}))
	got := s.Letters()
	assert.Equal(t, []DeadLetter{{Key: "a"}, {Key: "b"}}, got)
	got[0].Key = "changed"
	assert.Equal(t, "a", s.Letters()[0].Key, "Letters returns a copy")
	assert.Equal(t, 2, s.Len())
}
