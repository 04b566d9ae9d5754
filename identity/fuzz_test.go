package identity

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/warrenbrasil/customerdata/cdp"
)

// checkNormalizer is the contract every normaliser keeps: it never panics;
// it returns either a value and no error, or an *InvalidError of its type
// with the trimmed input and a reason and no value; a value is normal
// (normalising it again gives it back).
func checkNormalizer(t *testing.T, typ cdp.IdentifierType, fn func(string) (string, error), in string) string {
	t.Helper()
	out, err := fn(in)
	if err != nil {
		var ie *InvalidError
		if !errors.As(err, &ie) || !errors.Is(err, ErrInvalid) {
			t.Fatalf("%q: error %v is not an *InvalidError", in, err)
		}
		if ie.Type != typ || ie.Reason == "" || ie.Value != strings.TrimSpace(in) || out != "" {
			t.Fatalf("%q: bad error %#v, out %q", in, ie, out)
		}
		return ""
	}
	if out == "" {
		t.Fatalf("%q: empty value without error", in)
	}
	again, err := fn(out)
	if err != nil || again != out {
		t.Fatalf("%q: normal form %q not stable: %q, %v", in, out, again, err)
	}
	return out
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"Ana@Example.com", " a.b+c@x.com.br ", "a@b", "@", "a@@b.com", "a..b@c.com", "joão@x.com", "a@b.c0m", "a@1.2", "a.@b.com", ".a@b.com", "a@b-.com", "a@-b.com", "a@b..com", "a@b.com.", "a@b.c", "a@b.12", "a@b.1a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if out := checkNormalizer(t, cdp.Email, NormalizeEmail, s); out != "" {
			if out != strings.ToLower(out) || strings.Count(out, "@") != 1 || strings.TrimSpace(out) != out {
				t.Fatalf("%q: bad e-mail %q", s, out)
			}
		}
		// The one-pass check accepts exactly the values the full path
		// returns unchanged.
		out, err := normalizeEmail(s)
		if want := err == nil && out == s; isNormalEmail(s) != want {
			t.Fatalf("%q: isNormalEmail %v, full path gives %q, %v", s, !want, out, err)
		}
	})
}

func FuzzNormalizeCPF(f *testing.F) {
	for _, s := range []string{"529.982.247-25", "52998224725", "111.111.111-11", "529.982.247-26", "1", "", "5299822472５"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if out := checkNormalizer(t, cdp.CPF, NormalizeCPF, s); out != "" {
			if len(out) != 11 || strings.Trim(out, "0123456789") != "" {
				t.Fatalf("%q: bad CPF %q", s, out)
			}
		}
	})
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"+55 (11) 91234-5678", "011 91234 5678", "11912345678", "55 11 91234-5678", "(11) 8123-4567", "+1 415 555 2671", "00", "+", "0", "+55"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if out := checkNormalizer(t, cdp.Phone, NormalizePhone, s); out != "" {
			if out[0] != '+' || len(out) < 9 || len(out) > 16 || strings.Trim(out[1:], "0123456789") != "" {
				t.Fatalf("%q: bad E.164 %q", s, out)
			}
		}
	})
}

func FuzzNormalizeID(f *testing.F) {
	for _, s := range []string{" u-1 ", "", "\x00", "\xff", "usuário"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if out := checkNormalizer(t, cdp.UserID, NormalizeID, s); out != "" && !utf8.ValidString(out) {
			t.Fatalf("%q: invalid UTF-8 %q", s, out)
		}
	})
}

// FuzzReadObservations checks the NDJSON decoder: no panic; every
// non-blank line is accounted for exactly once (an observation, an empty
// one, or a bad line); every identifier is either passed on or counted as
// dropped; and a graph fed the same input agrees and survives a snapshot.
func FuzzReadObservations(f *testing.F) {
	f.Add([]byte(sampleNDJSON))
	f.Add([]byte(`{"observed_at":"2026-11-20T10:00:00Z","identifiers":{"email":["a@b.com",""],"":"x"}}`))
	f.Add([]byte("\n\n{}\n[]\nnull\n"))
	f.Add([]byte(`{"observed_at":"0001-01-01T00:00:00Z","identifiers":{"user_id":"u"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ids int
		st, err := ReadObservations(bytes.NewReader(data), func(o Observation) error {
			if len(o.Identifiers) == 0 || o.ObservedAt.IsZero() {
				t.Fatalf("bad observation passed on: %+v", o)
			}
			ids += len(o.Identifiers)
			return nil
		})
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		nonBlank := 0
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				nonBlank++
			}
		}
		if got := st.Observations + st.Empty + st.BadLines; got != nonBlank {
			t.Fatalf("%d non-blank lines, accounted for %d (%+v)", nonBlank, got, st)
		}
		if ids != st.Identifiers {
			t.Fatalf("passed %d identifiers, counted %d", ids, st.Identifiers)
		}
		if (st.BadLines == 0) != (st.Err() == nil) {
			t.Fatalf("Err() disagrees with BadLines: %v", st.Err())
		}

		g, err := New(Config{})
		if err != nil {
			t.Fatal(err)
		}
		gst, err := g.ReadNDJSON(bytes.NewReader(data))
		if err != nil || gst.BadLines != st.BadLines || gst.Lines != st.Lines {
			t.Fatalf("graph reader disagrees: %+v vs %+v (%v)", gst, st, err)
		}
		var buf bytes.Buffer
		if err := g.Save(&buf); err != nil {
			t.Fatal(err)
		}
		g2, err := Load(&buf, Config{})
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		if a, b := g.Stats(), g2.Stats(); a.Persons != b.Persons || a.Identifiers != b.Identifiers || a.Conflicts != b.Conflicts {
			t.Fatalf("snapshot changed the graph: %+v vs %+v", a, b)
		}
	})
}

// FuzzLoad feeds arbitrary bytes to Load: no panic, and either a graph or
// an ErrCorruptSnapshot.
func FuzzLoad(f *testing.F) {
	g, _ := New(Config{})
	_ = g.Add(obsAt(0, "s", uid("u-1"), email("a@b.com"), cpf("52998224725")))
	_ = g.Add(obsAt(1, "t", uid("u-2"), email("a@b.com")))
	var buf bytes.Buffer
	_ = g.Save(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte(snapshotMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := Load(bytes.NewReader(data), Config{})
		if err != nil {
			if !errors.Is(err, ErrCorruptSnapshot) || g != nil {
				t.Fatalf("bad failure: %v, %v", g, err)
			}
			return
		}
		for range g.Persons() {
		}
	})
}
