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
type ContactPlan[T any] struct {
	Contacts []Contact
	NoKey    []destination.DeadLetter
	ByKey    map[string]T // by contact key (lower-case e-mail or user id)
}

// PlanContacts finds each item's contact key through g: the person's
// latest e-mail (contactKey hubspot.KeyEmail) or latest platform user id
// (any other contactKey; userID gives one of a person never observed).
// person gives an item's canonical person ID; letter the payload of the
// dead letter of an item whose person has no key.
func PlanContacts[T any](g *identity.Graph, contactKey string, items []T, person, userID func(T) string, letter func(T) any) ContactPlan[T] {
	plan := ContactPlan[T]{ByKey: make(map[string]T, len(items))}
	for _, it := range items {
		p, _ := g.Person(person(it))
		email, _ := p.Latest(cdp.Email)
		key, reason, missing := strings.ToLower(email.Value), ReasonNoEmail, "an e-mail address"
		if contactKey != hubspot.KeyEmail {
			uid, _ := p.Latest(cdp.UserID)
			key, reason, missing = cmp.Or(uid.Value, userID(it)), ReasonNoUserID, "a platform user id"
		}
		if key == "" {
			plan.NoKey = append(plan.NoKey, destination.DeadLetter{Key: person(it), Payload: letter(it), Reason: reason,
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
// ranging again yields the same records.
func (p ContactPlan[T]) Records(props func(T) hubspot.Properties, ref func(T) map[string]string) iter.Seq[hubspot.SyncRecord] {
	return func(yield func(hubspot.SyncRecord) bool) {
		for _, c := range p.Contacts {
			it := p.ByKey[c.Key]
			if !yield(hubspot.SyncRecord{Key: c.Key, Email: c.Email, Properties: props(it), Ref: ref(it)}) {
				return
			}
		}
	}
}
