package hubspottest

import (
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
)

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

// SetFaults replaces the fault configuration of a running server and reseeds
// the generator from f.Seed, e.g. to set a schema up before turning faults on.
// Faults{} turns injection off. An invalid f is refused with an error and
// changes nothing.
func (s *Server) SetFaults(f Faults) error {
	var cfg config
	WithFaults(f)(&cfg)
	if len(cfg.errs) > 0 {
		return errors.New("hubspottest: " + cfg.errs[0])
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setFaults(f)
	return nil
}

// setFaults installs f; s.mu must be held once the server runs.
func (s *Server) setFaults(f Faults) {
	s.cfg.faults, s.rng = f, nil
	if f.enabled() {
		seed := uint64(f.Seed)
		s.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	}
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
