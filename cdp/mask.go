package cdp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"log/slog"
	"strings"
	"unicode/utf8"
)

// MinMaskKeyLen is the shortest key NewMasker accepts, in bytes.
const MinMaskKeyLen = 16

// ErrShortKey is returned by NewMasker for a key shorter than
// MinMaskKeyLen bytes.
var ErrShortKey = errors.New("cdp: masking key shorter than 16 bytes")

// Masker hides personal data (e-mail addresses, CPFs, phone numbers, user
// and other ids) so that it can appear in logs, error messages and printed
// output. Every masked value keeps a little of the original, so an operator
// can tell which record it was, and ends with a tag, "#" and hex digits,
// derived from the whole value, so that two different values that look
// alike stay apart ("g***@exemplo.com.br#43ed" and
// "g***@exemplo.com.br#4034").
//
// The zero Masker is ready to use and keyless: its tags are a short
// SHA-256 of the value. A Masker made by NewMasker with a secret key tags
// with HMAC-SHA-256 under that key instead, 32 bits long: without the key
// the tag reveals nothing, and the same value gets the same tag in every
// log of every process that shares the key. Production code should use a
// keyed Masker.
//
// What a masked value shows, and how many bits a keyless tag has:
//
//	kind          shows                                      keyless tag
//	e-mail        first character of the local part, domain  16 bits
//	CPF           the two check digits                       8 bits
//	phone         the last two digits                        8 bits
//	other ids     the first two characters (8+ characters)   16 bits
//
// The keyless tags are short on purpose. There are about 10⁹ valid CPFs;
// the two check digits shown leave about 10⁷ candidates and an 8-bit tag
// about 40,000, so hashing every CPF does not recover one from its masked
// form. Phones likewise: the last two digits and 8 bits leave about 4,000
// candidates per area code. An e-mail address cannot be enumerated, but
// whoever holds a list of candidate addresses can use a keyless 16-bit tag
// to confirm which of them it is; so can whoever can enumerate a small id
// space (sequential user ids). A keyed tag prevents both.
//
// Masker is a small value; copies share the key, which is never modified.
// It is safe for concurrent use.
type Masker struct {
	key []byte
}

// NewMasker returns a Masker whose tags are keyed with key, a secret of at
// least MinMaskKeyLen random bytes (32 is recommended). The key is copied.
// A shorter key gives ErrShortKey. Do not reuse a key meant for something
// else without need: the inputs are domain-separated, but a key that leaks
// through one use is lost for all.
func NewMasker(key []byte) (Masker, error) {
	if len(key) < MinMaskKeyLen {
		return Masker{}, ErrShortKey
	}
	return Masker{key: append([]byte(nil), key...)}, nil
}

// Keyed reports whether m tags with a key.
func (m Masker) Keyed() bool { return len(m.key) > 0 }

// The kinds of tagged values. CPFs and phone numbers share one kind, as
// digits, so that an 11-digit number masked as a CPF in one place and as
// a phone in another carries the same tag.
const (
	kindEmail  = "email"
	kindDigits = "digits"
	kindID     = "id"
)

// tag returns the tag of value v of a kind: 8 hex digits of HMAC-SHA-256
// when m is keyed, else keylessBits/4 hex digits of SHA-256.
func (m Masker) tag(kind, v string, keylessBits int) string {
	var h hash.Hash
	n := keylessBits / 8
	if m.Keyed() {
		h, n = hmac.New(sha256.New, m.key), 4
	} else {
		h = sha256.New()
	}
	h.Write([]byte("customerdata/mask\x00" + kind + "\x00"))
	h.Write([]byte(v))
	var sum [sha256.Size]byte
	return "#" + hex.EncodeToString(h.Sum(sum[:0])[:n])
}

// Identifier returns id masked as "type:masked-value" (see Value).
func (m Masker) Identifier(id Identifier) string {
	return string(id.Type) + ":" + m.Value(id.Type, id.Value)
}

// Identifiers returns each of ids masked with Identifier.
func (m Masker) Identifiers(ids []Identifier) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = m.Identifier(id)
	}
	return out
}

// Value masks v as a value of identifier type t: Email for e-mails, CPF
// for CPFs, Phone for phones and ID for every other type.
func (m Masker) Value(t IdentifierType, v string) string {
	switch t {
	case Email:
		return m.Email(v)
	case CPF:
		return m.CPF(v)
	case Phone:
		return m.Phone(v)
	}
	return m.ID(v)
}

// Attr returns a log attribute holding id masked by m, for the keyed
// masking of an Identifier (Identifier.LogValue masks without a key).
func (m Masker) Attr(key string, id Identifier) slog.Attr {
	return slog.String(key, m.Identifier(id))
}

// Email masks an e-mail address: the first character of the local part,
// "***", the "@" (as many as the value has) and the domain in lower case,
// then the tag of the lower-cased address: "Maria@Exemplo.com.br" →
// "m***@exemplo.com.br#588d". A value without "@" is "***" and a tag.
func (m Masker) Email(v string) string {
	at := strings.IndexByte(v, '@')
	if at < 0 {
		return "***" + m.tag(kindEmail, strings.ToLower(v), 16)
	}
	end := at
	for end < len(v) && v[end] == '@' {
		end++
	}
	return m.email(v[:at], v[at:end], v[end:])
}

// email masks the address local + ats + domain (ats is one or more "@").
func (m Masker) email(local, ats, domain string) string {
	var b strings.Builder
	if local != "" {
		_, n := utf8.DecodeRuneInString(local)
		b.WriteString(strings.ToLower(local[:n]))
	}
	b.WriteString("***")
	b.WriteString(ats)
	b.WriteString(cut(strings.ToLower(domain)))
	b.WriteString(m.tag(kindEmail, strings.ToLower(local+"@"+domain), 16))
	return b.String()
}

// CPF masks a CPF, punctuated or not, to its two check digits and the tag
// of its digits: "529.982.247-25" → "***.***.***-25#20". A value that does
// not have 11 digits shows none: "***" and a tag.
func (m Masker) CPF(v string) string {
	d := digits(v)
	if len(d) != 11 {
		return "***" + m.digitsTag(d, v)
	}
	return "***.***.***-" + d[9:] + m.digitsTag(d, v)
}

// Phone masks a phone number to its last two digits and the tag of its
// national number (without a +55 country code or a 0 trunk prefix), so
// "+55 (11) 99123-4567" and "11991234567" mask alike: "***67#65". A value
// with fewer than eight digits shows none.
func (m Masker) Phone(v string) string {
	d := digits(v)
	if len(d) < 8 {
		return "***" + m.digitsTag(d, v)
	}
	return "***" + d[len(d)-2:] + m.digitsTag(d, v)
}

// digitsTag tags the digits d of raw value v (v itself when it has none).
func (m Masker) digitsTag(d, v string) string {
	switch {
	case d == "":
		return m.tag(kindDigits, v, 8)
	case len(d) >= 12 && strings.HasPrefix(d, "55"):
		d = d[2:]
	case (len(d) == 11 || len(d) == 12) && d[0] == '0':
		d = d[1:]
	}
	return m.tag(kindDigits, d, 8)
}

// ID masks any other identifier or key: the first two characters of a
// value of at least eight, "***" and the tag: "u-1030" → "***#621e",
// "0b7c4e1a-1234" → "0b***#2207".
func (m Masker) ID(v string) string {
	t := m.tag(kindID, v, 16)
	if utf8.RuneCountInString(v) < 8 {
		return "***" + t
	}
	_, a := utf8.DecodeRuneInString(v)
	_, b := utf8.DecodeRuneInString(v[a:])
	return v[:a+b] + "***" + t
}

// Key masks a key whose type is not known, such as a destination record
// key: an e-mail address (it has an "@") as Email, 11 digits (punctuated
// as a CPF or not) as CPF, a "+" followed by digits as Phone, anything
// else as ID.
func (m Masker) Key(k string) string {
	switch {
	case strings.IndexByte(k, '@') > 0:
		return m.Email(k)
	case cpfLike(k):
		return m.CPF(k)
	case len(k) > 1 && k[0] == '+' && len(digits(k)) >= 8:
		return m.Phone(k)
	}
	return m.ID(k)
}

// cpfLike reports whether s is 11 digits, bare or as ddd.ddd.ddd-dd.
func cpfLike(s string) bool {
	return len(s) == 11 && len(digits(s)) == 11 ||
		len(s) == 14 && s[3] == '.' && s[7] == '.' && s[11] == '-' && len(digits(s)) == 11
}

// digits returns the ASCII digits of s.
func digits(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	return string(b)
}

// maxShown is the longest domain shown; longer ones are cut.
const maxShown = 64

// cut shortens s to maxShown bytes, on a character boundary, with "...".
func cut(s string) string {
	if len(s) <= maxShown {
		return s
	}
	n := maxShown
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}
