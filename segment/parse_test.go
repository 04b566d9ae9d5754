package segment

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoldenValid parses each testdata/valid/*.json and checks its canonical
// JSON (first line of the .golden file, written by hand) and its plain-words
// rendering (second line), that the canonical form parses back to the same
// segment, and that the segment compiles against the test catalog.
func TestGoldenValid(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/valid/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			doc, err := os.ReadFile(file)
			require.NoError(t, err)
			golden, err := os.ReadFile(strings.TrimSuffix(file, ".json") + ".golden")
			require.NoError(t, err)
			lines := strings.Split(strings.TrimRight(string(golden), "\n"), "\n")
			require.Len(t, lines, 2, "golden file: canonical JSON, then plain words")

			seg, err := Parse(doc)
			require.NoError(t, err)
			canonical, err := seg.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, lines[0], string(canonical))
			assert.Equal(t, lines[1], seg.String())

			again, err := Parse(canonical)
			require.NoError(t, err)
			assert.Equal(t, seg, again, "round trip through the canonical form")

			_, err = Compile(seg, testCatalog, Options{AsOf: date("2025-03-01")})
			assert.NoError(t, err)
		})
	}
}

// TestGoldenInvalid parses each testdata/invalid/*.json and checks the exact
// messages listed in its .err file, one per line, in order.
func TestGoldenInvalid(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/invalid/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			doc, err := os.ReadFile(file)
			require.NoError(t, err)
			want, err := os.ReadFile(strings.TrimSuffix(file, ".json") + ".err")
			require.NoError(t, err)

			_, err = Parse(doc)
			var errs Errors
			require.ErrorAs(t, err, &errs)
			got := make([]string, len(errs))
			for i, e := range errs {
				got[i] = e.Error()
			}
			assert.Equal(t, strings.Split(strings.TrimRight(string(want), "\n"), "\n"), got)
		})
	}
}

func TestParseErrorsAreClassified(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		doc      string
		sentinel error
		path     string
	}{
		{"syntax", `{"all":`, ErrSyntax, ""},
		{"unknown op", `{"trait":"a","op":"gtx","value":"1"}`, ErrInvalid, "op"},
		{"nested path", `{"any":[{"trait":"a","op":"exists"},{"not":{"all":[{"trait":"a","op":"eq"}]}}]}`, ErrInvalid, "any[1].not.all[0].value"},
		{"where path", `{"event":"e","where":[{"property":"p","op":"eq","value":"1"},{"property":"p","op":"in"}]}`, ErrInvalid, "where[1].values"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tc.doc))
			require.ErrorIs(t, err, tc.sentinel)
			var pe *PathError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.path, pe.Path)
		})
	}
}

func TestParseLimits(t *testing.T) {
	t.Parallel()
	leaf := `{"trait":"a","op":"exists"}`
	deepNot := func(n int) string {
		return strings.Repeat(`{"not":`, n) + leaf + strings.Repeat("}", n)
	}
	many := func(n int) string {
		return `{"all":[` + strings.TrimSuffix(strings.Repeat(leaf+",", n), ",") + `]}`
	}
	cases := []struct {
		name string
		doc  string
		want []string
	}{
		{"31 nots is fine", deepNot(31), nil},
		{"32 nots is too deep", deepNot(32),
			[]string{strings.TrimSuffix(strings.Repeat("not.", 32), ".") + ": conditions are nested deeper than 32 levels"}},
		{"deep arrays", strings.Repeat("[", 100000) + strings.Repeat("]", 100000),
			[]string{"document is nested deeper than 72 levels"}},
		{"deep objects", strings.Repeat(`{"all":[`, 50000),
			[]string{"document is nested deeper than 72 levels"}},
		{"9999 conditions is fine", many(9999), nil},
		{"10000 conditions is too many", many(10000), []string{"segment has more than 10000 conditions"}},
		{"over 1 MiB", `{"trait":"a","op":"eq","value":"` + strings.Repeat("x", MaxDocumentSize) + `"}`,
			[]string{"document is larger than 1048576 bytes"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Decode(strings.NewReader(tc.doc))
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrLimit)
			var errs Errors
			require.ErrorAs(t, err, &errs)
			got := make([]string, len(errs))
			for i, e := range errs {
				got[i] = e.Error()
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestRoundTripBuilder marshals segments built in Go and parses them back.
func TestRoundTripBuilder(t *testing.T) {
	t.Parallel()
	segs := []Segment{
		All(Trait("cdp_reinvestable_amount").Gte(dec("1000")), Trait("cdp_next_expiry_date").WithinNextDays(2)),
		Any(Trait("cdp_segment").IgnoreCase().In("private", "prime"), Not(Trait("cdp_email").Missing())),
		Trait("cdp_balance").Between(dec("0.10"), 5),
		Trait("cdp_email").Eq(""),
		Trait("cdp_email").Eq("quote \" backslash \\ <tag> ç"),
		Trait("cdp_tags").NotIn("a", "b"),
		Trait("cdp_next_expiry_date").WithinLastDays(0),
		Event("app_opened").Where(Property("os").IgnoreCase().Eq("ios"), Property("v").Exists()).WithinDays(30).AtLeast(3),
		Event("login").Between(date("2025-01-01"), date("2025-01-31")).Count(1, 5),
		Event("login").Happened(),
		Event("login").AtMost(0),
	}
	for _, seg := range segs {
		t.Run(seg.String(), func(t *testing.T) {
			t.Parallel()
			data, err := seg.MarshalJSON()
			require.NoError(t, err)
			back, err := Parse(data)
			require.NoError(t, err, "%s", data)
			again, err := back.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, string(data), string(again))
			assert.Equal(t, seg.String(), back.String())
		})
	}
}

func TestUnmarshalJSONAndDecode(t *testing.T) {
	t.Parallel()
	type doc struct {
		Name    string  `json:"name"`
		Segment Segment `json:"segment"`
	}
	var d doc
	err := jsonUnmarshal([]byte(`{"name":"x","segment":{"trait":"cdp_email","op":"exists"}}`), &d)
	require.NoError(t, err)
	assert.Equal(t, doc{Name: "x", Segment: Trait("cdp_email").Exists()}, d)

	err = jsonUnmarshal([]byte(`{"name":"x","segment":{"trait":"cdp_email","op":"nope"}}`), &d)
	assert.ErrorIs(t, err, ErrInvalid)

	_, err = Decode(errReader{})
	assert.ErrorIs(t, err, errBoom)
}

var errBoom = errors.New("boom")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBoom }

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.json")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"not":{"not":{"trait":"a","op":"exists"}}}`))
	f.Add([]byte(`{"event":"e","where":[{"property":"p","op":"between","from":1,"to":2}],"at_least":1}`))
	f.Add([]byte(`{"trait":"cdp_tags","op":"in","values":["a",1,true]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		seg, err := Parse(data)
		if err != nil {
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error is not Errors: %v", err)
			}
			return
		}
		// A parsed segment marshals to a document that parses back to
		// the same canonical bytes, renders, and compiles or fails cleanly.
		canonical, err := seg.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(canonical)
		if err != nil {
			t.Fatalf("canonical form does not parse: %v\n%s", err, canonical)
		}
		again, _ := back.MarshalJSON()
		if !bytes.Equal(canonical, again) {
			t.Fatalf("round trip differs:\n%s\n%s", canonical, again)
		}
		_ = seg.String()
		if m, err := Compile(seg, testCatalog, Options{AsOf: date("2025-03-01")}); err == nil {
			_ = m.Match(profile("p"), nil)
			_ = m.Explain(profile("p"), nil)
		}
	})
}
