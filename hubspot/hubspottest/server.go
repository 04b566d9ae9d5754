package hubspottest

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxBody bounds a request body; larger bodies are refused with 413.
const maxBody = 32 << 20

// Server is an in-memory HubSpot CRM served over HTTP. It is safe for
// concurrent use: all state lives under one mutex.
type Server struct {
	// URL is the base URL of the server (http://127.0.0.1:port), to pass to the
	// client as its base URL; paths such as /crm/v3/... are appended to it.
	URL string
	// Token is the bearer token the server accepts.
	Token string

	srv       *httptest.Server
	cfg       config
	now       func() time.Time
	closeOnce sync.Once

	mu        sync.Mutex
	stores    map[string]*store
	schemas   map[string]*schema
	owners    []Owner
	ownerIDs  map[string]bool
	events    []Event
	eventSeen map[[2]string]bool
	requests  []Request
	limits    limiter
	rng       *rand.Rand
	nextID    uint64
	corr      uint64
}

var _ http.Handler = (*Server)(nil)

// NewServer starts an in-memory HubSpot on a local port. It panics when an
// option is invalid (the message names the option and value) or when the
// listener fails, like httptest.NewServer. Call Close when done.
func NewServer(opts ...Option) *Server {
	s := build(opts)
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	return s
}

// build validates the options and builds the state of an unstarted server.
func build(opts []Option) *Server {
	cfg := config{token: DefaultToken, clock: time.Now}
	for _, o := range opts {
		if o == nil {
			cfg.fail("nil Option")
			continue
		}
		o(&cfg)
	}
	s := &Server{
		Token:     cfg.token,
		cfg:       cfg,
		now:       cfg.clock,
		stores:    map[string]*store{},
		schemas:   map[string]*schema{},
		ownerIDs:  map[string]bool{},
		eventSeen: map[[2]string]bool{},
		nextID:    1000,
	}
	s.limits = limiter{max: cfg.rateMax, interval: cfg.rateInterval, daily: cfg.dailyLimit, search: cfg.searchLimit}
	if cfg.faults.enabled() {
		seed := uint64(cfg.faults.Seed)
		s.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	}
	for _, ot := range objectTypes {
		s.schemas[ot.name] = defaultSchema(ot.name, s.clockNow())
		s.stores[ot.name] = newStore(ot)
	}
	for _, o := range cfg.owners {
		if s.ownerIDs[o.ID] {
			cfg.fail("WithOwners: duplicate owner ID %q", o.ID)
			continue
		}
		s.ownerIDs[o.ID] = true
		s.owners = append(s.owners, o)
	}
	for _, g := range cfg.groups {
		ot := lookupType(g.objectType)
		if ot == nil {
			cfg.fail("WithGroups: unknown object type %q", g.objectType)
			continue
		}
		if msg := s.schemas[ot.name].addGroup(g.group); msg != "" {
			cfg.fail("WithGroups(%q): %s", g.objectType, msg)
		}
	}
	for _, p := range cfg.props {
		ot := lookupType(p.objectType)
		if ot == nil {
			cfg.fail("WithProperties: unknown object type %q", p.objectType)
			continue
		}
		sch := s.schemas[ot.name]
		if p.prop.GroupName != "" && sch.groups[p.prop.GroupName] == nil {
			if msg := sch.addGroup(PropertyGroup{Name: p.prop.GroupName, Label: p.prop.GroupName}); msg != "" {
				cfg.fail("WithProperties(%q): %s", p.objectType, msg)
				continue
			}
		}
		if _, msg := sch.addProperty(p.prop, s.clockNow()); msg != "" {
			cfg.fail("WithProperties(%q): %s", p.objectType, msg)
			continue
		}
		if p.prop.HasUniqueValue {
			s.stores[ot.name].unique[p.prop.Name] = map[string]*record{}
		}
	}
	if len(cfg.errs) > 0 {
		panic("hubspottest: " + strings.Join(cfg.errs, "; "))
	}
	return s
}

// Close shuts the server down and waits for outstanding requests. Calling it
// again does nothing.
func (s *Server) Close() {
	s.closeOnce.Do(s.srv.Close)
}

// Client returns an *http.Client configured for the server.
func (s *Server) Client() *http.Client {
	return s.srv.Client()
}

// call is one routed request handed to a handler.
type call struct {
	method     string
	objectType *objectType
	param      string // id, property or group name, batch operation
	body       []byte
	query      url.Values
	now        time.Time
	corr       string
}

// reply is a handler's answer: a status and an already encoded body (nil for none).
type reply struct {
	status int
	body   []byte
}

type handler func(s *Server, c *call) reply

// ServeHTTP serves the HubSpot API: authentication, latency, rate limits,
// faults, then the endpoint itself, recording every request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	entry := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: body}
	if err != nil {
		s.finish(w, reply{}, FaultReset) // the client hung up
		return
	}
	if !s.authorized(r) {
		s.mu.Lock()
		corr := s.nextCorrelation()
		msg := "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
		if r.Header.Get("Authorization") != "" {
			msg = "The access token provided is invalid or has expired."
		}
		rep := errorReply(http.StatusUnauthorized, "INVALID_AUTHENTICATION", msg, corr, nil)
		entry.CorrelationID = corr
		s.record(entry, rep.status, FaultNone)
		s.mu.Unlock()
		s.finish(w, rep, FaultNone)
		return
	}
	if s.cfg.latency > 0 {
		t := time.NewTimer(s.cfg.latency)
		select {
		case <-r.Context().Done():
			t.Stop()
			s.mu.Lock()
			entry.Time = s.clockNow()
			s.record(entry, 0, FaultCanceled)
			s.mu.Unlock()
			return
		case <-t.C:
		}
	}
	h, c, search := route(r.Method, r.URL.Path)
	c.body, c.query = body, r.URL.Query()

	s.mu.Lock()
	c.now = s.clockNow()
	c.corr = s.nextCorrelation()
	entry.Time, entry.CorrelationID = c.now, c.corr
	st, policy := s.limits.admit(c.now, search)
	hdr := w.Header()
	if !search {
		st.setHeaders(hdr)
	}
	if policy != "" {
		rep := rateLimitReply(policy, c.corr)
		s.record(entry, rep.status, FaultNone)
		s.mu.Unlock()
		s.finish(w, rep, FaultNone)
		return
	}
	if len(body) > maxBody {
		rep := errorReply(http.StatusRequestEntityTooLarge, "VALIDATION_ERROR", "Request body too large", c.corr, nil)
		s.record(entry, rep.status, FaultNone)
		s.mu.Unlock()
		s.finish(w, rep, FaultNone)
		return
	}
	fault := s.drawFault()
	var rep reply
	switch fault {
	case FaultServerError:
		code := []int{500, 502, 503, 504}[s.rng.IntN(4)]
		rep = errorReply(code, "INTERNAL_ERROR", "internal error", c.corr, nil)
	case FaultRateLimited:
		rep = rateLimitReply(policyTenSecondly, c.corr)
	case FaultReset:
	case FaultApplyThenFail:
		h(s, &c)
		if s.rng.IntN(2) == 0 {
			rep = errorReply(http.StatusInternalServerError, "INTERNAL_ERROR", "internal error", c.corr, nil)
		} else {
			s.record(entry, 0, FaultApplyThenFail)
			s.mu.Unlock()
			s.finish(w, rep, FaultReset)
			return
		}
	default:
		rep = h(s, &c)
	}
	s.record(entry, rep.status, fault)
	s.mu.Unlock()
	s.finish(w, rep, fault)
}

// finish writes the reply, or resets the connection for FaultReset.
func (s *Server) finish(w http.ResponseWriter, rep reply, fault FaultKind) {
	if fault == FaultReset {
		resetConn(w)
		return
	}
	if rep.body != nil {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(rep.body)))
	}
	w.WriteHeader(rep.status)
	if rep.body != nil {
		_, _ = w.Write(rep.body)
	}
}

// resetConn hijacks the connection and closes it, with SO_LINGER 0 so the
// peer sees a reset rather than an orderly close.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

func (s *Server) authorized(r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	return ok && tok == s.Token
}

// record appends to the request log; s.mu must be held.
func (s *Server) record(e Request, status int, fault FaultKind) {
	if e.Time.IsZero() {
		e.Time = s.clockNow()
	}
	e.Status, e.Fault = status, fault
	s.requests = append(s.requests, e)
}

// clockNow reads the server clock in UTC at millisecond precision, the
// precision of HubSpot's timestamps.
func (s *Server) clockNow() time.Time {
	return s.now().UTC().Truncate(time.Millisecond)
}

// nextCorrelation returns a UUID-looking, counter-based correlation id; s.mu must be held.
func (s *Server) nextCorrelation() string {
	s.corr++
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", uint32(s.corr>>32), s.corr&0xffffffffffff)
}

// drawFault picks at most one fault for a request; s.mu must be held.
func (s *Server) drawFault() FaultKind {
	if s.rng == nil {
		return FaultNone
	}
	f := s.cfg.faults
	u := s.rng.Float64()
	for _, c := range []struct {
		p    float64
		kind FaultKind
	}{{f.ServerError, FaultServerError}, {f.RateLimited, FaultRateLimited}, {f.Reset, FaultReset}, {f.ApplyThenFail, FaultApplyThenFail}} {
		if u < c.p {
			return c.kind
		}
		u -= c.p
	}
	return FaultNone
}

// objectType is one supported CRM object type.
type objectType struct {
	name     string // canonical plural name, "contacts"
	id       string // object type id, "0-1"
	singular string // upper-case singular used in messages, "CONTACT"
	created  string // property holding the creation time
	modified string // property holding the last write time
}

var objectTypes = [...]objectType{
	{name: "contacts", id: "0-1", singular: "CONTACT", created: "createdate", modified: "lastmodifieddate"},
	{name: "tasks", id: "0-27", singular: "TASK", created: "hs_createdate", modified: "hs_lastmodifieddate"},
}

func lookupType(s string) *objectType {
	for i := range objectTypes {
		if objectTypes[i].name == s || objectTypes[i].id == s {
			return &objectTypes[i]
		}
	}
	return nil
}

// versionedPrefixes maps the date-versioned path families onto the v3 ones.
var versionedPrefixes = [...][2]string{
	{"/crm/objects/2026-03/", "/crm/v3/objects/"},
	{"/crm/properties/2026-03/", "/crm/v3/properties/"},
	{"/events/2026-03/", "/events/v3/"},
}

// route maps a method and path to a handler and its parameters. It reports
// whether the request is a search (SECONDLY policy, no rate headers).
func route(method, path string) (handler, call, bool) {
	for _, p := range versionedPrefixes {
		if rest, ok := strings.CutPrefix(path, p[0]); ok {
			path = p[1] + rest
		}
	}
	c := call{method: method}
	seg := strings.Split(strings.Trim(path, "/"), "/")
	is := func(n int, parts ...string) bool {
		if len(seg) != n {
			return false
		}
		for i, p := range parts {
			if p != "*" && seg[i] != p {
				return false
			}
		}
		return true
	}
	typed := func(h handler, param string) (handler, call, bool) {
		c.objectType = lookupType(seg[3])
		c.param = param
		if c.objectType == nil {
			return unknownType(seg[3]), c, false
		}
		return h, c, false
	}
	need := func(m string, h handler) handler {
		if method != m {
			return methodNotAllowed
		}
		return h
	}
	switch {
	case is(4, "crm", "v3", "objects", "*"):
		return typed(need(http.MethodPost, (*Server).handleCreate), "")
	case is(5, "crm", "v3", "objects", "*", "search"):
		h, c, _ := typed(need(http.MethodPost, (*Server).handleSearch), "")
		return h, c, true
	case is(5, "crm", "v3", "objects", "*"):
		return typed(need(http.MethodGet, (*Server).handleGet), seg[4])
	case is(6, "crm", "v3", "objects", "*", "batch"):
		switch seg[5] {
		case "upsert", "update", "create":
			return typed(need(http.MethodPost, (*Server).handleBatchWrite), seg[5])
		case "read":
			return typed(need(http.MethodPost, (*Server).handleBatchRead), seg[5])
		}
	case is(4, "crm", "v3", "properties", "*"):
		if method == http.MethodGet {
			return typed((*Server).handleListProperties, "")
		}
		return typed(need(http.MethodPost, (*Server).handleCreateProperty), "")
	case is(5, "crm", "v3", "properties", "*", "groups"):
		if method == http.MethodGet {
			return typed((*Server).handleListGroups, "")
		}
		return typed(need(http.MethodPost, (*Server).handleCreateGroup), "")
	case is(6, "crm", "v3", "properties", "*", "groups"):
		return typed(need(http.MethodGet, (*Server).handleGetGroup), seg[5])
	case is(6, "crm", "v3", "properties", "*", "batch"):
		switch seg[5] {
		case "create":
			return typed(need(http.MethodPost, (*Server).handleBatchCreateProperties), "")
		case "read":
			return typed(need(http.MethodPost, (*Server).handleBatchReadProperties), "")
		}
	case is(5, "crm", "v3", "properties", "*"):
		return typed(need(http.MethodGet, (*Server).handleGetProperty), seg[4])
	case is(3, "crm", "v3", "owners"):
		return need(http.MethodGet, (*Server).handleOwners), c, false
	case is(3, "events", "v3", "send"):
		return need(http.MethodPost, (*Server).handleSendEvent), c, false
	case is(4, "events", "v3", "send", "batch"):
		return need(http.MethodPost, (*Server).handleSendEventBatch), c, false
	}
	return notFound, c, false
}

func notFound(_ *Server, c *call) reply {
	return errorReply(http.StatusNotFound, "OBJECT_NOT_FOUND", "resource not found", c.corr, nil)
}

func methodNotAllowed(_ *Server, c *call) reply {
	return errorReply(http.StatusMethodNotAllowed, "VALIDATION_ERROR", "method "+c.method+" not allowed", c.corr, nil)
}

func unknownType(name string) handler {
	return func(_ *Server, c *call) reply {
		return errorReply(http.StatusNotFound, "OBJECT_NOT_FOUND", "Unable to infer object type from: "+name, c.corr, nil)
	}
}
