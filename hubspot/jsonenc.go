package hubspot

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/warrenbrasil/customerdata/cdp"
)

// jsonAppender is a request body that writes its own JSON: batch bodies of
// 100 inputs are hot, and encoding/json's map encoding dominates their cost.
type jsonAppender interface {
	appendJSON(b []byte) ([]byte, error)
	sizeHint() int
}

// sizeHint guesses the body size: a few hundred bytes an input.
func (r batchRequest) sizeHint() int { return 64 + 384*len(r.Inputs) }

// appendJSON writes r as encoding/json would, with property names sorted.
func (r batchRequest) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"inputs":[`...)
	var keys []string
	for i, in := range r.Inputs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		if in.ID != "" {
			b = append(b, `"id":`...)
			b = appendJSONString(b, in.ID)
			b = append(b, ',')
		}
		if in.IDProperty != "" {
			b = append(b, `"idProperty":`...)
			b = appendJSONString(b, in.IDProperty)
			b = append(b, ',')
		}
		b = append(b, `"properties":{`...)
		keys = keys[:0]
		if in.Values != nil {
			for k := range in.Values {
				keys = append(keys, k)
			}
		} else {
			for k := range in.Properties {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for j, k := range keys {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			if in.Values == nil {
				b = appendJSONString(b, in.Properties[k])
				continue
			}
			var err error
			if b, err = appendValue(b, in.Values[k]); err != nil {
				if ve, ok := err.(*ValueError); ok {
					ve.Property = k
				}
				return nil, fmt.Errorf("input %d: %w", i, err)
			}
		}
		b = append(b, '}')
		if in.TraceID != "" {
			b = append(b, `,"objectWriteTraceId":`...)
			b = appendJSONString(b, in.TraceID)
		}
		if in.Associations != nil {
			a, err := json.Marshal(in.Associations)
			if err != nil {
				return nil, err
			}
			b = append(b, `,"associations":`...)
			b = append(b, a...)
		}
		b = append(b, '}')
	}
	return append(b, "]}"...), nil
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string, escaping as encoding/json
// does (HTML characters included) and replacing invalid UTF-8 with U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s)
	return append(b, '"')
}

// appendEscaped appends the JSON-escaped content of s, without quotes.
func appendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if safeASCII[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// safeASCII marks the ASCII bytes a JSON string holds unescaped.
var safeASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendValue appends v, encoded as EncodeValue does, as a JSON string.
func appendValue(b []byte, v cdp.Value) ([]byte, error) {
	switch v.Kind() {
	case cdp.KindString:
		s, _ := v.AsString()
		if err := checkLength(s); err != nil {
			return nil, err
		}
		return appendJSONString(b, s), nil
	case cdp.KindNumber:
		d, _ := v.AsNumber()
		b = append(b, '"')
		return append(appendDecimal(b, d), '"'), nil
	case cdp.KindBool:
		if t, _ := v.AsBool(); t {
			return append(b, `"true"`...), nil
		}
		return append(b, `"false"`...), nil
	case cdp.KindDate:
		d, _ := v.AsDate()
		if !validDate(d) {
			return nil, &ValueError{Problem: fmt.Sprintf("invalid date %s", d)}
		}
		b = append(b, '"')
		return append(d.AppendFormat(b), '"'), nil
	case cdp.KindTimestamp:
		t, _ := v.AsTimestamp()
		if t.IsZero() {
			return nil, &ValueError{Problem: "zero timestamp"}
		}
		b = append(b, '"')
		return append(appendTimestamp(b, t), '"'), nil
	case cdp.KindStrings:
		list, _ := v.AsStrings()
		n := 0
		for i, item := range list {
			if strings.Contains(item, ";") {
				return nil, &ValueError{Problem: fmt.Sprintf("list item %q contains the separator ';'", truncate(item))}
			}
			n += len(item)
			if i > 0 {
				n++
			}
		}
		if n > MaxStringLength {
			if err := checkLength(strings.Join(list, ";")); err != nil {
				return nil, err
			}
		}
		b = append(b, '"')
		for i, item := range list {
			if i > 0 {
				b = append(b, ';')
			}
			b = appendEscaped(b, item)
		}
		return append(b, '"'), nil
	}
	s, err := EncodeValue(v)
	if err != nil {
		return nil, err
	}
	return appendJSONString(b, s), nil
}
