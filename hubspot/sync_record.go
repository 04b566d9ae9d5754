package hubspot

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
)

// SyncRecord is one contact a ContactSync writes.
type SyncRecord struct {
	// Key is the value of the contact key: the e-mail address with
	// KeyEmail (compared and stored in lower case), the platform user id
	// with a custom key. A record without one is a dead letter with
	// ReasonNoKey.
	Key string
	// Email is the contact's e-mail address, optional. With a custom key
	// it is written to the contact's email property when set; with
	// KeyEmail it must be empty or equal to Key.
	Email string
	// Properties are the values to write. They must not set the key
	// property nor email, which come from Key and Email. Run and Plan read
	// the map without copying it: do not change it until they return.
	Properties Properties
	// Ref identifies the record's origin in dead letters — a person id,
	// the ids of the source rows — so an operator can find it. It is never
	// sent to HubSpot and never part of the fingerprint. Do not put a CPF,
	// a phone number or an e-mail address in it.
	Ref map[string]string
}

// Dead-letter reasons of records the sync refuses before sending or that
// HubSpot could not apply. Other reasons are HubSpot's own codes (such as
// INVALID_EMAIL), its category for a conflict (CONFLICT: the e-mail or key
// belongs to another contact; nothing is overwritten) and the pipeline's
// (destination.ReasonRetriesExhausted, destination.ReasonPending...).
const (
	ReasonNoKey            = "no_key"            // the record has no key value
	ReasonDuplicateKey     = "duplicate_key"     // several records of the run have the key (ignoring case); none is written
	ReasonEmailMismatch    = "email_mismatch"    // with KeyEmail, Email differs from Key
	ReasonReservedProperty = "reserved_property" // Properties sets the key property or email
	ReasonNotFound         = "not_found"         // SyncUpdate: no contact has the key
	ReasonInputChanged     = "input_changed"     // the second pass over the records yielded a key the first did not (see ErrInputChanged)
)

// SyncPayload is what a dead letter of a ContactSync carries: the action
// that failed ("upsert", "update" or "clear"), the properties it wrote and
// the record's Ref.
type SyncPayload struct {
	Action     string            `json:"action"`
	Properties Properties        `json:"properties"`
	Ref        map[string]string `json:"ref,omitempty"`
}

// syncError is a record's failure with the sync's own reason.
type syncError struct {
	reason string
	msg    string
	err    error
}

func (e *syncError) Error() string {
	if e.err != nil {
		return "hubspot: contact sync: " + e.msg + ": " + e.err.Error()
	}
	return "hubspot: contact sync: " + e.msg
}

func (e *syncError) Unwrap() error  { return e.err }
func (e *syncError) Reason() string { return e.reason }

// entry is a validated record ready to enqueue, or refused.
type entry struct {
	rec    destination.Record[SyncPayload]
	refuse *syncError // non-nil: dead letter, not sent
}

// action is the action of the records of a run: "upsert" or "update".
func (s *ContactSync) action() string {
	if s.cfg.Mode == SyncUpdate {
		return "update"
	}
	return "upsert"
}

// entry is the second pass over one record: it normalises the key, takes
// it from the first pass's tally, refuses what cannot be sent and computes
// the fingerprint.
func (s *ContactSync) entry(r SyncRecord, t *keyTally) entry {
	key := s.normKey(r.Key)
	props := r.Properties // not copied: a run reads it, and copies it before adding the e-mail
	if props == nil {
		props = Properties{}
	}
	e := entry{rec: destination.Record[SyncPayload]{Key: key, Payload: SyncPayload{Action: s.action(), Properties: props, Ref: r.Ref}}}
	email := strings.TrimSpace(r.Email)
	_, hasKey := r.Properties[s.key]
	_, hasEmail := r.Properties[KeyEmail]
	switch {
	case !t.take(key):
		// Checked first: the duplicate check and the guard know nothing of
		// this record.
		e.refuse = &syncError{reason: ReasonInputChanged, msg: "the record's key was not in the first pass over the input, or not as often"}
		return e
	case key == "":
		e.refuse = &syncError{reason: ReasonNoKey, msg: "the record has no value for the key property " + s.key}
	case hasKey || hasEmail:
		e.refuse = &syncError{reason: ReasonReservedProperty, msg: "the record's properties set the key property or email, which come from Key and Email"}
	case s.key == KeyEmail && email != "" && !strings.EqualFold(email, key):
		e.refuse = &syncError{reason: ReasonEmailMismatch, msg: "the record's Email differs from its Key"}
	}
	if e.refuse != nil {
		return e
	}
	if s.key != KeyEmail && email != "" {
		props = maps.Clone(props)
		props[KeyEmail] = cdp.StringValue(email)
		e.rec.Payload.Properties = props
	}
	fp, err := destination.Fingerprint(props)
	if err != nil {
		e.refuse = &syncError{reason: (&ValueError{}).Reason(), msg: "the properties cannot be encoded", err: err}
		return e
	}
	e.rec.Fingerprint = fp
	// Keys differing only in case are duplicates too: the contacts
	// destination merges them within a batch.
	if n := t.count(key); n > 1 {
		e.refuse = &syncError{reason: ReasonDuplicateKey, msg: fmt.Sprintf("%d records of the run have the same key; none is written", n)}
	}
	return e
}

// clearRecord is the record that empties the managed properties of key.
// It has no fingerprint: once HubSpot confirms it, the pipeline forgets key
// in the state.
func (s *ContactSync) clearRecord(key string) destination.Record[SyncPayload] {
	props := make(Properties, len(s.managed))
	for _, name := range s.managed {
		props[name] = cdp.Value{}
	}
	return destination.Record[SyncPayload]{Key: key, Payload: SyncPayload{Action: "clear", Properties: props}}
}

// absent lists the keys of the state this run does not have (SyncMirror),
// and how many keys the state knows.
func (s *ContactSync) absent(ctx context.Context, seen func(key string) bool) (clears []string, known int, err error) {
	if s.cfg.Mode != SyncMirror {
		return nil, 0, nil
	}
	clears, err = destination.Absent(ctx, s.cfg.State, func(k string) bool {
		known++
		return k == "" || seen(k) // an empty key names no contact
	})
	if err != nil {
		return nil, 0, fmt.Errorf("hubspot: contact sync: %w", err)
	}
	return clears, known, nil
}
