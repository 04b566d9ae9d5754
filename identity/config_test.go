package identity

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"negative max", Config{MaxIdentifiers: -1}, "MaxIdentifiers"},
		{"huge max", Config{MaxIdentifiers: 1 << 31}, "MaxIdentifiers"},
		{"zero limit", Config{Limits: map[cdp.IdentifierType]int{cdp.CPF: 0}}, "Limits[cpf]"},
		{"limit above max", Config{MaxIdentifiers: 5, Limits: map[cdp.IdentifierType]int{cdp.Email: 6}}, "Limits[email]"},
		{"empty limit type", Config{Limits: map[cdp.IdentifierType]int{"": 1}}, "Limits"},
		{"duplicate priority", Config{Priority: []cdp.IdentifierType{cdp.Email, cdp.CPF, cdp.Email}}, "Priority[2]"},
		{"empty priority type", Config{Priority: []cdp.IdentifierType{""}}, "Priority[0]"},
		{"bad pattern", Config{BlockedPatterns: map[cdp.IdentifierType][]string{cdp.Email: {"ok", "("}}}, "BlockedPatterns[email][1]"},
		{"empty pattern type", Config{BlockedPatterns: map[cdp.IdentifierType][]string{"": {"x"}}}, "BlockedPatterns"},
		{"empty blocked type", Config{Blocked: map[cdp.IdentifierType][]string{"": {"x"}}}, "Blocked"},
		{"nil normalizer", Config{Normalizers: map[cdp.IdentifierType]func(string) (string, error){"device": nil}}, "Normalizers[device]"},
		{"empty normalizer type", Config{Normalizers: map[cdp.IdentifierType]func(string) (string, error){"": NormalizeID}}, "Normalizers"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g, err := New(tc.cfg)
			assert.Nil(t, g)
			require.ErrorIs(t, err, ErrInvalidConfig)
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.field, ce.Field)
			assert.Contains(t, err.Error(), tc.field)
		})
	}
}

func TestDefaultsAreFreshCopies(t *testing.T) {
	t.Parallel()
	l := DefaultLimits()
	l[cdp.UserID] = 9
	assert.Equal(t, map[cdp.IdentifierType]int{cdp.UserID: 1, cdp.CPF: 1}, DefaultLimits())
	p := DefaultPriority()
	p[0] = "x"
	assert.Equal(t, []cdp.IdentifierType{cdp.UserID, cdp.CPF, cdp.Email, cdp.Phone, cdp.HubSpotID, cdp.AnonymousID}, DefaultPriority())
	b := DefaultBlocked()
	b[cdp.Email][0] = "x"
	assert.Equal(t, "test@test.com", DefaultBlocked()[cdp.Email][0])
	assert.Empty(t, DefaultBlockedPatterns())
}

func TestConfigIsCopied(t *testing.T) {
	t.Parallel()
	limits := map[cdp.IdentifierType]int{cdp.UserID: 1}
	g := newGraph(t, Config{Limits: limits})
	limits[cdp.UserID] = 5 // after New: no effect
	require.NoError(t, g.Add(obsAt(0, "s", uid("a"), uid("b"))))
	assert.Len(t, g.Conflicts(), 1)
}

func TestCustomLimits(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{Limits: map[cdp.IdentifierType]int{cdp.Email: 2}},
		obsAt(0, "s", uid("a"), uid("b")), // user_id no longer limited
		obsAt(1, "s", uid("a"), email("1@x.com"), email("2@x.com"), email("3@x.com")),
	)
	assert.Equal(t, resolve(t, g, uid("a")), resolve(t, g, uid("b")))
	assert.Equal(t, resolve(t, g, uid("a")), resolve(t, g, email("2@x.com")))
	assert.NotEqual(t, resolve(t, g, uid("a")), resolve(t, g, email("3@x.com")))
	c := g.Conflicts()
	require.Len(t, c, 1)
	assert.Equal(t, cdp.Email, c[0].Type)
}

func TestThreeLimitedTypes(t *testing.T) {
	t.Parallel()
	// More than two limited types keep their counters outside the records.
	g := newGraph(t, Config{Limits: map[cdp.IdentifierType]int{cdp.UserID: 1, cdp.CPF: 1, cdp.Phone: 1}},
		obsAt(0, "s", uid("a"), phone("+5511912345678"), email("a@x.com")),
		obsAt(1, "s", email("a@x.com"), phone("+5511987654321")),
		obsAt(2, "s", email("a@x.com"), cpf("52998224725")),
		obsAt(3, "s", email("a@x.com"), cpf("11144477735")),
	)
	p := resolve(t, g, uid("a"))
	assert.NotEqual(t, p, resolve(t, g, phone("+5511987654321")))
	assert.Equal(t, p, resolve(t, g, cpf("52998224725")))
	assert.NotEqual(t, p, resolve(t, g, cpf("11144477735")))
	types := []cdp.IdentifierType{}
	for _, c := range g.Conflicts() {
		types = append(types, c.Type)
	}
	assert.Equal(t, []cdp.IdentifierType{cdp.Phone, cdp.CPF}, types)
}

func TestLimitsAboveSixteenBits(t *testing.T) {
	t.Parallel()
	// A limit above 65,535 keeps the counters outside the records too, and
	// counts past 65,535 without wrapping.
	const n = 70000
	g, err := New(Config{Limits: map[cdp.IdentifierType]int{cdp.AnonymousID: n + 1}, MaxIdentifiers: n + 10})
	require.NoError(t, err)
	require.False(t, g.inlineCounts)
	for i := range n {
		require.NoError(t, g.Add(obsAt(0, "s", uid("u-1"), anon("d-"+strconv.Itoa(i)))))
	}
	require.NoError(t, g.Add(obsAt(1, "s", uid("u-1"), anon("d-last"))))
	require.NoError(t, g.Add(obsAt(2, "s", uid("u-1"), anon("d-over"))))
	p := resolve(t, g, uid("u-1"))
	assert.Equal(t, p, resolve(t, g, anon("d-last")))
	assert.NotEqual(t, p, resolve(t, g, anon("d-over")), "the limit of n+1 anonymous ids holds")
	require.Len(t, g.Conflicts(), 1)
	assert.Equal(t, cdp.AnonymousID, g.Conflicts()[0].Type)
}
