package syncspec

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/identity"
)

var identifierTypes = []cdp.IdentifierType{cdp.UserID, cdp.Email, cdp.CPF, cdp.Phone, cdp.HubSpotID, cdp.AnonymousID}

const typeList = "user_id, email, cpf, phone, hubspot_id, anonymous_id"

// validName reports whether s matches ^[a-z][a-z0-9_]*$, the form HubSpot
// requires of property and group names (and the spec of trait names).
func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == ""
}

// quote shows a JSON value in a message.
func quote(raw json.RawMessage) string {
	if raw == nil {
		return "(absent)"
	}
	return string(raw)
}

func orEmpty(raw json.RawMessage) json.RawMessage {
	if raw == nil {
		return json.RawMessage("{}")
	}
	return raw
}

func joinQuoted(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = `"` + s + `"`
	}
	return strings.Join(q, " or ")
}

// typed returns the fields of an object keyed by identifier type.
func (d decoder) typed(raw json.RawMessage, path string) map[cdp.IdentifierType]json.RawMessage {
	names := make([]string, len(identifierTypes))
	for i, t := range identifierTypes {
		names[i] = string(t)
	}
	out := map[cdp.IdentifierType]json.RawMessage{}
	for k, v := range d.object(raw, path, names...) {
		if slices.Contains(names, k) {
			out[cdp.IdentifierType(k)] = v
		}
	}
	return out
}

// typedLists returns an object of string lists keyed by identifier type.
func (d decoder) typedLists(raw json.RawMessage, path string) map[cdp.IdentifierType][]string {
	if raw == nil {
		return nil
	}
	fields := d.typed(raw, path)
	out := map[cdp.IdentifierType][]string{}
	for _, t := range slices.Sorted(maps.Keys(fields)) {
		out[t] = d.strList(fields[t], join(path, string(t)))
	}
	return out
}

// identityPath turns an identity.ConfigError field ("Limits[cpf]") into
// the spec's path ("identity.limits.cpf").
func identityPath(field string) string {
	for _, f := range [][2]string{{"MaxIdentifiers", "max_identifiers"}, {"Limits", "limits"},
		{"BlockedPatterns", "blocked_patterns"}, {"Blocked", "blocked"}} {
		rest, ok := strings.CutPrefix(field, f[0])
		if !ok {
			continue
		}
		if t, after, ok := strings.Cut(strings.TrimPrefix(rest, "["), "]"); ok && strings.HasPrefix(rest, "[") {
			rest = "." + t + after
		}
		return "identity." + f[1] + rest
	}
	return "identity"
}

// IdentityConfig returns the stitching rules of the spec with key (nil: an
// unkeyed graph). Blocked values and patterns are added to the defaults;
// limits replace the default limits when given.
func (s *Spec) IdentityConfig(key []byte) identity.Config {
	r := s.identity
	blocked := identity.DefaultBlocked()
	for t, vs := range r.blocked {
		blocked[t] = append(blocked[t], vs...)
	}
	patterns := identity.DefaultBlockedPatterns()
	for t, ps := range r.patterns {
		patterns[t] = append(patterns[t], ps...)
	}
	return identity.Config{Limits: r.limits, MaxIdentifiers: r.maxIDs, Blocked: blocked, BlockedPatterns: patterns, Key: key}
}

// rowKinds are the column kinds of each trait kind.
var rowKinds = map[cdp.Kind]rows.Kind{cdp.KindString: rows.String, cdp.KindNumber: rows.Decimal, cdp.KindBool: rows.Bool,
	cdp.KindDate: rows.Date, cdp.KindTimestamp: rows.Timestamp}

// schema returns the source's row schema: the identifier columns (personal
// data, never quoted in errors), the trait columns and observed_at, in
// that order, each group sorted by name.
func (src Source) schema() (*rows.Schema, error) {
	var cols []rows.Column
	for _, c := range slices.Sorted(maps.Keys(src.Identifiers)) {
		cols = append(cols, rows.Column{Name: c, Kind: rows.String, MaxLen: 512, PII: true})
	}
	for _, c := range slices.Sorted(maps.Keys(src.Traits)) {
		col := rows.Column{Name: c, Kind: rowKinds[src.Traits[c]]}
		if col.Kind == rows.String {
			col.MaxLen = 65_536
		}
		cols = append(cols, col)
	}
	if src.ObservedAt != "" {
		cols = append(cols, rows.Column{Name: src.ObservedAt, Kind: rows.Timestamp, Required: true})
	}
	return rows.NewSchema(cols...)
}

// Schema returns the row schema the source is read with.
func (src Source) Schema() *rows.Schema {
	s, err := src.schema()
	if err != nil {
		panic(err) // Parse refused every source whose schema is invalid
	}
	return s
}
