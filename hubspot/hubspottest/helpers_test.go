package hubspottest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// resp is a decoded answer.
type resp struct {
	status int
	header http.Header
	raw    []byte
}

// json decodes the body into a generic value.
func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.raw, &m), "body %s", r.raw)
	return m
}

// into decodes the body into v.
func (r resp) into(t *testing.T, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.raw, v), "body %s", r.raw)
}

// do sends a request with the server's token; body may be nil, a string or a value to encode.
func do(t *testing.T, srv *Server, method, path string, body any) resp {
	t.Helper()
	return doToken(t, srv, srv.Token, method, path, body)
}

func doToken(t *testing.T, srv *Server, token, method, path string, body any) resp {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		data, err := json.Marshal(b)
		require.NoError(t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := srv.Client().Do(req)
	require.NoError(t, err, "%s %s", method, path)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return resp{status: res.StatusCode, header: res.Header, raw: raw}
}

// newServer starts a server closed at the end of the test.
func newServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	srv := NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// in builds one upsert input.
func in(id, trace string, props map[string]string) map[string]any {
	m := map[string]any{"id": id, "idProperty": "email", "properties": props}
	if trace != "" {
		m["objectWriteTraceId"] = trace
	}
	return m
}

func inputs(items ...map[string]any) map[string]any {
	return map[string]any{"inputs": items}
}

// Test-side shapes of HubSpot's JSON, decoded independently of the server's types.
type tObject struct {
	ID                 string            `json:"id"`
	Properties         map[string]string `json:"properties"`
	CreatedAt          string            `json:"createdAt"`
	UpdatedAt          string            `json:"updatedAt"`
	Archived           bool              `json:"archived"`
	New                *bool             `json:"new"`
	ObjectWriteTraceID string            `json:"objectWriteTraceId"`
}

type tDetail struct {
	Message string              `json:"message"`
	Code    string              `json:"code"`
	Context map[string][]string `json:"context"`
}

type tError struct {
	Status      string              `json:"status"`
	Category    string              `json:"category"`
	Message     string              `json:"message"`
	Context     map[string][]string `json:"context"`
	Errors      []tDetail           `json:"errors"`
	Links       map[string]string   `json:"links"`
	ErrorType   string              `json:"errorType"`
	PolicyName  string              `json:"policyName"`
	Correlation string              `json:"correlationId"`
}

// noDetails and noLinks are the empty errors and links every error body and
// batch error item carries (the 429 body has neither).
var (
	noDetails = []tDetail{}
	noLinks   = map[string]string{}
)

type tBatch struct {
	Status      string    `json:"status"`
	Results     []tObject `json:"results"`
	NumErrors   int       `json:"numErrors"`
	Errors      []tError  `json:"errors"`
	RequestedAt string    `json:"requestedAt"`
	StartedAt   string    `json:"startedAt"`
	CompletedAt string    `json:"completedAt"`
}

type tIssue struct {
	IsValid bool   `json:"isValid"`
	Message string `json:"message"`
	Error   string `json:"error"`
	Name    string `json:"name"`
}

// issues extracts the validation details embedded as JSON in a message.
func issues(t *testing.T, message string) []tIssue {
	t.Helper()
	const prefix = "Property values were not valid: "
	require.True(t, len(message) > len(prefix) && message[:len(prefix)] == prefix, "message %q", message)
	var out []tIssue
	require.NoError(t, json.Unmarshal([]byte(message[len(prefix):]), &out), "message %q", message)
	return out
}

func ptr[T any](v T) *T { return &v }

// t0 is the fixed start of the fake clock, 2026-03-02T12:00:00Z.
const (
	t0Stamp  = "2026-03-02T12:00:00.000Z"
	t0Millis = "1772452800000"
)

func sortStrings(s []string) { slices.Sort(s) }
