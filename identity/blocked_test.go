package identity

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

// TestBlockedInTableAgreesWithBlocklist checks the fast path (exact
// blocked values in the interning table, the rest in
// isBlockedBeyondTable) against the plain definition of the blocklist,
// typeRules.isBlocked, for the default lists written in several cases,
// for values near them and for a custom type whose normaliser upper-cases.
func TestBlockedInTableAgreesWithBlocklist(t *testing.T) {
	t.Parallel()
	upper := func(s string) (string, error) {
		s = strings.TrimSpace(s)
		if s == "" {
			return "", &InvalidError{Type: "ticker", Value: s, Reason: ReasonEmpty}
		}
		return strings.ToUpper(s), nil
	}
	blocked := DefaultBlocked()
	blocked["ticker"] = []string{"none", "TEST", "Petr4"}
	cfg := Config{
		Blocked:         blocked,
		BlockedPatterns: map[cdp.IdentifierType][]string{cdp.UserID: {`^tmp-`}},
		Normalizers:     map[cdp.IdentifierType]func(string) (string, error){"ticker": upper},
	}
	var inputs []cdp.Identifier
	rng := rand.New(rand.NewPCG(7, 7))
	for typ, vs := range blocked {
		for _, v := range vs {
			for _, w := range []string{v, strings.ToUpper(v), " " + v + " ", mixCase(rng, v), v + "x", "x" + v} {
				inputs = append(inputs, cdp.Identifier{Type: typ, Value: w})
				if typ == cdp.Email {
					inputs = append(inputs, email("ana"+w), email(w+".br"), email("ana@sub"+strings.TrimPrefix(w, "@")))
				}
			}
		}
	}
	inputs = append(inputs, uid("tmp-9"), uid("TMP-9"), uid("u-1"), email("ana@warren.com.br"), cpf("529.982.247-25"),
		phone("(11) 91234-5678"), cdp.Identifier{Type: "ticker", Value: "petr4"}, cdp.Identifier{Type: "ticker", Value: "vale3"})

	g, err := New(cfg)
	require.NoError(t, err)
	nBlocked := 0
	for _, id := range inputs {
		ti := g.typeIndex(id.Type)
		require.GreaterOrEqual(t, ti, 0)
		tr := g.types[ti]
		_, reason := g.identifier(id, hashed{ti: ti, h: g.tab.hash(ti, id.Value)})
		v, err := tr.normalize(id.Value)
		switch {
		case err != nil:
			assert.Equal(t, reasonOf(err), reason, "%v", id)
		case tr.isBlocked(v):
			nBlocked++
			assert.Equal(t, ReasonBlocked, reason, "%v (normal %q) is blocked", id, v)
		default:
			assert.Empty(t, reason, "%v (normal %q) is not blocked", id, v)
		}
	}
	assert.Greater(t, nBlocked, len(inputs)/4, "the inputs exercise the blocklist")
}

// mixCase flips the case of random ASCII letters of s.
func mixCase(rng *rand.Rand, s string) string {
	b := []byte(s)
	for i, c := range b {
		if rng.IntN(2) == 0 {
			continue
		}
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		case c >= 'A' && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

// isBlocked is the plain definition of the blocklist that
// isBlockedBeyondTable and the table implement together: an exact value
// (ignoring ASCII case), for e-mails also "@domain" (the domain and its
// subdomains) and "local@" (that mailbox at any domain), or a pattern.
func (tr *typeRules) isBlocked(v string) bool {
	lv := lowerASCII(v)
	return tr.blocked.contains(lv) || tr.isBlockedMailbox(lv) || tr.matchesPattern(v)
}
