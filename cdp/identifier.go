package cdp

import "log/slog"

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

// Masked returns id masked by the zero (keyless) Masker, in the form
// "type:masked-value", safe for logs: "email:a***@example.com#48cf",
// "cpf:***.***.***-25#20", "phone:***21#90", "user_id:***#f62b". See
// Masker for what each kind shows and why; use a keyed Masker's
// Identifier method in production logs.
func (id Identifier) Masked() string { return Masker{}.Identifier(id) }

// LogValue implements slog.LogValuer: an Identifier logs as Masked does, so
// a log never holds a full e-mail address, CPF or phone number.
func (id Identifier) LogValue() slog.Value { return slog.StringValue(id.Masked()) }

var _ slog.LogValuer = Identifier{}
