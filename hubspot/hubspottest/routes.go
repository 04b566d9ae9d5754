package hubspottest

import (
	"net/http"
	"strings"
)

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
