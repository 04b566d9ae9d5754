package jobkit

import (
	"cmp"
	"iter"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/identity"
)

// Dead-letter reasons of persons with something to write and no contact key.
const (
	ReasonNoEmail  = "no_email"   // keyed by e-mail, the person has none
	ReasonNoUserID = "no_user_id" // keyed by a user id property, the person has none
)

// Contact is one contact of a ContactPlan: its key and its e-mail (also
// written when the key is a user id; "" when the person has none).
type Contact struct{ Key, Email string }

// ContactPlan is what a job writes: one contact per person with an item
// and a contact key, and the dead letters of the persons without one.
type ContactPlan[T Plannable] struct {
	Contacts []Contact
	NoKey    []destination.DeadLetter
	ByKey    map[string]T // by contact key (lower-case e-mail or user id)
}

// Plannable is what a job writes on one person's contact.
type Plannable interface {
	PersonID() string               // the canonical person ID
	UserID() string                 // a platform user id of a person the graph never observed, or ""
	DeadLetterPayload() any         // what the dead letter of a person without a contact key carries
	Properties() hubspot.Properties // the contact's properties
	Ref() map[string]string         // the record's reference in dead letters, never personal data
}

// PlanContacts finds each item's contact key through g: the person's
// latest e-mail (contactKey hubspot.KeyEmail) or latest platform user id
// (any other contactKey).
func PlanContacts[T Plannable](g *identity.Graph, contactKey string, items []T) ContactPlan[T] {
	plan := ContactPlan[T]{ByKey: make(map[string]T, len(items))}
	for _, it := range items {
		p, _ := g.Person(it.PersonID())
		email, _ := p.Latest(cdp.Email)
		key, reason, missing := strings.ToLower(email.Value), ReasonNoEmail, "an e-mail address"
		if contactKey != hubspot.KeyEmail {
			uid, _ := p.Latest(cdp.UserID)
			key, reason, missing = cmp.Or(uid.Value, it.UserID()), ReasonNoUserID, "a platform user id"
		}
		if key == "" {
			plan.NoKey = append(plan.NoKey, destination.DeadLetter{Key: it.PersonID(), Payload: it.DeadLetterPayload(), Reason: reason,
				Time: time.Now().UTC(), LastError: "the person has something to write and no " + missing + " to find their contact by"})
			continue
		}
		plan.ByKey[key] = it
		plan.Contacts = append(plan.Contacts, Contact{Key: key, Email: email.Value})
	}
	return plan
}

// Records yields the contact records, building each one's properties and
// reference as it is read (a run holds the items, not their properties);
// ranging again yields the same records. A ContactSync ranges twice and
// reads only the keys on its first pass, so that pass builds nothing else.
func (p ContactPlan[T]) Records() iter.Seq[hubspot.SyncRecord] {
	pass := 0
	return func(yield func(hubspot.SyncRecord) bool) {
		pass++
		keysOnly := pass == 1
		for _, c := range p.Contacts {
			rec := hubspot.SyncRecord{Key: c.Key, Email: c.Email}
			if !keysOnly {
				it := p.ByKey[c.Key]
				rec.Properties, rec.Ref = it.Properties(), it.Ref()
			}
			if !yield(rec) {
				return
			}
		}
	}
}
