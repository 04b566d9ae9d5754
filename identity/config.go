package identity

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
)

// DefaultMaxIdentifiers is the default cap on identifiers per person.
const DefaultMaxIdentifiers = 50

// maxTypes bounds the number of distinct identifier types a Graph handles.
const maxTypes = 255

// Config holds the stitching rules. The zero value means the defaults: a
// nil map or slice is replaced by its Default function's result and a zero
// MaxIdentifiers by DefaultMaxIdentifiers. A non-nil map replaces the
// default entirely (start from DefaultBlocked() and add to it to extend);
// an empty non-nil map means "none". New validates a Config and keeps a
// copy: changing the caller's maps afterwards has no effect.
type Config struct {
	// Limits caps how many identifiers of a type one person may have
	// (default: 1 user_id, 1 cpf). Every limit must be at least 1.
	Limits map[cdp.IdentifierType]int
	// MaxIdentifiers caps the identifiers of one person in all (default
	// 50). Negative is an error.
	MaxIdentifiers int
	// Blocked lists values, per type, that never link anything; they are
	// compared with the normalised value. See DefaultBlocked.
	Blocked map[cdp.IdentifierType][]string
	// BlockedPatterns lists regular expressions (RE2 syntax), per type,
	// matched against the normalised value; a match blocks the value. See
	// DefaultBlockedPatterns.
	BlockedPatterns map[cdp.IdentifierType][]string
	// Priority orders identifier types from the one a canonical person ID
	// is derived from first (default DefaultPriority). Types not listed
	// come after the listed ones, by name. No duplicates.
	Priority []cdp.IdentifierType
	// Normalizers adds or replaces the normaliser of a type. A normaliser
	// returns the normal form of a value or an error (an *InvalidError
	// keeps its Reason; any other error counts as ReasonMalformed). Types
	// without one use the standard normaliser of their type, or NormalizeID.
	// A normal value longer than 65,535 bytes is dropped as ReasonLength.
	Normalizers map[cdp.IdentifierType]func(string) (string, error)
	// Key, when set, keys canonical person IDs: they become a prefix and
	// the first 16 hex digits of HMAC-SHA-256(Key, "type:value") instead
	// of a plain SHA-256, so nobody without the key can tell which CPF or
	// e-mail an ID stands for by hashing candidates (there are only about
	// 10⁹ valid CPFs: an unkeyed ID is reversed in minutes). Production
	// must set a Key: at least MinKeyLen random bytes, kept secret and the
	// same for every job that must agree on IDs. Without a Key, IDs are
	// unkeyed, as CanonicalID computes. Snapshots record a fingerprint of
	// the key (never the key) and Load refuses a snapshot saved under
	// another key (ErrKeyMismatch); see LoadRekeyed to change keys. New
	// copies the key.
	Key []byte
	// RepairLegacyMobile makes the phone normaliser prepend the ninth
	// digit to an old eight-digit Brazilian mobile number ("(11) 9123-4567"
	// becomes "+5511991234567") instead of dropping it as
	// ReasonLegacyMobile. Off by default: the repaired number is a guess
	// that may be someone else's. It has no effect on a phone normaliser
	// given in Normalizers.
	RepairLegacyMobile bool
}

// MinKeyLen is the shortest Config.Key New accepts, in bytes.
const MinKeyLen = 16

// DefaultLimits returns a fresh map of the default per-type limits: at most
// one user_id and one cpf per person.
func DefaultLimits() map[cdp.IdentifierType]int {
	return map[cdp.IdentifierType]int{cdp.UserID: 1, cdp.CPF: 1}
}

// DefaultPriority returns a fresh slice of the default type priority:
// user_id > cpf > email > phone > hubspot_id > anonymous_id.
func DefaultPriority() []cdp.IdentifierType {
	return []cdp.IdentifierType{cdp.UserID, cdp.CPF, cdp.Email, cdp.Phone, cdp.HubSpotID, cdp.AnonymousID}
}

// DefaultBlocked returns a fresh map of the default blocked values:
//   - email: placeholder addresses (test@test.com, email@email.com, ...),
//     the reserved example and test domains of RFC 2606 ("@example.com",
//     "@example.net", "@example.org", "@example.com.br" and the top-level
//     "@test", "@example", "@invalid", "@localhost") and no-reply mailboxes
//     ("noreply@", "no-reply@", "donotreply@", "do-not-reply@",
//     "naoresponda@", "nao-responda@");
//   - cpf: every all-same-digit number and the well-known test CPF
//     123.456.789-09;
//   - phone: Brazilian numbers whose subscriber part is one repeated digit
//     (+55 DDD 999999999, 22222222 ... 55555555);
//   - user_id, hubspot_id, anonymous_id: placeholders systems write when an
//     id is missing ("null", "undefined", "none", "n/a", "0", "-", ...),
//     and for anonymous_id the all-zero UUID.
func DefaultBlocked() map[cdp.IdentifierType][]string {
	cpfs := []string{"12345678909"}
	for d := byte('0'); d <= '9'; d++ {
		cpfs = append(cpfs, strings.Repeat(string(d), 11))
	}
	var phones []string
	for ddd, ok := range brazilDDD {
		if !ok {
			continue
		}
		p := "+55" + strconv.Itoa(ddd)
		phones = append(phones, p+"999999999")
		for d := byte('2'); d <= '5'; d++ {
			phones = append(phones, p+strings.Repeat(string(d), 8))
		}
	}
	placeholders := []string{
		"null", "nil", "none", "undefined", "unknown", "n/a", "na", "nan", "0", "-", "--", "---",
		"test", "teste", "[object object]", "false", "true", "''", `""`,
	}
	return map[cdp.IdentifierType][]string{
		cdp.Email: {
			"test@test.com", "teste@teste.com", "test@teste.com", "teste@test.com",
			"email@email.com", "email@teste.com", "a@a.com", "x@x.com", "abc@abc.com",
			"null@null.com", "none@none.com", "noemail@noemail.com", "sememail@sememail.com",
			"naotem@naotem.com", "nao@tem.com", "no@email.com", "sem@email.com",
			"@example.com", "@example.net", "@example.org", "@example.com.br",
			"@test", "@example", "@invalid", "@localhost",
			"noreply@", "no-reply@", "donotreply@", "do-not-reply@", "naoresponda@", "nao-responda@",
		},
		cdp.CPF:         cpfs,
		cdp.Phone:       phones,
		cdp.UserID:      placeholders,
		cdp.HubSpotID:   placeholders,
		cdp.AnonymousID: append(slices.Clone(placeholders), "00000000-0000-0000-0000-000000000000"),
	}
}

// DefaultBlockedPatterns returns a fresh, empty map: the defaults are all
// exact values (see DefaultBlocked), which cost one hash lookup per new
// identifier. Patterns are for the caller's own rules.
func DefaultBlockedPatterns() map[cdp.IdentifierType][]string {
	return map[cdp.IdentifierType][]string{}
}

// typeRules is the compiled configuration of one identifier type.
type typeRules struct {
	name      cdp.IdentifierType
	rank      int    // position in the priority order (smaller first)
	prefix    string // canonical ID prefix
	limitSlot int    // index into the per-person limit counters, or -1
	normalize func(string) (string, error)
	blocked   valueSet // exact values, lower-cased
	exact     []string // the same values, sorted
	domains   valueSet // e-mail "@domain" entries, without the "@"
	locals    valueSet // e-mail "local@" entries, without the "@"
	patterns  []*regexp.Regexp
}

// rules is a validated, immutable Config.
type rules struct {
	cfg      Config // the validated copy, defaults filled in
	maxIdent int32
	limits   []int32 // per limit slot
	limTypes []cdp.IdentifierType
}

// standardPrefix is the canonical ID prefix of each standard type.
var standardPrefix = map[cdp.IdentifierType]string{
	cdp.UserID: "u_", cdp.CPF: "c_", cdp.Email: "e_", cdp.Phone: "p_", cdp.HubSpotID: "h_", cdp.AnonymousID: "a_",
}

// prefixOf returns the canonical ID prefix of t ("x_" for caller types).
func prefixOf(t cdp.IdentifierType) string {
	if p, ok := standardPrefix[t]; ok {
		return p
	}
	return "x_"
}

// standardNormalizer returns the normaliser of t.
func standardNormalizer(t cdp.IdentifierType) func(string) (string, error) {
	switch t {
	case cdp.Email:
		return NormalizeEmail
	case cdp.CPF:
		return NormalizeCPF
	case cdp.Phone:
		return NormalizePhone
	default:
		return func(s string) (string, error) { return normalizeID(t, s) }
	}
}

// compile validates cfg, fills in defaults and returns the compiled rules.
func compile(cfg Config) (*rules, error) {
	r := &rules{}
	c := Config{MaxIdentifiers: cfg.MaxIdentifiers}
	if c.MaxIdentifiers < 0 {
		return nil, &ConfigError{Field: "MaxIdentifiers", Reason: fmt.Sprintf("must not be negative, got %d", cfg.MaxIdentifiers)}
	}
	if c.MaxIdentifiers == 0 {
		c.MaxIdentifiers = DefaultMaxIdentifiers
	}
	if c.MaxIdentifiers > 1<<30 {
		return nil, &ConfigError{Field: "MaxIdentifiers", Reason: fmt.Sprintf("too large, got %d", cfg.MaxIdentifiers)}
	}
	r.maxIdent = int32(c.MaxIdentifiers)

	c.Limits = cfg.Limits
	if c.Limits == nil {
		c.Limits = DefaultLimits()
	}
	c.Limits = copyMap(c.Limits)
	for _, t := range sortedKeys(c.Limits) {
		n := c.Limits[t]
		if t == "" {
			return nil, &ConfigError{Field: "Limits", Reason: "empty identifier type"}
		}
		if n < 1 || n > c.MaxIdentifiers {
			return nil, &ConfigError{Field: "Limits[" + string(t) + "]", Reason: fmt.Sprintf("must be between 1 and MaxIdentifiers (%d), got %d", c.MaxIdentifiers, n)}
		}
		r.limTypes = append(r.limTypes, t)
		r.limits = append(r.limits, int32(n))
	}

	c.Priority = cfg.Priority
	if c.Priority == nil {
		c.Priority = DefaultPriority()
	}
	c.Priority = slices.Clone(c.Priority)
	seen := map[cdp.IdentifierType]bool{}
	for i, t := range c.Priority {
		if t == "" {
			return nil, &ConfigError{Field: fmt.Sprintf("Priority[%d]", i), Reason: "empty identifier type"}
		}
		if seen[t] {
			return nil, &ConfigError{Field: fmt.Sprintf("Priority[%d]", i), Reason: "duplicate type " + string(t)}
		}
		seen[t] = true
	}

	c.Blocked = cfg.Blocked
	if c.Blocked == nil {
		c.Blocked = DefaultBlocked()
	}
	c.Blocked = copyMapSlices(c.Blocked)
	for _, t := range sortedKeys(c.Blocked) {
		if t == "" {
			return nil, &ConfigError{Field: "Blocked", Reason: "empty identifier type"}
		}
	}
	c.BlockedPatterns = cfg.BlockedPatterns
	if c.BlockedPatterns == nil {
		c.BlockedPatterns = DefaultBlockedPatterns()
	}
	c.BlockedPatterns = copyMapSlices(c.BlockedPatterns)
	for _, t := range sortedKeys(c.BlockedPatterns) {
		if t == "" {
			return nil, &ConfigError{Field: "BlockedPatterns", Reason: "empty identifier type"}
		}
		for i, p := range c.BlockedPatterns[t] {
			if _, err := regexp.Compile(p); err != nil {
				return nil, &ConfigError{Field: fmt.Sprintf("BlockedPatterns[%s][%d]", t, i), Reason: err.Error()}
			}
		}
	}
	c.Normalizers = copyMap(cfg.Normalizers)
	for _, t := range sortedKeys(c.Normalizers) {
		if t == "" {
			return nil, &ConfigError{Field: "Normalizers", Reason: "empty identifier type"}
		}
		if c.Normalizers[t] == nil {
			return nil, &ConfigError{Field: "Normalizers[" + string(t) + "]", Reason: "nil function"}
		}
	}
	if len(cfg.Key) > 0 && len(cfg.Key) < MinKeyLen {
		return nil, &ConfigError{Field: "Key", Reason: fmt.Sprintf("must be at least %d bytes, got %d", MinKeyLen, len(cfg.Key))}
	}
	if len(cfg.Key) > 0 {
		c.Key = slices.Clone(cfg.Key)
	}
	c.RepairLegacyMobile = cfg.RepairLegacyMobile
	r.cfg = c
	return r, nil
}

// newType compiles the rules of type t. Blocked values are also
// normalised with the type's normaliser so that "Test@Test.com" blocks
// "test@test.com".
func (r *rules) newType(t cdp.IdentifierType) *typeRules {
	tr := &typeRules{name: t, prefix: prefixOf(t), limitSlot: -1}
	tr.rank = len(r.cfg.Priority)
	if i := slices.Index(r.cfg.Priority, t); i >= 0 {
		tr.rank = i
	}
	for i, lt := range r.limTypes {
		if lt == t {
			tr.limitSlot = i
		}
	}
	tr.normalize = r.cfg.Normalizers[t]
	switch {
	case tr.normalize != nil:
	case t == cdp.Phone && r.cfg.RepairLegacyMobile:
		tr.normalize = repairingPhone
	default:
		tr.normalize = standardNormalizer(t)
	}
	var blocked, domains, locals []string
	for _, v := range r.cfg.Blocked[t] {
		v = lowerASCII(strings.TrimSpace(v))
		switch {
		case t == cdp.Email && strings.HasPrefix(v, "@"):
			domains = append(domains, v[1:])
		case t == cdp.Email && strings.HasSuffix(v, "@"):
			locals = append(locals, v[:len(v)-1])
		default:
			blocked = append(blocked, v)
			if nv, err := tr.normalize(v); err == nil {
				blocked = append(blocked, lowerASCII(nv))
			}
		}
	}
	slices.Sort(blocked)
	tr.exact = slices.Compact(blocked)
	tr.blocked, tr.domains, tr.locals = newValueSet(tr.exact), newValueSet(domains), newValueSet(locals)
	for _, p := range r.cfg.BlockedPatterns[t] {
		tr.patterns = append(tr.patterns, regexp.MustCompile(p)) // validated in compile
	}
	return tr
}

// isBlockedMailbox reports whether the lower-cased e-mail address lv is
// at a blocked domain (or a subdomain of one) or a blocked mailbox.
func (tr *typeRules) isBlockedMailbox(lv string) bool {
	at := strings.LastIndexByte(lv, '@')
	if at < 0 || tr.name != cdp.Email {
		return false
	}
	if tr.locals.contains(lv[:at]) {
		return true
	}
	for d := lv[at+1:]; tr.domains.len() > 0; {
		if tr.domains.contains(d) {
			return true
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			return false
		}
		d = d[i+1:]
	}
	return false
}

// matchesPattern reports whether v matches a blocked pattern.
func (tr *typeRules) matchesPattern(v string) bool {
	for _, re := range tr.patterns {
		if re.MatchString(v) {
			return true
		}
	}
	return false
}

// isBlockedBeyondTable reports whether the normalised value v, which is
// not in a Graph's table, is blocked. The blocklist is: an exact value
// (ignoring ASCII case), for e-mails also "@domain" (the domain and its
// subdomains) and "local@" (that mailbox at any domain), or a pattern. The
// table holds the exact values that are normal, so they are checked here
// only for a v with upper-case letters.
func (tr *typeRules) isBlockedBeyondTable(v string) bool {
	if tr.blocked.len() > 0 && hasUpperASCII(v) && tr.blocked.contains(lowerASCII(v)) {
		return true
	}
	if tr.domains.len()+tr.locals.len() > 0 && tr.isBlockedMailbox(lowerASCII(v)) {
		return true
	}
	return tr.matchesPattern(v)
}

// hasUpperASCII reports whether s has an ASCII upper-case letter.
func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// lowerASCII lower-cases ASCII letters, without allocating when there are none.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func copyMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func copyMapSlices[K comparable, V any](m map[K][]V) map[K][]V {
	out := make(map[K][]V, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}

func sortedKeys[V any](m map[cdp.IdentifierType]V) []cdp.IdentifierType {
	keys := make([]cdp.IdentifierType, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
