package cdp

import (
	"bytes"
	"errors"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const goodEvent = `{"id":"%s","name":"login","time":"2025-06-23T12:00:00Z","identifiers":[{"type":"email","value":"a@b.c"}]}`

func ev(id string) string { return strings.Replace(goodEvent, "%s", id, 1) }

func wantEvent(id string) Event {
	return Event{ID: id, Name: "login", Time: time.Date(2025, 6, 23, 12, 0, 0, 0, time.UTC),
		Identifiers: []Identifier{{Type: Email, Value: "a@b.c"}}}
}

// lineSummary is a LineError reduced to what tests compare: the line and the
// fields named (or the error text when no field is named).
type lineSummary struct {
	Line   int
	Fields []string
}

func summarize(t *testing.T, err error) []lineSummary {
	t.Helper()
	if err == nil {
		return nil
	}
	var des *DecodeErrors
	require.ErrorAs(t, err, &des)
	out := make([]lineSummary, len(des.List))
	for i, le := range des.List {
		s := lineSummary{Line: le.Line}
		for _, fe := range fieldErrors(le.Err) {
			s.Fields = append(s.Fields, fe.Field)
		}
		out[i] = s
	}
	return out
}

func TestReadEvents(t *testing.T) {
	t.Parallel()
	input := strings.Join([]string{
		ev("e1"), // 1
		"",       // 2 blank
		"   \t",  // 3 blank
		`{"name":"login","time":"2025-06-23T12:00:00Z"`,                     // 4 truncated JSON
		`{"name":"","time":"2025-06-23T12:00:00Z","identifiers":[]}`,        // 5 invalid event
		`{"name":"x","time":"not a time","identifiers":[{"type":"email"}]}`, // 6 bad time
		`[1,2]`,               // 7 not an object
		`null`,                // 8 not an object
		ev("e2") + "\r",       // 9 CRLF
		ev("e3") + ` {"x":1}`, // 10 trailing data
		`{"name":"x","time":"2025-06-23T12:00:00Z","identifiers":[{"type":"email","value":"v"}],"properties":{"p":{"kind":"nope","value":1}}}`, // 11
		ev("e4"), // 12, no final newline
	}, "\n")

	events, err := ReadEvents(strings.NewReader(input))

	assert.Equal(t, []Event{wantEvent("e1"), wantEvent("e2"), wantEvent("e4")}, events)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, []lineSummary{
		{Line: 4},
		{Line: 5, Fields: []string{"name", "identifiers"}},
		{Line: 6, Fields: []string{"time"}},
		{Line: 7},
		{Line: 8},
		{Line: 10},
		{Line: 11, Fields: []string{"properties.p"}},
	}, summarize(t, err))
	var le *LineError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, 4, le.Line, "errors.As finds the first bad line")
}

func TestReadEventsStopAtFirstError(t *testing.T) {
	t.Parallel()
	input := ev("e1") + "\n" + ev("e2") + "\n{bad\n" + ev("e3") + "\n{bad\n"
	events, err := ReadEvents(strings.NewReader(input), DecodeConfig{StopAtFirstError: true})
	assert.Equal(t, []Event{wantEvent("e1"), wantEvent("e2")}, events)
	assert.Equal(t, []lineSummary{{Line: 3}}, summarize(t, err))
	var se *syntaxError
	assert.ErrorAs(t, err, &se)
}

func TestReadEventsClean(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []Event
	}{
		{"empty input", "", nil},
		{"only blank lines", "\n\n  \n\r\n", nil},
		{"trailing newline", ev("e1") + "\n", []Event{wantEvent("e1")}},
		{"byte order mark", "\xef\xbb\xbf" + ev("e1") + "\n", []Event{wantEvent("e1")}},
		{"surrounding spaces", "  " + ev("e1") + "  \n", []Event{wantEvent("e1")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ReadEvents(strings.NewReader(tc.in))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestDecoderLongLines(t *testing.T) {
	t.Parallel()
	pad := func(n int) string {
		// an event whose id pads the line to exactly n bytes
		return ev(strings.Repeat("x", n-len(ev(""))))
	}
	tests := []struct {
		name  string
		max   int
		lines []string
		ok    []int // 1-based lines that decode
		bad   []int // 1-based lines reported too long
	}{
		{"at the limit", 200, []string{pad(200), pad(201), pad(199)}, []int{1, 3}, []int{2}},
		{"much longer than the buffer", 100_000, []string{pad(100_000), pad(300_000), pad(150)}, []int{1, 3}, []int{2}},
		{"too long last line", 200, []string{pad(150), pad(400)}, []int{1}, []int{2}},
		{"zero is the default", 0, []string{pad(DefaultMaxLineBytes), pad(DefaultMaxLineBytes + 1), pad(150)}, []int{1, 3}, []int{2}},
		{"CRLF not counted", 200, []string{pad(200) + "\r", pad(201) + "\r", pad(200)}, []int{1, 3}, []int{2}},
		{"huge limit", math.MaxInt, []string{pad(150), pad(70_000)}, []int{1, 2}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dec, err := NewEventDecoder(strings.NewReader(strings.Join(tc.lines, "\n")), DecodeConfig{MaxLineBytes: tc.max})
			require.NoError(t, err)
			var gotIDs []string
			for e := range dec.All() {
				gotIDs = append(gotIDs, e.ID)
			}
			var wantIDs []string
			for _, n := range tc.ok {
				e, err := ReadEvents(strings.NewReader(tc.lines[n-1]))
				require.NoError(t, err)
				wantIDs = append(wantIDs, e[0].ID)
			}
			assert.Equal(t, wantIDs, gotIDs)
			var want []lineSummary
			for _, n := range tc.bad {
				want = append(want, lineSummary{Line: n})
			}
			assert.Equal(t, want, summarize(t, dec.Err()))
			if tc.bad != nil {
				assert.ErrorIs(t, dec.Err(), ErrLineTooLong)
				assert.ErrorIs(t, dec.Err(), ErrInvalid)
			}
		})
	}
}

func TestDecoderReadError(t *testing.T) {
	t.Parallel()
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader(ev("e1")+"\n"+ev("e2")+"\n{\"name\""), iotest.ErrReader(boom))
	events, err := ReadEvents(r)
	assert.Equal(t, []Event{wantEvent("e1"), wantEvent("e2")}, events)
	require.ErrorIs(t, err, boom)
	assert.NotErrorIs(t, err, ErrInvalid)
	var le *LineError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, 3, le.Line)
	assert.EqualError(t, err, "cdp: line 3: disk on fire")
}

func TestDecoderAllResumesAndCountsLines(t *testing.T) {
	t.Parallel()
	dec, err := NewEventDecoder(strings.NewReader(ev("e1")+"\n\n"+ev("e2")+"\n"+ev("e3")+"\n"), DecodeConfig{})
	require.NoError(t, err)
	var got []string
	for e := range dec.All() {
		got = append(got, e.ID)
		break
	}
	assert.Equal(t, 1, dec.Line())
	for e := range dec.All() {
		got = append(got, e.ID)
		assert.Equal(t, 3, dec.Line())
		break
	}
	for e := range dec.All() {
		got = append(got, e.ID)
	}
	assert.Equal(t, []string{"e1", "e2", "e3"}, got)
	assert.NoError(t, dec.Err())
	assert.Empty(t, slices.Collect(dec.All()), "an exhausted decoder yields nothing")
}

func TestReadProfiles(t *testing.T) {
	t.Parallel()
	input := `{"id":"p1","identifiers":[{"type":"email","value":"a@b.c"}],"traits":{"balance":{"value":{"kind":"number","value":"10.10"},"observed_at":"2025-06-23T12:00:00Z","source":"core"}}}
{"id":"p2","traits":{"balance":{"value":{"kind":"number","value":"1O.10"}}}}

{}
{"id":"p3","unknown":"ignored"}
{"id":"p4","identifiers":[{"type":"cpf"}]}
`
	profiles, err := ReadProfiles(strings.NewReader(input))
	p1 := Profile{ID: "p1", Identifiers: []Identifier{{Type: Email, Value: "a@b.c"}}}
	p1.Set("balance", Trait{Value: num("10.10"), ObservedAt: t0, Source: "core"})
	assert.Equal(t, []Profile{p1, {ID: "p3"}}, profiles)
	assert.Equal(t, []lineSummary{
		{Line: 2, Fields: []string{"traits.balance.value"}},
		{Line: 4, Fields: []string{"identifiers"}},
		{Line: 6, Fields: []string{"identifiers[0].value"}},
	}, summarize(t, err))
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), `line 2: field traits.balance.value: invalid number "1O.10"`)
}

func TestWriteThenReadProfiles(t *testing.T) {
	t.Parallel()
	g := newGen(4)
	var ps []Profile
	for len(ps) < 200 {
		p := g.profile()
		p.ID = "p" + strings.Repeat("x", len(ps)%5)
		for name, tr := range p.Traits {
			if tr.Value.IsZero() {
				delete(p.Traits, name)
			}
		}
		ps = append(ps, p)
	}
	var buf bytes.Buffer
	require.NoError(t, WriteProfiles(&buf, slices.Values(ps)))
	assert.Equal(t, len(ps), strings.Count(buf.String(), "\n"))

	got, err := ReadProfiles(&buf)
	require.NoError(t, err)
	require.Len(t, got, len(ps))
	for i := range ps {
		assert.Equal(t, ps[i].ID, got[i].ID)
		assert.Equal(t, ps[i].Identifiers, got[i].Identifiers)
		require.Equal(t, ps[i].TraitNames(), got[i].TraitNames(), "profile %d", i)
		for name, tr := range ps[i].Traits {
			gt := got[i].Traits[name]
			assert.Zero(t, Compare(tr.Value, gt.Value), "profile %d trait %s", i, name)
			assert.True(t, tr.ObservedAt.Equal(gt.ObservedAt), "profile %d trait %s", i, name)
			assert.Equal(t, tr.Source, gt.Source)
		}
	}
}

func TestWriteEvents(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, WriteEvents(&buf, slices.Values([]Event{wantEvent("e1"), wantEvent("e2")})))
	assert.Equal(t, ev("e1")+"\n"+ev("e2")+"\n", buf.String())
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("closed pipe") }

func TestWriteErrors(t *testing.T) {
	t.Parallel()
	err := WriteEvents(failWriter{}, slices.Values([]Event{wantEvent("e1")}))
	assert.ErrorContains(t, err, "closed pipe")

	bad := Profile{ID: "p"}
	bad.Set("d", Trait{Value: DateValue(calendarDate(2025, 2, 30))})
	err = WriteProfiles(io.Discard, slices.Values([]Profile{{ID: "ok"}, bad}))
	var ve *ValueError
	require.ErrorAs(t, err, &ve)
	assert.ErrorContains(t, err, "record 2")

	big := make([]Event, 0, 5000)
	for range 5000 {
		big = append(big, wantEvent(strings.Repeat("x", 100)))
	}
	err = WriteEvents(failWriter{}, slices.Values(big))
	assert.ErrorContains(t, err, "closed pipe", "a write error in the middle of a stream")
}
