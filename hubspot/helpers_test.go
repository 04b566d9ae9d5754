package hubspot

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp"
)

const testToken = "pat-na1-secret-token-0123456789"

// harness is an httptest server serving a fake API under a non-empty base
// path, with a catch-all that fails the test loudly.
type harness struct {
	t      *testing.T
	mux    *http.ServeMux
	server *httptest.Server
	client *Client
	sleeps *sleepLog
}

// sleepLog records the waits a client asked for, without sleeping; its
// clock runs ahead of the real one by the time slept.
type sleepLog struct {
	mu    sync.Mutex
	d     []time.Duration
	ahead time.Duration
}

func (s *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.ahead += d
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepLog) now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Now().Add(s.ahead)
}

func (s *sleepLog) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// fixedJitter returns n/2 always.
func fixedJitter(n int64) int64 { return n / 2 }

func setup(t *testing.T, opts ...Option) *harness {
	t.Helper()
	h := &harness{t: t, mux: http.NewServeMux(), sleeps: &sleepLog{}}
	api := http.NewServeMux()
	api.Handle("/api/", http.StripPrefix("/api", h.mux))
	api.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request outside the base path: %s %s", r.Method, r.URL)
		http.Error(w, "outside base path", http.StatusTeapot)
	})
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request: %s %s", r.Method, r.URL)
		http.Error(w, "unexpected", http.StatusTeapot)
	})
	h.server = httptest.NewServer(api)
	t.Cleanup(h.server.Close)
	all := append([]Option{WithBaseURL(h.server.URL + "/api"), WithLimits(Unlimited()),
		WithRetry(Retry{MaxAttempts: 4, BaseBackoff: time.Millisecond, MaxBackoff: 8 * time.Millisecond})}, opts...)
	c, err := New(testToken, all...)
	require.NoError(t, err)
	c.sleep = h.sleeps.sleep
	c.now = h.sleeps.now
	c.jitter = fixedJitter
	h.client = c
	return h
}

// checkAuth fails the test unless r carries the test token and JSON headers.
func checkAuth(t *testing.T, r *http.Request) {
	t.Helper()
	if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("%s %s: Authorization %q", r.Method, r.URL.Path, got)
	}
	if r.Body != nil && r.ContentLength > 0 && r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("%s %s: Content-Type %q", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
	}
}

// readJSON decodes r's body into v, failing the test on error.
func readJSON(t *testing.T, r *http.Request, v any) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Errorf("read body: %v", err)
		return nil
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Errorf("decode body %s: %v", b, err)
		}
	}
	return b
}

// writeJSON answers status with body (a string of JSON or a value).
func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	switch b := body.(type) {
	case string:
		_, _ = io.WriteString(w, b)
	case nil:
	default:
		_ = json.NewEncoder(w).Encode(b)
	}
}

func strVal(s string) cdp.Value { return cdp.StringValue(s) }
