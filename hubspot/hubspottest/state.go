package hubspottest

import (
	"slices"
	"strings"
)

// Contacts returns every contact in creation order (deep copies).
func (s *Server) Contacts() []Object { return s.objects("contacts") }

// Tasks returns every task in creation order (deep copies).
func (s *Server) Tasks() []Object { return s.objects("tasks") }

func (s *Server) objects(name string) []Object {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stores[name]
	out := make([]Object, len(st.order))
	for i, r := range st.order {
		out[i] = r.object()
	}
	return out
}

// Contact returns the contact whose email matches, case-insensitively.
func (s *Server) Contact(email string) (Object, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.stores["contacts"].unique["email"][strings.ToLower(email)]
	if r == nil {
		return Object{}, false
	}
	return r.object(), true
}

// Object returns the record of objectType ("contacts", "tasks", "0-1",
// "0-27") with the given id.
func (s *Server) Object(objectType, id string) (Object, bool) {
	ot := lookupType(objectType)
	if ot == nil {
		return Object{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.stores[ot.name].byID[id]
	if r == nil {
		return Object{}, false
	}
	return r.object(), true
}

// Events returns the stored custom events in arrival order; a repeated uuid
// of the same event name is stored once.
func (s *Server) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Event, len(s.events))
	for i, e := range s.events {
		out[i] = e.clone()
	}
	return out
}

// Requests returns the request log in arrival order: every request,
// including refused, faulted and unknown ones.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = r.clone()
	}
	return out
}

// Count429 returns how many requests were answered 429, injected faults included.
func (s *Server) Count429() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if r.Status == 429 {
			n++
		}
	}
	return n
}

// Properties returns the property definitions of objectType in creation
// order (default ones first); nil for an unknown type.
func (s *Server) Properties(objectType string) []Property {
	ot := lookupType(objectType)
	if ot == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sch := s.schemas[ot.name]
	out := make([]Property, len(sch.propOrder))
	for i, name := range sch.propOrder {
		out[i] = sch.props[name].clone()
	}
	return out
}

// Groups returns the property groups of objectType in creation order; nil
// for an unknown type.
func (s *Server) Groups(objectType string) []PropertyGroup {
	ot := lookupType(objectType)
	if ot == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sch := s.schemas[ot.name]
	out := make([]PropertyGroup, len(sch.groupOrder))
	for i, name := range sch.groupOrder {
		out[i] = *sch.groups[name]
	}
	return out
}

// Owners returns the configured owners.
func (s *Server) Owners() []Owner {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.owners)
}
