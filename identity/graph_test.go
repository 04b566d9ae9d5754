package identity

import (
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func at(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }

func uid(v string) cdp.Identifier   { return cdp.Identifier{Type: cdp.UserID, Value: v} }
func email(v string) cdp.Identifier { return cdp.Identifier{Type: cdp.Email, Value: v} }
func cpf(v string) cdp.Identifier   { return cdp.Identifier{Type: cdp.CPF, Value: v} }
func phone(v string) cdp.Identifier { return cdp.Identifier{Type: cdp.Phone, Value: v} }
func anon(v string) cdp.Identifier  { return cdp.Identifier{Type: cdp.AnonymousID, Value: v} }
func hsid(v string) cdp.Identifier  { return cdp.Identifier{Type: cdp.HubSpotID, Value: v} }

func obsAt(h int, src string, ids ...cdp.Identifier) Observation {
	return Observation{Source: src, ObservedAt: at(h), Identifiers: ids}
}

func newGraph(t *testing.T, cfg Config, obs ...Observation) *Graph {
	t.Helper()
	g, err := New(cfg)
	require.NoError(t, err)
	for _, o := range obs {
		require.NoError(t, g.Add(o))
	}
	return g
}

func resolve(t *testing.T, g *Graph, id cdp.Identifier) string {
	t.Helper()
	p, ok := g.Resolve(id)
	require.True(t, ok, "resolve %v", id)
	return p
}

func TestStitchLinksIdentifiersSeenTogether(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{},
		obsAt(0, "platform", uid("u-1"), email("Ana@Warren.com.br")),
		obsAt(1, "chat", email("ana@warren.com.br"), phone("(11) 91234-5678")),
		obsAt(2, "core", cpf("529.982.247-25"), phone("+5511912345678")),
	)
	want := Person{ID: CanonicalID(uid("u-1")), Identifiers: []Seen{
		{Identifier: uid("u-1"), FirstSeen: at(0), LastSeen: at(0), Sources: []string{"platform"}},
		{Identifier: cpf("52998224725"), FirstSeen: at(2), LastSeen: at(2), Sources: []string{"core"}},
		{Identifier: email("ana@warren.com.br"), FirstSeen: at(0), LastSeen: at(1), Sources: []string{"chat", "platform"}},
		{Identifier: phone("+5511912345678"), FirstSeen: at(1), LastSeen: at(2), Sources: []string{"chat", "core"}},
	}}
	for _, id := range []cdp.Identifier{uid("u-1"), email("ANA@warren.com.br"), cpf("529.982.247-25"), phone("011 91234 5678")} {
		assert.Equal(t, want.ID, resolve(t, g, id), "resolve %v", id)
	}
	got, ok := g.Person(want.ID)
	require.True(t, ok)
	assert.Equal(t, want, got)
	assert.Equal(t, Stats{Observations: 3, Identifiers: 4, Persons: 1, Links: 3, Dropped: map[cdp.IdentifierType]map[Reason]int{}}, g.Stats())
	assert.Empty(t, g.Conflicts())
}

func TestCanonicalIDFromTopPriorityIdentifier(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "u_", CanonicalID(uid("u-1"))[:2])
	assert.Len(t, CanonicalID(uid("u-1")), 18)
	assert.Equal(t, CanonicalID(uid("u-1")), CanonicalID(uid("u-1")), "stable")
	assert.NotEqual(t, CanonicalID(uid("u-1")), CanonicalID(uid("u-2")))
	assert.NotEqual(t, CanonicalID(cdp.Identifier{Type: "a", Value: "x"}), CanonicalID(cdp.Identifier{Type: "b", Value: "x"}))
	// A golden value: the hash must not change between releases, or jobs on
	// different versions would disagree on person IDs. Computed with
	// printf "user_id:u-1" | sha256sum.
	assert.Equal(t, "u_a8ae9346b4f3e606", CanonicalID(uid("u-1")))

	tests := []struct {
		name string
		obs  []cdp.Identifier
		want cdp.Identifier
	}{
		{"user_id wins", []cdp.Identifier{email("a@b.com"), uid("u-9"), cpf("52998224725")}, uid("u-9")},
		{"cpf over email", []cdp.Identifier{email("a@b.com"), cpf("52998224725"), phone("+5511912345678")}, cpf("52998224725")},
		{"smallest email", []cdp.Identifier{email("z@b.com"), email("a@b.com"), anon("d")}, email("a@b.com")},
		{"phone over hubspot", []cdp.Identifier{hsid("77"), phone("+5511912345678")}, phone("+5511912345678")},
		{"caller type last", []cdp.Identifier{{Type: "device", Value: "d1"}, anon("a1")}, anon("a1")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := newGraph(t, Config{}, obsAt(0, "s", tc.obs...))
			assert.Equal(t, CanonicalID(tc.want), resolve(t, g, tc.obs[0]))
		})
	}
}

func TestCustomPriority(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{Priority: []cdp.IdentifierType{cdp.Email, cdp.UserID}},
		obsAt(0, "s", uid("u-1"), email("a@b.com")))
	assert.Equal(t, CanonicalID(email("a@b.com")), resolve(t, g, uid("u-1")))
}

func TestFamilyEmailDoesNotMergeTwoUsers(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{},
		obsAt(0, "platform", uid("u-1"), email("familia@gmail.com")),
		obsAt(1, "platform", uid("u-2"), email("familia@gmail.com"), phone("+5511987654321")),
	)
	p1, p2 := resolve(t, g, uid("u-1")), resolve(t, g, uid("u-2"))
	assert.NotEqual(t, p1, p2)
	assert.Equal(t, p1, resolve(t, g, email("familia@gmail.com")), "the e-mail stays with the first user")
	assert.Equal(t, p2, resolve(t, g, phone("+5511987654321")), "the rest of the observation still applies")

	wantConflict := Conflict{
		Observation: Observation{Source: "platform", ObservedAt: at(1), Identifiers: []cdp.Identifier{
			uid("u-2"), email("familia@gmail.com"), phone("+5511987654321"),
		}},
		Identifiers: []cdp.Identifier{uid("u-2"), email("familia@gmail.com")},
		Rule:        RuleTypeLimit,
		Type:        cdp.UserID,
	}
	assert.Equal(t, []Conflict{wantConflict}, g.Conflicts())

	e := g.Explain(uid("u-1"), uid("u-2"))
	assert.Equal(t, Explanation{
		A: uid("u-1"), B: uid("u-2"), PersonA: p1, PersonB: p2,
		Conflicts: []Conflict{wantConflict},
	}, e)
	assert.Contains(t, e.String(), "refused by type_limit (user_id)")
	assert.Contains(t, e.String(), "user_id:u-2 -- email:familia@gmail.com")
}

func TestSharedDeviceDoesNotMergeUsers(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{},
		obsAt(0, "web", anon("device-1"), uid("u-1")),
		obsAt(1, "web", anon("device-1"), uid("u-2")),
		obsAt(2, "web", anon("device-1"), email("b@b.com.br")),
	)
	p1, p2 := resolve(t, g, uid("u-1")), resolve(t, g, uid("u-2"))
	assert.NotEqual(t, p1, p2)
	assert.Equal(t, p1, resolve(t, g, anon("device-1")))
	assert.Equal(t, p1, resolve(t, g, email("b@b.com.br")))
	require.Len(t, g.Conflicts(), 1)
	assert.Equal(t, []cdp.Identifier{uid("u-2"), anon("device-1")}, g.Conflicts()[0].Identifiers)
}

func TestCPFLimit(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{},
		obsAt(0, "core", cpf("52998224725"), email("a@b.com")),
		obsAt(1, "core", cpf("11144477735"), email("a@b.com")),
	)
	assert.NotEqual(t, resolve(t, g, cpf("52998224725")), resolve(t, g, cpf("11144477735")))
	require.Len(t, g.Conflicts(), 1)
	assert.Equal(t, cdp.CPF, g.Conflicts()[0].Type)
}

func TestTwoUserIDsInOneObservation(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{}, obsAt(0, "s", uid("u-2"), uid("u-1"), email("a@b.com")))
	// The anchor is the smallest top-priority identifier: u-1.
	assert.Equal(t, resolve(t, g, uid("u-1")), resolve(t, g, email("a@b.com")))
	assert.NotEqual(t, resolve(t, g, uid("u-1")), resolve(t, g, uid("u-2")))
	assert.Equal(t, []cdp.Identifier{uid("u-1"), uid("u-2")}, g.Conflicts()[0].Identifiers)
}

func TestMaxIdentifiers(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{MaxIdentifiers: 3},
		obsAt(0, "s", email("a@b.com"), anon("1"), anon("2")),
		obsAt(1, "s", email("a@b.com"), anon("3")),
	)
	assert.NotEqual(t, resolve(t, g, email("a@b.com")), resolve(t, g, anon("3")))
	assert.Equal(t, []Conflict{{
		Observation: obsAt(1, "s", email("a@b.com"), anon("3")),
		Identifiers: []cdp.Identifier{email("a@b.com"), anon("3")},
		Rule:        RuleMaxIdentifiers,
	}}, g.Conflicts())
}

func TestBlockedValueLinksNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		blocked cdp.Identifier
	}{
		{"placeholder e-mail", email("Test@Test.com")},
		{"example domain", email("ana@example.com")},
		{"example subdomain", email("ana@mail.example.org")},
		{"reserved tld", email("ana@corp.test")},
		{"no-reply mailbox", email("noreply@warren.com.br")},
		{"test cpf", cpf("123.456.789-09")},
		{"repeated phone", phone("(11) 99999-9999")},
		{"null user id", uid("NULL")},
		{"undefined anonymous id", anon("undefined")},
		{"zero uuid", anon("00000000-0000-0000-0000-000000000000")},
		{"dash hubspot id", hsid("-")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := newGraph(t, Config{},
				obsAt(0, "s", uid("u-1"), tc.blocked),
				obsAt(1, "s", uid("u-2"), tc.blocked),
				obsAt(2, "s", email("c@d.com"), tc.blocked),
			)
			_, ok := g.Resolve(tc.blocked)
			assert.False(t, ok, "a blocked value is not a person")
			assert.NotEqual(t, resolve(t, g, uid("u-1")), resolve(t, g, uid("u-2")))
			assert.NotEqual(t, resolve(t, g, uid("u-1")), resolve(t, g, email("c@d.com")))
			assert.Empty(t, g.Conflicts(), "a blocked value is not even a refused link")
			assert.Equal(t, map[cdp.IdentifierType]map[Reason]int{tc.blocked.Type: {ReasonBlocked: 3}}, g.Stats().Dropped)
		})
	}
}

func TestCustomBlocklists(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{
		Blocked:         map[cdp.IdentifierType][]string{cdp.Email: {"SAC@Warren.com.br"}},
		BlockedPatterns: map[cdp.IdentifierType][]string{cdp.UserID: {`^tmp-`}},
	},
		obsAt(0, "s", uid("u-1"), email("sac@warren.com.br")),
		obsAt(1, "s", uid("tmp-1"), email("test@test.com")),
	)
	_, ok := g.Resolve(email("sac@warren.com.br"))
	assert.False(t, ok)
	_, ok = g.Resolve(uid("tmp-1"))
	assert.False(t, ok)
	_, ok = g.Resolve(email("test@test.com"))
	assert.True(t, ok, "a non-nil Blocked replaces the defaults")
}

func TestInvalidIdentifiersAreDroppedAndCounted(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{},
		obsAt(0, "s", uid("u-1"), cpf("529.982.247-26"), email("not-an-email"), phone("123"), uid("  "), cdp.Identifier{Value: "x"}),
	)
	assert.Equal(t, map[cdp.IdentifierType]map[Reason]int{
		cdp.CPF:    {ReasonCheckDigit: 1},
		cdp.Email:  {ReasonMalformed: 1},
		cdp.Phone:  {ReasonLength: 1},
		cdp.UserID: {ReasonEmpty: 1},
		"":         {ReasonType: 1},
	}, g.Stats().Dropped)
	p, ok := g.PersonOf(uid("u-1"))
	require.True(t, ok)
	assert.Len(t, p.Identifiers, 1)
}

func TestAddRejectsObservationWithoutTime(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{})
	err := g.Add(Observation{Source: "s", Identifiers: []cdp.Identifier{uid("u-1")}})
	require.ErrorIs(t, err, ErrInvalidObservation)
	err = g.Add(Observation{Source: "s", ObservedAt: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), Identifiers: []cdp.Identifier{uid("u-1")}})
	require.ErrorIs(t, err, ErrInvalidObservation)
	assert.Equal(t, 0, g.Stats().Observations)
}

func TestCustomTypeNormalizer(t *testing.T) {
	t.Parallel()
	upper := func(s string) (string, error) {
		if s == "" {
			return "", &InvalidError{Type: "device", Value: s, Reason: ReasonEmpty}
		}
		if s == "bad" {
			return "", assert.AnError
		}
		return "D-" + s[len(s)-1:], nil
	}
	g := newGraph(t, Config{Normalizers: map[cdp.IdentifierType]func(string) (string, error){"device": upper}},
		obsAt(0, "s", uid("u-1"), cdp.Identifier{Type: "device", Value: "x1"}),
		obsAt(1, "s", uid("u-2"), cdp.Identifier{Type: "device", Value: "bad"}, cdp.Identifier{Type: "device", Value: ""}),
		obsAt(2, "s", uid("u-3"), cdp.Identifier{Type: "loyalty", Value: "  L-9 "}),
	)
	n, err := g.Normalize(cdp.Identifier{Type: "device", Value: "zz1"})
	require.NoError(t, err)
	assert.Equal(t, cdp.Identifier{Type: "device", Value: "D-1"}, n)
	assert.Equal(t, resolve(t, g, uid("u-1")), resolve(t, g, cdp.Identifier{Type: "device", Value: "y1"}))
	assert.Equal(t, resolve(t, g, uid("u-3")), resolve(t, g, cdp.Identifier{Type: "loyalty", Value: "L-9"}), "unknown types use NormalizeID")
	assert.Equal(t, map[cdp.IdentifierType]map[Reason]int{"device": {ReasonMalformed: 1, ReasonEmpty: 1}}, g.Stats().Dropped)

	_, err = g.Normalize(cdp.Identifier{Type: "device", Value: "bad"})
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = g.Normalize(cdp.Identifier{Value: "bad"})
	assert.ErrorIs(t, err, ErrInvalid)
	n, err = g.Normalize(email(" A@B.com "))
	require.NoError(t, err)
	assert.Equal(t, email("a@b.com"), n)
}

func TestLatest(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{},
		obsAt(0, "s", uid("u-1"), email("old@b.com")),
		obsAt(5, "s", uid("u-1"), email("new@b.com")),
		obsAt(3, "s", uid("u-1"), email("mid@b.com")),
		obsAt(5, "s", uid("u-1"), email("also-new@b.com")),
	)
	p, ok := g.PersonOf(uid("u-1"))
	require.True(t, ok)
	got, ok := p.Latest(cdp.Email)
	require.True(t, ok)
	assert.Equal(t, email("also-new@b.com"), got, "ties go to the smallest value")
	_, ok = p.Latest(cdp.Phone)
	assert.False(t, ok)
	assert.Len(t, p.Of(cdp.Email), 4)
}

func TestExplainPath(t *testing.T) {
	t.Parallel()
	o1 := obsAt(0, "platform", uid("u-1"), email("a@b.com"))
	o2 := obsAt(1, "chat", email("a@b.com"), phone("+5511912345678"))
	o3 := obsAt(2, "crm", phone("+5511912345678"), hsid("901"))
	g := newGraph(t, Config{}, o3, o1, o2) // out of order on purpose
	e := g.Explain(uid("u-1"), hsid("901"))
	p := CanonicalID(uid("u-1"))
	assert.Equal(t, Explanation{A: uid("u-1"), B: hsid("901"), PersonA: p, PersonB: p, Same: true, Path: []Link{
		{From: uid("u-1"), To: email("a@b.com"), Observation: o1},
		{From: email("a@b.com"), To: phone("+5511912345678"), Observation: o2},
		{From: phone("+5511912345678"), To: hsid("901"), Observation: o3},
	}}, e)
	assert.Equal(t, `user_id:u-1 and hubspot_id:901 are one person (`+p+`), linked by:
  user_id:u-1 -- email:a@b.com: seen together by "platform" at 2026-11-20T10:00:00Z
  email:a@b.com -- phone:+5511912345678: seen together by "chat" at 2026-11-20T11:00:00Z
  phone:+5511912345678 -- hubspot_id:901: seen together by "crm" at 2026-11-20T12:00:00Z
`, e.String())

	self := g.Explain(email("A@B.com"), email("a@b.com"))
	assert.True(t, self.Same)
	assert.Empty(t, self.Path)

	unknown := g.Explain(uid("u-1"), uid("nobody"))
	assert.Equal(t, Explanation{A: uid("u-1"), B: uid("nobody"), PersonA: p}, unknown)
	assert.Contains(t, unknown.String(), "user_id:nobody is not known")

	apart := newGraph(t, Config{}, obsAt(0, "s", uid("u-1")), obsAt(0, "s", uid("u-2"))).Explain(uid("u-1"), uid("u-2"))
	assert.False(t, apart.Same)
	assert.Empty(t, apart.Conflicts)
	assert.Contains(t, apart.String(), "no observation linked them")
}

func TestLongValues(t *testing.T) {
	t.Parallel()
	repeat := func(s string) (string, error) { return strings.Repeat(s, 1000), nil }
	g := newGraph(t, Config{Normalizers: map[cdp.IdentifierType]func(string) (string, error){"blob": repeat}},
		obsAt(0, "s", uid("u-1"), anon(strings.Repeat("x", 200))),                          // a two-byte length in the arena
		obsAt(1, "s", uid("u-2"), cdp.Identifier{Type: "blob", Value: "0123456789abcdef"}), // 16,000 bytes
		obsAt(2, "s", uid("u-3"), cdp.Identifier{Type: "blob", Value: strings.Repeat("y", 66)}),
	)
	assert.Equal(t, resolve(t, g, uid("u-1")), resolve(t, g, anon(strings.Repeat("x", 200))))
	assert.Equal(t, resolve(t, g, uid("u-2")), resolve(t, g, cdp.Identifier{Type: "blob", Value: "0123456789abcdef"}))
	p, ok := g.PersonOf(uid("u-2"))
	require.True(t, ok)
	assert.Len(t, p.Identifiers[1].Identifier.Value, 16000)
	assert.Equal(t, map[cdp.IdentifierType]map[Reason]int{"blob": {ReasonLength: 1}}, g.Stats().Dropped, "66,000 bytes is too long")
}

func TestRecordIs32Bytes(t *testing.T) {
	t.Parallel()
	// The record is most of a graph's memory (BenchmarkStitch: about 72
	// bytes per identifier in all); a field added here costs every
	// identifier.
	assert.Equal(t, uintptr(32), unsafe.Sizeof(rec{}))
}
