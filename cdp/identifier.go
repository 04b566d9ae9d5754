package cdp

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
