package hubspottest

import (
	"fmt"
	"io"
	"math/rand/v2"
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
	s.setFaults(cfg.faults)
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
	if s.cfg.noLog {
		return
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

// Transport returns a RoundTripper that hands each request to the server's
// handler in the calling goroutine, with no socket: for tests that run a
// client on a fake clock (testing/synctest), where a network wait would keep
// the clock from advancing. Requests may name any host; the server's URL is
// the natural choice. A request whose context is done fails at once.
func (s *Server) Transport() http.RoundTripper { return HandlerTransport(s) }

// HandlerTransport returns a RoundTripper that serves each request with h
// in the calling goroutine, as Server.Transport does: for a test's own fake
// API (a hung or failing one, say) on a fake clock.
func HandlerTransport(h http.Handler) http.RoundTripper { return directTransport{h} }

type directTransport struct{ h http.Handler }

func (t directTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	in := r.Clone(r.Context()) // as a server sees it: a body, maybe empty
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, in)
	_ = in.Body.Close()
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}
