package syncspec

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// decoder walks the JSON document by hand, so that every unknown field and
// every value of the wrong type is reported with its path, not only the
// first one encoding/json meets.
type decoder struct{ *problems }

// object returns the fields of the object raw, reporting a non-object and
// every field not in allowed. A nil result means raw was not an object.
func (d decoder) object(raw json.RawMessage, path string, allowed ...string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if !isKind(raw, '{') || json.Unmarshal(raw, &m) != nil {
		d.add(path, "want an object")
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(allowed, k) {
			d.add(join(path, k), "unknown field (want one of %s)", strings.Join(allowed, ", "))
		}
	}
	return m
}

// array returns the elements of the array raw, reporting a non-array.
func (d decoder) array(raw json.RawMessage, path string) []json.RawMessage {
	var a []json.RawMessage
	if !isKind(raw, '[') || json.Unmarshal(raw, &a) != nil {
		d.add(path, "want an array")
		return nil
	}
	return a
}

// str returns the string raw; absent (nil raw) is "" without a problem.
func (d decoder) str(raw json.RawMessage, path string) string {
	if raw == nil {
		return ""
	}
	var s string
	if !isKind(raw, '"') || json.Unmarshal(raw, &s) != nil {
		d.add(path, "want a string")
	}
	return s
}

// integer returns the whole number raw; absent is 0.
func (d decoder) integer(raw json.RawMessage, path string) int {
	if raw == nil {
		return 0
	}
	var n int
	if json.Unmarshal(raw, &n) != nil {
		d.add(path, "want a whole number")
	}
	return n
}

// strList returns the array of strings raw.
func (d decoder) strList(raw json.RawMessage, path string) []string {
	var out []string
	for i, el := range d.array(raw, path) {
		out = append(out, d.str(el, index(path, i)))
	}
	return out
}

// stringMap returns the object of strings raw, keys sorted.
func (d decoder) stringMap(raw json.RawMessage, path string) ([]string, map[string]string) {
	var m map[string]json.RawMessage
	if !isKind(raw, '{') || json.Unmarshal(raw, &m) != nil {
		d.add(path, "want an object")
		return nil, nil
	}
	keys := slices.Sorted(maps.Keys(m))
	out := make(map[string]string, len(m))
	for _, k := range keys {
		out[k] = d.str(m[k], join(path, k))
	}
	return keys, out
}

// isKind reports whether the JSON value raw starts with the byte c.
func isKind(raw json.RawMessage, c byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == c
}
