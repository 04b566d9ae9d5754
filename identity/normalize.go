package identity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warrenbrasil/customerdata/cdp"
)

// MaxIDLength is the longest value NormalizeID accepts, in bytes.
const MaxIDLength = 256

// NormalizeEmail trims s and lower-cases it, and rejects what is not an
// e-mail address: exactly one "@", a local part of 1–64 characters from the
// RFC 5322 atom set without leading, trailing or doubled dots, and a domain
// of at least two labels (letters, digits, hyphens; a top-level label of at
// least two characters, not all digits). Only ASCII addresses are accepted.
// An already normal value is returned without allocating.
func NormalizeEmail(s string) (string, error) {
	if isNormalEmail(s) {
		return s, nil
	}
	return normalizeEmail(s)
}

// normalizeEmail is NormalizeEmail without the fast path.
func normalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", invalid(cdp.Email, s, ReasonEmpty)
	}
	if len(s) > 254 {
		return "", invalid(cdp.Email, s, ReasonLength)
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return "", invalid(cdp.Email, s, ReasonMalformed)
		}
	}
	raw := s
	s = strings.ToLower(s) // ASCII only: returns s itself when already lower-case
	at := strings.IndexByte(s, '@')
	if at < 0 || at != strings.LastIndexByte(s, '@') {
		return "", invalid(cdp.Email, raw, ReasonMalformed)
	}
	local, domain := s[:at], s[at+1:]
	if len(local) == 0 || len(local) > 64 {
		return "", invalid(cdp.Email, raw, ReasonLength)
	}
	if !validLocal(local) || !validDomain(domain) {
		return "", invalid(cdp.Email, raw, ReasonMalformed)
	}
	return s, nil
}

// Character classes of e-mail addresses, for isNormalEmail.
const (
	emailLocal  = 1 << iota // allowed in a local part
	emailDomain             // allowed in a domain label: a-z, 0-9, '-'
	emailDigit
)

var emailClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = emailLocal | emailDomain
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = emailLocal | emailDomain | emailDigit
	}
	for _, c := range "!#$%&'*+/=?^_`{|}~" {
		t[c] = emailLocal
	}
	t['-'] = emailLocal | emailDomain
	t['.'] = emailLocal
	return t
}()

// isNormalEmail reports, in one pass, whether s is an e-mail address
// NormalizeEmail returns unchanged: the common case of a value that was
// normalised before. A false answer means only that the full path must
// decide.
func isNormalEmail(s string) bool {
	if len(s) < 5 || len(s) > 254 || s[0] == '.' {
		return false
	}
	i := 0
	for ; i < len(s) && s[i] != '@'; i++ {
		c := s[i]
		if emailClass[c]&emailLocal == 0 || c == '.' && s[i-1] == '.' {
			return false
		}
	}
	if i == 0 || i > 64 || i >= len(s)-3 || s[i-1] == '.' {
		return false
	}
	labels, start, digits := 0, i+1, true
	for j := start; j <= len(s); j++ {
		if j < len(s) && s[j] != '.' {
			c := emailClass[s[j]]
			if c&emailDomain == 0 {
				return false
			}
			digits = digits && c&emailDigit != 0
			continue
		}
		n := j - start // a label ends
		if n == 0 || n > 63 || s[start] == '-' || s[j-1] == '-' {
			return false
		}
		labels++
		if j == len(s) { // the top-level label
			return labels >= 2 && n >= 2 && !digits
		}
		start, digits = j+1, true
	}
	return false
}

func validLocal(l string) bool {
	if l[0] == '.' || l[len(l)-1] == '.' || strings.Contains(l, "..") {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '.':
		case strings.IndexByte("!#$%&'*+/=?^_`{|}~-", c) >= 0:
		default:
			return false
		}
	}
	return true
}

func validDomain(d string) bool {
	if len(d) == 0 || len(d) > 253 {
		return false
	}
	labels := 0
	last := ""
	for len(d) > 0 {
		var label string
		if i := strings.IndexByte(d, '.'); i >= 0 {
			label, d = d[:i], d[i+1:]
			if d == "" { // trailing dot
				return false
			}
		} else {
			label, d = d, ""
		}
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
		labels++
		last = label
	}
	if labels < 2 || len(last) < 2 {
		return false
	}
	for i := 0; i < len(last); i++ {
		if last[i] < '0' || last[i] > '9' {
			return true
		}
	}
	return false // an all-digit top-level label: an IP address, not a domain
}

// NormalizeCPF accepts a CPF with or without punctuation ("529.982.247-25"
// or "52998224725"; dots, hyphens and spaces are ignored) and returns its 11
// digits. It rejects other characters, a digit count other than 11, numbers
// made of one repeated digit and numbers whose check digits do not match.
// An already normal value is returned without allocating.
func NormalizeCPF(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", invalid(cdp.CPF, s, ReasonEmpty)
	}
	var d [11]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if n == len(d) {
				return "", invalid(cdp.CPF, s, ReasonLength)
			}
			d[n] = c - '0'
			n++
		case c == '.' || c == '-' || c == ' ':
		default:
			return "", invalid(cdp.CPF, s, ReasonMalformed)
		}
	}
	if n != len(d) {
		return "", invalid(cdp.CPF, s, ReasonLength)
	}
	same := true
	for i := 1; i < len(d); i++ {
		if d[i] != d[0] {
			same = false
			break
		}
	}
	if same {
		return "", invalid(cdp.CPF, s, ReasonRepeatedDigits)
	}
	if cpfDigit(d[:9]) != d[9] || cpfDigit(d[:10]) != d[10] {
		return "", invalid(cdp.CPF, s, ReasonCheckDigit)
	}
	if len(s) == len(d) {
		return s, nil
	}
	for i := range d {
		d[i] += '0'
	}
	return string(d[:]), nil
}

// cpfDigit computes the check digit that follows ds: weights len(ds)+1 down
// to 2, sum×10 mod 11, with 10 counting as 0.
func cpfDigit(ds []byte) byte {
	sum := 0
	w := len(ds) + 1
	for _, x := range ds {
		sum += int(x) * w
		w--
	}
	r := sum * 10 % 11
	if r == 10 {
		r = 0
	}
	return byte(r)
}

// brazilDDD marks the area codes (DDD) assigned by ANATEL.
var brazilDDD = func() (t [100]bool) {
	for _, d := range []int{
		11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38,
		41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69,
		71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
	} {
		t[d] = true
	}
	return t
}()

// NormalizePhone returns a phone number in E.164 ("+5511912345678"). The
// default country is Brazil (+55). Spaces, parentheses, hyphens, dots and
// slashes are ignored; a leading "+" or "00" introduces a country code.
//
// Brazilian numbers follow the numbering plan: a two-digit area code (DDD,
// one assigned by ANATEL) and a subscriber number. Mobile numbers have nine
// digits starting with 9; landlines have eight digits, the first 2–5. An
// eight-digit number whose first digit is 6–9 is an old mobile number
// written without its ninth digit: it is rejected with ReasonLegacyMobile,
// never guessed, because "repairing" it (prepending a 9) makes a valid
// number that may belong to someone else, and stitching on it would merge
// two customers. Config.RepairLegacyMobile opts in to the repair for a
// Graph. Accepted national writings include "+55 (11) 91234-5678",
// "55 11 91234-5678", "(11) 91234-5678", "11912345678", the trunk prefix
// "011 91234 5678" and a trunk prefix with a carrier code "0 21 11 91234 5678".
//
// A number with another country code is kept as E.164 when plausible: 8 to
// 15 digits in all, not starting with 0.
func NormalizePhone(s string) (string, error) { return normalizePhone(s, false) }

// repairingPhone is NormalizePhone that prepends the ninth digit to an old
// eight-digit mobile number (Config.RepairLegacyMobile).
func repairingPhone(s string) (string, error) { return normalizePhone(s, true) }

// normalizePhone is NormalizePhone; repair prepends the ninth digit to an
// old eight-digit mobile number instead of rejecting it.
func normalizePhone(s string, repair bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", invalid(cdp.Phone, s, ReasonEmpty)
	}
	var buf [16]byte
	n := 0
	plus := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if n == len(buf) {
				return "", invalid(cdp.Phone, s, ReasonLength)
			}
			buf[n] = c
			n++
		case c == '+' && i == 0:
			plus = true
		case c == ' ' || c == '(' || c == ')' || c == '-' || c == '.' || c == '/':
		default:
			return "", invalid(cdp.Phone, s, ReasonMalformed)
		}
	}
	d := buf[:n]
	if n == 0 {
		return "", invalid(cdp.Phone, s, ReasonMalformed)
	}
	if !plus && n > 2 && d[0] == '0' && d[1] == '0' {
		plus, d = true, d[2:]
	}
	var out [16]byte
	var e164 []byte
	var reason Reason
	switch {
	case plus && len(d) >= 2 && d[0] == '5' && d[1] == '5':
		e164, reason = brazil(out[:0], d[2:], repair)
	case plus:
		if len(d) < 8 || len(d) > 15 {
			return "", invalid(cdp.Phone, s, ReasonLength)
		}
		if d[0] == '0' {
			return "", invalid(cdp.Phone, s, ReasonMalformed)
		}
		e164 = append(append(out[:0], '+'), d...)
	case d[0] == '0':
		d = d[1:]
		switch len(d) {
		case 10, 11:
			e164, reason = brazil(out[:0], d, repair)
		case 12, 13: // a carrier selection code after the trunk prefix
			e164, reason = brazil(out[:0], d[2:], repair)
		default:
			reason = ReasonLength
		}
	case len(d) == 10 || len(d) == 11:
		e164, reason = brazil(out[:0], d, repair)
	case (len(d) == 12 || len(d) == 13) && d[0] == '5' && d[1] == '5':
		e164, reason = brazil(out[:0], d[2:], repair)
	default:
		reason = ReasonLength
	}
	if reason != "" {
		return "", invalid(cdp.Phone, s, reason)
	}
	if string(e164) == s {
		return s, nil
	}
	return string(e164), nil
}

// brazil appends "+55" and the national number nat (DDD + subscriber) to
// out, or returns the reason it is invalid. An old eight-digit mobile
// number gets its ninth digit only when repair is set.
func brazil(out, nat []byte, repair bool) ([]byte, Reason) {
	if len(nat) != 10 && len(nat) != 11 {
		return nil, ReasonLength
	}
	if !brazilDDD[int(nat[0]-'0')*10+int(nat[1]-'0')] {
		return nil, ReasonAreaCode
	}
	out = append(out, '+', '5', '5', nat[0], nat[1])
	sub := nat[2:]
	switch {
	case len(sub) == 9 && sub[0] == '9':
		return append(out, sub...), ""
	case len(sub) == 8 && sub[0] >= '2' && sub[0] <= '5':
		return append(out, sub...), ""
	case len(sub) == 8 && sub[0] >= '6' && repair:
		return append(append(out, '9'), sub...), ""
	case len(sub) == 8 && sub[0] >= '6':
		return nil, ReasonLegacyMobile
	default:
		return nil, ReasonMalformed
	}
}

// NormalizeID trims s and rejects an empty value, a value longer than
// MaxIDLength bytes, invalid UTF-8 and control characters. It is the
// normaliser of user_id, hubspot_id, anonymous_id and of caller-defined
// types without a normaliser of their own.
func NormalizeID(s string) (string, error) {
	return normalizeID(cdp.UserID, s)
}

func normalizeID(t cdp.IdentifierType, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", invalid(t, s, ReasonEmpty)
	}
	if len(s) > MaxIDLength {
		return "", invalid(t, s, ReasonLength)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return "", invalid(t, s, ReasonMalformed)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsControl(r) {
			return "", invalid(t, s, ReasonMalformed)
		}
		i += size
	}
	return s, nil
}

// Normalize returns the normal form of value v of identifier type t, as
// the default rules (a Graph made with the zero Config) normalise the
// identifiers of observations: NormalizeEmail, NormalizeCPF, NormalizePhone
// or NormalizeID by type. Use it on every identifier that is looked up or
// joined on outside a Graph (the CPF column of a positions file, say), so
// that "560.726.588-90" and "56072658890" are one value. Graph.Normalize
// does the same under a graph's Config (its own normalisers, the legacy
// mobile repair). An invalid value gives an *InvalidError (errors.Is
// ErrInvalid) whose message masks the value.
func Normalize(t cdp.IdentifierType, v string) (string, error) {
	if t == "" {
		return "", invalid(t, v, ReasonType)
	}
	return standardNormalizer(t)(v)
}

// ValidateCPF reports whether s is a valid CPF, punctuated or not: 11
// digits, not all the same, whose two check digits match (the modulo-11
// rule of the Receita Federal). It returns nil or an *InvalidError (errors.Is
// ErrInvalid) with ReasonCheckDigit, ReasonRepeatedDigits, ReasonLength,
// ReasonMalformed or ReasonEmpty, whose message masks the value.
func ValidateCPF(s string) error {
	_, err := NormalizeCPF(s)
	return err
}
