package identity

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

const sampleNDJSON = `{"source":"crm","observed_at":"2026-11-20T10:00:00Z","identifiers":{"user_id":"u-1","email":"Ana@Warren.com.br","cpf":"529.982.247-25","phone":"+55 11 91234-5678"}}

{"source":"chat","observed_at":"2026-11-20T11:00:00-03:00","identifiers":{"email":["ana@warren.com.br","ana2@warren.com.br"],"cpf":"529.982.247-26"}}
not json
{"source":"x","identifiers":{"user_id":"u-2"}}
{"source":"x","observed_at":"yesterday","identifiers":{"user_id":"u-2"}}
{"source":"x","observed_at":"2026-11-20T10:00:00Z"}
{"source":"x","observed_at":"2026-11-20T10:00:00Z","identifiers":{}}
{"source":"x","observed_at":"2026-11-20T10:00:00Z","identifiers":{"user_id":5}}
{"source":"x","observed_at":"2026-11-20T10:00:00Z","identifiers":{"cpf":"111.111.111-11"}}
{"observed_at":"2026-11-20T12:00:00Z","identifiers":{"anonymous_id":"dev-1","email":"test@test.com"}}`

func TestReadObservations(t *testing.T) {
	t.Parallel()
	var got []Observation
	st, err := ReadObservations(strings.NewReader(sampleNDJSON), func(o Observation) error {
		got = append(got, o)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []Observation{
		{Source: "crm", ObservedAt: t0, Identifiers: []cdp.Identifier{
			cpf("52998224725"), email("ana@warren.com.br"), phone("+5511912345678"), uid("u-1"),
		}},
		{Source: "chat", ObservedAt: t0.Add(4 * 3600e9), Identifiers: []cdp.Identifier{
			email("ana2@warren.com.br"), email("ana@warren.com.br"),
		}},
		{ObservedAt: t0.Add(2 * 3600e9), Identifiers: []cdp.Identifier{anon("dev-1"), email("test@test.com")}},
	}, normalizeTimes(got))
	assert.Equal(t, 11, st.Lines)
	assert.Equal(t, 3, st.Observations)
	assert.Equal(t, 1, st.Empty)
	assert.Equal(t, 8, st.Identifiers)
	assert.Equal(t, 6, st.BadLines)
	assert.Equal(t, map[cdp.IdentifierType]map[Reason]int{cdp.CPF: {ReasonCheckDigit: 1, ReasonRepeatedDigits: 1}}, st.Dropped)
	lines := make([]int, len(st.Errors))
	for i, e := range st.Errors {
		lines[i] = e.Line
		assert.ErrorIs(t, e, ErrBadLine)
	}
	assert.Equal(t, []int{4, 5, 6, 7, 8, 9}, lines)
	require.Error(t, st.Err())
	assert.ErrorIs(t, st.Err(), ErrBadLine)
	assert.Contains(t, st.Errors[1].Error(), "line 5: missing observed_at")
}

func normalizeTimes(obs []Observation) []Observation {
	for i := range obs {
		obs[i].ObservedAt = obs[i].ObservedAt.UTC()
	}
	return obs
}

func TestReadNDJSONIntoGraph(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{})
	st, err := g.ReadNDJSON(strings.NewReader(sampleNDJSON))
	require.NoError(t, err)
	assert.Equal(t, 6, st.BadLines)
	assert.Equal(t, 3, st.Observations)
	assert.Equal(t, map[cdp.IdentifierType]map[Reason]int{
		cdp.CPF:   {ReasonCheckDigit: 1, ReasonRepeatedDigits: 1},
		cdp.Email: {ReasonBlocked: 1},
	}, st.Dropped)
	assert.Equal(t, st.Dropped, g.Stats().Dropped)
	p := resolve(t, g, uid("u-1"))
	assert.Equal(t, p, resolve(t, g, email("ana2@warren.com.br")))
	assert.Equal(t, p, resolve(t, g, phone("11912345678")))
	_, ok := g.Resolve(email("test@test.com"))
	assert.False(t, ok)
}

func TestReadObservationsStopsOnCallbackError(t *testing.T) {
	t.Parallel()
	stop := errors.New("stop")
	calls := 0
	_, err := ReadObservations(strings.NewReader(sampleNDJSON), func(Observation) error {
		calls++
		return stop
	})
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 1, calls)
}

func TestReadObservationsReadError(t *testing.T) {
	t.Parallel()
	_, err := ReadObservations(iotest.TimeoutReader(strings.NewReader(strings.Repeat(sampleNDJSON, 2000))), func(Observation) error { return nil })
	assert.ErrorIs(t, err, iotest.ErrTimeout)
}

func TestReadObservationsLongLines(t *testing.T) {
	t.Parallel()
	long := `{"observed_at":"2026-11-20T10:00:00Z","identifiers":{"user_id":"` + strings.Repeat("x", MaxLineBytes) + `"}}`
	mid := `{"observed_at":"2026-11-20T10:00:00Z","identifiers":{"user_id":"` + strings.Repeat("y", 100<<10) + `"}}`
	in := long + "\n" + `{"observed_at":"2026-11-20T10:00:00Z","identifiers":{"user_id":"u-1"}}` + "\n" + mid + "\n"
	var got []Observation
	st, err := ReadObservations(strings.NewReader(in), func(o Observation) error { got = append(got, o); return nil })
	require.NoError(t, err)
	require.Len(t, st.Errors, 1)
	assert.Equal(t, 1, st.Errors[0].Line)
	assert.ErrorIs(t, st.Errors[0], ErrLineTooLong)
	require.Len(t, got, 1, "the 100 KiB line is read but its id is too long")
	assert.Equal(t, []cdp.Identifier{uid("u-1")}, got[0].Identifiers)
	assert.Equal(t, map[cdp.IdentifierType]map[Reason]int{cdp.UserID: {ReasonLength: 1}}, st.Dropped)
	assert.Equal(t, 3, st.Lines)
}
