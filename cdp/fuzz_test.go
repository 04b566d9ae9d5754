package cdp

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

// nonBlankLines counts the lines of data that hold more than white space,
// as the decoders define lines: split on '\n', a byte order mark ignored on
// the first line.
func nonBlankLines(data []byte) []int {
	var out []int
	for i, line := range bytes.Split(data, []byte("\n")) {
		if i == 0 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimSpace(line)) > 0 {
			out = append(out, i+1)
		}
	}
	return out
}

// checkDecoded asserts that no line was swallowed: every non-blank line
// either decoded into a record or produced exactly one *LineError (kept or
// counted in More), and the kept line errors name non-blank lines in
// increasing order.
func checkDecoded(t *testing.T, data []byte, records int, err error) {
	t.Helper()
	var errLines []int
	more := 0
	if err != nil {
		var des *DecodeErrors
		if !errors.As(err, &des) {
			t.Fatalf("error is not *DecodeErrors: %v", err)
		}
		if len(des.List) > DefaultMaxErrors || (des.More > 0 && len(des.List) != DefaultMaxErrors) {
			t.Fatalf("%d errors kept and %d more: want the first %d kept", len(des.List), des.More, DefaultMaxErrors)
		}
		more = des.More
		for _, le := range des.List {
			if !errors.Is(le, ErrInvalid) {
				t.Fatalf("line %d: error does not match ErrInvalid: %v", le.Line, le.Err)
			}
			errLines = append(errLines, le.Line)
		}
	}
	lines := nonBlankLines(data)
	if records+len(errLines)+more != len(lines) {
		t.Fatalf("%d records + %d errors + %d more != %d non-blank lines (errors: %v)", records, len(errLines), more, len(lines), err)
	}
	for i, n := range errLines {
		if i > 0 && n <= errLines[i-1] {
			t.Fatalf("error lines not increasing: %v", errLines)
		}
		if !slices.Contains(lines, n) {
			t.Fatalf("error on line %d, which is blank; non-blank lines %v", n, lines)
		}
	}
}

var fuzzSeeds = []string{
	"",
	"\n\n",
	goodEvent,
	`{"id":"e","name":"n","time":"2025-06-23T12:00:00-03:00","source":"s","identifiers":[{"type":"cpf","value":"1"}],"properties":{"a":{"kind":"number","value":"0.10"},"b":{"kind":"strings","value":["x"]},"c":{"kind":"date","value":"2024-02-29"},"d":{"kind":"timestamp","value":"2025-01-01T00:00:00.5Z"},"e":{"kind":"bool","value":true}}}`,
	`{"id":"p1","identifiers":[{"type":"email","value":"a@b.c"}],"traits":{"x":{"value":{"kind":"number","value":1e3},"observed_at":"2025-06-23T12:00:00Z","source":"core"}}}`,
	"{bad\n{\"name\":1}\n[1]\nnull\n\xef\xbb\xbf{}\r\n",
	`{"traits":{"a":{"value":{"kind":"strings","value":["a",null]}}}}`,
	`{"properties":{"p":{"kind":"number","value":"1e-1001"}}}`,
}

func FuzzDecodeEvents(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		events, err := ReadEvents(bytes.NewReader(data), DecodeConfig{MaxLineBytes: 1 << 16})
		checkDecoded(t, data, len(events), err)
		for _, e := range events {
			if verr := e.Validate(); verr != nil {
				t.Fatalf("decoded an invalid event: %v", verr)
			}
			b1, merr := json.Marshal(e)
			if merr != nil {
				t.Fatalf("decoded event does not encode: %v", merr)
			}
			again, rerr := ReadEvents(bytes.NewReader(b1))
			if rerr != nil || len(again) != 1 {
				t.Fatalf("re-decoding %s: %d events, %v", b1, len(again), rerr)
			}
			b2, _ := json.Marshal(again[0])
			if !bytes.Equal(b1, b2) {
				t.Fatalf("round trip changed the event:\n%s\n%s", b1, b2)
			}
		}
	})
}

func FuzzDecodeProfiles(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		profiles, err := ReadProfiles(bytes.NewReader(data), DecodeConfig{MaxLineBytes: 1 << 16})
		checkDecoded(t, data, len(profiles), err)
		for _, p := range profiles {
			b1, merr := json.Marshal(p)
			if merr != nil {
				t.Fatalf("decoded profile does not encode: %v", merr)
			}
			again, rerr := ReadProfiles(bytes.NewReader(b1))
			if rerr != nil || len(again) != 1 {
				t.Fatalf("re-decoding %s: %d profiles, %v", b1, len(again), rerr)
			}
			b2, _ := json.Marshal(again[0])
			if !bytes.Equal(b1, b2) {
				t.Fatalf("round trip changed the profile:\n%s\n%s", b1, b2)
			}
			m := Merge(p, again[0], nil)
			if _, merr := json.Marshal(m); merr != nil {
				t.Fatalf("merged profile does not encode: %v", merr)
			}
		}
	})
}

func FuzzValueJSON(f *testing.F) {
	for _, s := range []string{
		`{"kind":"number","value":"0.10"}`, `{"kind":"number","value":-1.5e-3}`, `{"kind":"string","value":"\u00e9"}`,
		`{"kind":"bool","value":false}`, `{"kind":"date","value":"2025-03-04"}`,
		`{"kind":"timestamp","value":"2025-06-23T09:00:00.123-03:00"}`, `{"kind":"strings","value":["a","b"]}`,
		`null`, `{}`, `{"kind":"number","value":"1e1000"}`, `"x"`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v Value
		if err := json.Unmarshal(data, &v); err != nil {
			if !v.IsZero() {
				t.Fatalf("failed unmarshal changed the value to %v", v)
			}
		} else {
			b1, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("decoded value %v does not encode: %v", v, err)
			}
			var w Value
			if err := json.Unmarshal(b1, &w); err != nil {
				t.Fatalf("re-decoding %s: %v", b1, err)
			}
			if Compare(v, w) != 0 || !v.Equal(w) {
				t.Fatalf("round trip changed %s into %v", b1, w)
			}
			b2, _ := json.Marshal(w)
			if !bytes.Equal(b1, b2) {
				t.Fatalf("encoding not stable: %s then %s", b1, b2)
			}
		}
		// The same bytes as text for ParseValue: no panic, and the text
		// form of a parsed value reads back identically.
		for _, k := range []Kind{KindString, KindNumber, KindDate, KindTimestamp, KindBool, KindStrings, KindInvalid} {
			pv, err := ParseValue(k, string(data))
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("ParseValue(%s) error does not match ErrInvalid: %v", k, err)
				}
				continue
			}
			if k == KindBool || k == KindStrings {
				continue // their text forms are not unique
			}
			back, err := ParseValue(k, pv.String())
			if err != nil || Compare(pv, back) != 0 {
				t.Fatalf("ParseValue(%s, %q) = %v; reading back %q gives %v, %v", k, data, pv, pv.String(), back, err)
			}
		}
	})
}
