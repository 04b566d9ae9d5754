package hubspottest

import (
	"maps"
	"slices"
	"time"
)

// Object is a CRM record (a contact or a task) as the server stores it.
// Values returned by the state readers are deep copies.
type Object struct {
	// ID is the record id (hs_object_id), a decimal number in a string.
	ID string
	// Properties holds every stored property value, system ones included
	// (hs_object_id, createdate, lastmodifieddate, ...). A cleared value is absent.
	Properties map[string]string
	// CreatedAt and UpdatedAt are the server clock's times of creation and last write.
	CreatedAt, UpdatedAt time.Time
	// Associations lists the record's outgoing associations (task → contact).
	Associations []Association
}

func (o Object) clone() Object {
	o.Properties = maps.Clone(o.Properties)
	o.Associations = slices.Clone(o.Associations)
	return o
}

// Association links a record to another record, as created inline with a task.
type Association struct {
	// ToObjectType is the canonical type of the target ("contacts").
	ToObjectType string
	// ToID is the target record id.
	ToID string
	// Category is the association category, e.g. "HUBSPOT_DEFINED".
	Category string
	// TypeID is the association type id, e.g. 204 (task → contact).
	TypeID int
}

// PropertyOption is one allowed value of an enumeration property.
type PropertyOption struct {
	Label        string `json:"label"`
	Value        string `json:"value"`
	DisplayOrder int    `json:"displayOrder"`
	Hidden       bool   `json:"hidden"`
}

// Property is a property definition of an object type (HubSpot's schema).
type Property struct {
	// Name is the internal name, ^[a-z][a-z0-9_]*$.
	Name string
	// Label is the display name.
	Label string
	// Type is the value type: string, number, bool, enumeration, date, datetime.
	Type string
	// FieldType is the UI control, which must suit Type (see validFieldTypes).
	FieldType string
	// GroupName names the property group the property belongs to.
	GroupName string
	// Description is free text.
	Description string
	// Options lists the allowed values of an enumeration.
	Options []PropertyOption
	// DisplayOrder orders properties in the UI.
	DisplayOrder int
	// HasUniqueValue makes the property usable as an upsert idProperty.
	HasUniqueValue bool
	// Hidden hides the property in the UI.
	Hidden bool
	// FormField allows the property on forms.
	FormField bool
	// ReadOnlyValue forbids writing values (hs_object_id, lastmodifieddate).
	ReadOnlyValue bool
	// HubSpotDefined marks the default properties the server starts with.
	HubSpotDefined bool
	// NumberDisplayHint and DataSensitivity are stored and echoed, not interpreted.
	NumberDisplayHint, DataSensitivity string
	// CreatedAt and UpdatedAt are set by the server.
	CreatedAt, UpdatedAt time.Time
}

func (p Property) clone() Property {
	p.Options = slices.Clone(p.Options)
	return p
}

// PropertyGroup is a named group of properties.
type PropertyGroup struct {
	Name         string `json:"name"`
	Label        string `json:"label"`
	DisplayOrder int    `json:"displayOrder"`
	Archived     bool   `json:"archived"`
}

// Owner types, the values of an owner's type.
const (
	OwnerPerson = "PERSON" // a user
	OwnerQueue  = "QUEUE"  // a queue of users
)

// Owner is a HubSpot user who can own records (GET /crm/v3/owners/).
type Owner struct {
	// ID is the owner id, the value of hubspot_owner_id.
	ID string
	// Type is OwnerPerson or OwnerQueue; empty means OwnerPerson.
	Type string
	// Email, FirstName and LastName describe the user.
	Email, FirstName, LastName string
	// UserID is the user id, which HubSpot refuses as an owner id.
	UserID int
}

// Event is a custom behavioral event accepted by POST /events/v3/send(/batch).
type Event struct {
	// EventName is the event's internal name (pe{HubID}_{name}).
	EventName string
	// UUID is the caller's idempotency key; empty when none was sent.
	UUID string
	// Email, ObjectID and UTK identify the record the event belongs to.
	Email, ObjectID, UTK string
	// OccurredAt is the parsed occurredAt, or the receive time when absent.
	OccurredAt time.Time
	// Properties holds the event properties; non-string JSON values keep their JSON text.
	Properties map[string]string
}

func (e Event) clone() Event {
	e.Properties = maps.Clone(e.Properties)
	return e
}

// FaultKind names what the fault injector did to a request.
type FaultKind string

// Fault kinds recorded in Request.Fault.
const (
	// FaultNone: the request was served normally.
	FaultNone FaultKind = ""
	// FaultServerError: answered 500/502/503/504 without applying.
	FaultServerError FaultKind = "server_error"
	// FaultRateLimited: answered 429 TEN_SECONDLY_ROLLING without applying.
	FaultRateLimited FaultKind = "rate_limited"
	// FaultReset: the connection was closed without an answer, nothing applied.
	FaultReset FaultKind = "reset"
	// FaultApplyThenFail: the request was applied, then answered 500 or reset.
	FaultApplyThenFail FaultKind = "apply_then_fail"
	// FaultCanceled: the client gave up during the injected latency; nothing applied.
	FaultCanceled FaultKind = "canceled"
)

// Request is one entry of the request log.
type Request struct {
	// Method and Path are the HTTP method and URL path; Query the raw query string.
	Method, Path, Query string
	// Status is the status answered; 0 when the connection was reset or the client canceled.
	Status int
	// Time is the server clock's time when the request was handled.
	Time time.Time
	// Body is a copy of the request body.
	Body []byte
	// Fault says what the fault injector did, FaultNone when nothing.
	Fault FaultKind
	// CorrelationID is the correlation id of the answer.
	CorrelationID string
}

func (r Request) clone() Request {
	r.Body = slices.Clone(r.Body)
	return r
}

// Faults configures deterministic fault injection. Each probability is in [0, 1]
// and their sum must not exceed 1: one uniform draw per authorized request picks
// at most one fault.
type Faults struct {
	// ServerError answers 500, 502, 503 or 504 without applying the request.
	ServerError float64
	// RateLimited answers 429 with policy TEN_SECONDLY_ROLLING without applying.
	RateLimited float64
	// Reset closes the TCP connection without an answer and without applying.
	Reset float64
	// ApplyThenFail applies the request, then answers 500 or closes the connection.
	ApplyThenFail float64
	// Seed seeds the PCG generator, so a sequential client sees the same faults every run.
	Seed int64
}

func (f Faults) enabled() bool {
	return f.ServerError > 0 || f.RateLimited > 0 || f.Reset > 0 || f.ApplyThenFail > 0
}
