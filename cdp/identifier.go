package cdp

import (
	"log/slog"
	"strings"
	"unicode/utf8"
)

// IdentifierType names a kind of identifier. The standard types are the
// constants below; callers may define their own (for example "device_id").
type IdentifierType string

// The standard identifier types.
const (
	UserID      IdentifierType = "user_id"      // the platform's own account id
	Email       IdentifierType = "email"        // an e-mail address
	CPF         IdentifierType = "cpf"          // Brazilian taxpayer number, 11 digits
	Phone       IdentifierType = "phone"        // a phone number in E.164
	HubSpotID   IdentifierType = "hubspot_id"   // a HubSpot contact record id
	AnonymousID IdentifierType = "anonymous_id" // a device or cookie id
)

// Identifier is one value that identifies a customer, such as an e-mail
// address or a CPF. Value is expected to be normalised (see package identity).
type Identifier struct {
	Type  IdentifierType `json:"type"`
	Value string         `json:"value"`
}

// String returns "type:value". It prints the full value: use the slog
// integration (LogValue) or Masked when the result may reach a log.
func (id Identifier) String() string { return string(id.Type) + ":" + id.Value }

// Standard reports whether t is one of the standard identifier types
// declared in this package.
func (t IdentifierType) Standard() bool {
	switch t {
	case UserID, Email, CPF, Phone, HubSpotID, AnonymousID:
		return true
	}
	return false
}

// maxShown is the longest identifier value shown unmasked; longer values of
// non-personal types are cut.
const maxShown = 64

// Masked returns id in the form "type:masked-value", safe for logs:
//
//   - email: the first character of the local part, "***", then the domain
//     ("email:a***@example.com");
//   - cpf: only the last four digits ("cpf:***.***.*47-25");
//   - phone: only the last four digits ("phone:***4321");
//   - any other type: the value as is, cut to 64 bytes with "..." when
//     longer.
//
// A value too short to keep anything hidden is replaced by "***".
func (id Identifier) Masked() string { return string(id.Type) + ":" + maskValue(id.Type, id.Value) }

// LogValue implements slog.LogValuer: an Identifier logs as Masked does, so
// a log never holds a full e-mail address, CPF or phone number.
func (id Identifier) LogValue() slog.Value { return slog.StringValue(id.Masked()) }

var _ slog.LogValuer = Identifier{}

func maskValue(t IdentifierType, v string) string {
	switch t {
	case Email:
		at := strings.LastIndexByte(v, '@')
		if at < 0 {
			return "***"
		}
		local, domain := v[:at], v[at+1:]
		if local == "" {
			return "***@" + domain
		}
		_, n := utf8.DecodeRuneInString(local)
		return local[:n] + "***@" + domain
	case CPF:
		d := lastDigits(v, 4)
		if d == "" {
			return "***"
		}
		return "***.***.*" + d[:2] + "-" + d[2:]
	case Phone:
		d := lastDigits(v, 4)
		if d == "" {
			return "***"
		}
		return "***" + d
	}
	if len(v) > maxShown {
		cut := maxShown
		for cut > 0 && !utf8.RuneStart(v[cut]) {
			cut--
		}
		return v[:cut] + "..."
	}
	return v
}

// lastDigits returns the last n ASCII digits of v, or "" when v has fewer
// than n+4 digits (too few to hide the rest).
func lastDigits(v string, n int) string {
	var digits []byte
	for i := 0; i < len(v); i++ {
		if v[i] >= '0' && v[i] <= '9' {
			digits = append(digits, v[i])
		}
	}
	if len(digits) < n+4 {
		return ""
	}
	return string(digits[len(digits)-n:])
}
