package hubspot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// conformance is testdata/operations.json: the operations the client uses
// and the fields HubSpot's published models require of their bodies.
type conformance struct {
	Models     map[string]confModel `json:"models"`
	Operations []confOperation      `json:"operations"`
	Errors     map[string][]string  `json:"errors"`
}

type confModel struct {
	Doc      string   `json:"doc"`
	Note     string   `json:"note"`
	Required []string `json:"required"`
}

type confOperation struct {
	Name      string              `json:"name"`
	Method    string              `json:"method"`
	Path      string              `json:"path"`
	Doc       string              `json:"doc"`
	Request   []string            `json:"request"` // nil: no body
	Responses map[string][]string `json:"responses"`
}

func loadConformance(t testing.TB) *conformance {
	t.Helper()
	raw, err := os.ReadFile("testdata/operations.json")
	require.NoError(t, err)
	var c conformance
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&struct {
		About []string `json:"about"`
		*conformance
	}{conformance: &c}))
	return &c
}

// match returns the operation whose method and path template fit the
// request, preferring the template with the most literal segments; nil when
// none does.
func (c *conformance) match(method, path string) *confOperation {
	segs := strings.Split(path, "/")
	var best *confOperation
	bestLiterals := -1
	for i := range c.Operations {
		op := &c.Operations[i]
		tmpl := strings.Split(op.Path, "/")
		if op.Method != method || len(tmpl) != len(segs) {
			continue
		}
		literals, ok := 0, true
		for j, s := range tmpl {
			switch {
			case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}"):
				ok = ok && segs[j] != ""
			case s == segs[j]:
				literals++
			default:
				ok = false
			}
		}
		if ok && literals > bestLiterals {
			best, bestLiterals = op, literals
		}
	}
	return best
}

// fieldHit is one required field found present: its location in the body
// ("results[0].id") and the keys leading to it, for mutation tests.
type fieldHit struct {
	loc  string
	keys []any // string object keys and int array indexes
}

// check validates body against the field specs and returns the problems
// ("results[0].id: missing") and the required fields found.
func (c *conformance) check(specs []string, body any) (problems []string, hits []fieldHit) {
	w := walker{c: c}
	for _, s := range specs {
		w.spec(s, body, "", nil, 0)
	}
	return w.problems, w.hits
}

type walker struct {
	c        *conformance
	problems []string
	hits     []fieldHit
}

// fail records a problem once (specs sharing a prefix meet the same gap).
func (w *walker) fail(loc, format string, args ...any) {
	if loc == "" {
		loc = "(body)"
	}
	p := loc + ": " + fmt.Sprintf(format, args...)
	if !slices.Contains(w.problems, p) {
		w.problems = append(w.problems, p)
	}
}

// spec applies one field spec, "a.b[].c?@Model", at v.
func (w *walker) spec(spec string, v any, loc string, keys []any, depth int) {
	if depth > 16 {
		w.fail(loc, "models nest too deep at %q", spec)
		return
	}
	path, model, _ := strings.Cut(spec, "@")
	var segs []string
	if path != "" {
		segs = strings.Split(path, ".")
	}
	w.walk(segs, model, v, loc, keys, depth)
}

func (w *walker) walk(segs []string, model string, v any, loc string, keys []any, depth int) {
	if len(segs) == 0 {
		if model == "" {
			return
		}
		m, ok := w.c.Models[model]
		if !ok {
			w.fail(loc, "unknown model %s", model)
			return
		}
		for _, s := range m.Required {
			w.spec(s, v, loc, keys, depth+1)
		}
		return
	}
	name := segs[0]
	each := strings.HasSuffix(name, "[]")
	name = strings.TrimSuffix(name, "[]")
	optional := strings.HasSuffix(name, "?")
	name = strings.TrimSuffix(name, "?")
	obj, ok := v.(map[string]any)
	if !ok {
		w.fail(loc, "not an object")
		return
	}
	child := name
	if loc != "" {
		child = loc + "." + name
	}
	val, present := obj[name]
	if !present || val == nil {
		if !optional {
			w.fail(child, "missing")
		}
		return
	}
	childKeys := append(append([]any(nil), keys...), name)
	if !optional {
		w.hits = append(w.hits, fieldHit{loc: child, keys: childKeys})
	}
	if !each {
		w.walk(segs[1:], model, val, child, childKeys, depth)
		return
	}
	arr, ok := val.([]any)
	if !ok {
		w.fail(child, "not an array")
		return
	}
	for i, el := range arr {
		w.walk(segs[1:], model, el, child+"["+strconv.Itoa(i)+"]", append(append([]any(nil), childKeys...), i), depth)
	}
}

// without returns a deep copy of body with the field at keys removed.
func without(t testing.TB, body any, keys []any) any {
	t.Helper()
	raw, err := json.Marshal(body)
	require.NoError(t, err)
	var cp any
	require.NoError(t, json.Unmarshal(raw, &cp))
	v := cp
	for i, k := range keys {
		last := i == len(keys)-1
		switch k := k.(type) {
		case string:
			obj := v.(map[string]any)
			if last {
				delete(obj, k)
				return cp
			}
			v = obj[k]
		case int:
			v = v.([]any)[k]
		}
	}
	t.Fatalf("keys %v do not end at an object field", keys)
	return nil
}

// exchange is one request the client sent and the answer it got.
type exchange struct {
	Method, Path, Query string
	Request             []byte
	Status              int
	Response            []byte
}

// recorder is an http.RoundTripper that records every exchange.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	log  []exchange
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		_ = req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(out))
	r.mu.Lock()
	r.log = append(r.log, exchange{Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery, Request: body, Status: resp.StatusCode, Response: out})
	r.mu.Unlock()
	return resp, nil
}

func (r *recorder) exchanges() []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]exchange(nil), r.log...)
}

// decodeBody parses a JSON body; an empty body is nil.
func decodeBody(t testing.TB, raw []byte) any {
	t.Helper()
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	var v any
	require.NoError(t, json.Unmarshal(raw, &v), "body %s", raw)
	return v
}
