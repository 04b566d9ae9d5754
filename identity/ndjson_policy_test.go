package identity

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

// obsLine returns a good observation line of user id, padded with an
// ignored field to exactly n bytes (n = 0: no padding).
func obsLine(t *testing.T, id string, n int) string {
	t.Helper()
	head, tail := `{"pad":"`, `","observed_at":"2026-11-20T10:00:00Z","identifiers":{"user_id":"`+id+`"}}`
	if n == 0 {
		return head + tail
	}
	require.GreaterOrEqual(t, n, len(head)+len(tail))
	return head + strings.Repeat("p", n-len(head)-len(tail)) + tail
}

func TestReadStatsKeepsFirstErrors(t *testing.T) {
	t.Parallel()
	// 10,000 bad lines: 9,999 not JSON and one too long, good lines around.
	in := obsLine(t, "u-1", 0) + "\n" +
		strings.Repeat("bad\n", 5000) +
		obsLine(t, "u-2", MaxLineBytes+1) + "\n" +
		obsLine(t, "u-3", 0) + "\n" +
		strings.Repeat("bad\n", 4999) +
		obsLine(t, "u-4", 0) + "\n"
	var got []cdp.Identifier
	st, err := ReadObservations(strings.NewReader(in), func(o Observation) error {
		got = append(got, o.Identifiers...)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []cdp.Identifier{uid("u-1"), uid("u-3"), uid("u-4")}, got, "reading goes on after bad lines")
	assert.Equal(t, 10_000, st.BadLines)
	assert.Equal(t, 10_003, st.Lines)
	require.Len(t, st.Errors, 50, "the first 50 bad lines are kept")
	for i, le := range st.Errors {
		assert.Equal(t, i+2, le.Line, "errors in input order")
	}
	msgs := strings.Split(st.Err().Error(), "\n")
	require.Len(t, msgs, 51)
	assert.Equal(t, "identity: line 2: bad JSON: invalid character 'b' looking for beginning of value", msgs[0])
	assert.Equal(t, "and 9,950 more bad lines", msgs[50])
	assert.ErrorIs(t, st.Err(), ErrBadLine)

	g, gerr := New(Config{})
	require.NoError(t, gerr)
	gst, err := g.ReadNDJSON(strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, st.Errors, gst.Errors, "both readers keep the same errors")
	assert.Equal(t, 10_000, gst.BadLines)
	assert.Equal(t, 3, gst.Observations)
}

func TestReadStatsErrWording(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		bad   int
		lines int // lines of the message
		last  string
	}{
		{"none", 0, 0, ""},
		{"all kept", 50, 50, "identity: line 50: bad JSON: invalid character 'b' looking for beginning of value"},
		{"one more", 51, 51, "and 1 more bad line"},
		{"many more", 1_050, 51, "and 1,000 more bad lines"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st, err := ReadObservations(strings.NewReader(strings.Repeat("bad\n", tc.bad)), func(Observation) error { return nil })
			require.NoError(t, err)
			if tc.bad == 0 {
				assert.NoError(t, st.Err())
				return
			}
			msgs := strings.Split(st.Err().Error(), "\n")
			assert.Equal(t, tc.last, msgs[len(msgs)-1])
			assert.Len(t, msgs, tc.lines)
		})
	}
}

func TestReadObservationsLineLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		lines []string
		ok    []cdp.Identifier
		bad   []int
	}{
		{"at the limit", []string{obsLine(t, "a", MaxLineBytes), obsLine(t, "b", MaxLineBytes+1), obsLine(t, "c", 0)},
			[]cdp.Identifier{uid("a"), uid("c")}, []int{2}},
		{"CRLF not counted", []string{obsLine(t, "a", MaxLineBytes) + "\r", obsLine(t, "b", MaxLineBytes+1) + "\r", obsLine(t, "c", 0) + "\r"},
			[]cdp.Identifier{uid("a"), uid("c")}, []int{2}},
		{"too long last line", []string{obsLine(t, "a", 0), obsLine(t, "b", 3*MaxLineBytes)},
			[]cdp.Identifier{uid("a")}, []int{2}},
		{"last line at the limit", []string{obsLine(t, "a", 0), obsLine(t, "b", MaxLineBytes)},
			[]cdp.Identifier{uid("a"), uid("b")}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []cdp.Identifier
			st, err := ReadObservations(strings.NewReader(strings.Join(tc.lines, "\n")), func(o Observation) error {
				got = append(got, o.Identifiers...)
				return nil
			})
			require.NoError(t, err)
			assert.Equal(t, tc.ok, got)
			var bad []int
			for _, le := range st.Errors {
				assert.ErrorIs(t, le, ErrLineTooLong)
				bad = append(bad, le.Line)
			}
			assert.Equal(t, tc.bad, bad)
			assert.Equal(t, len(tc.lines), st.Lines)
		})
	}
}
