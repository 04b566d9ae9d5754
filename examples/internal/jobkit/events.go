package jobkit

import (
	"context"
	"fmt"
	"regexp"

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// eventName is a custom behavioral event's fully qualified name.
var eventName = regexp.MustCompile(`^pe[0-9]+_[a-z0-9_]+$`)

// CheckEventName refuses a value of flag that is not a custom behavioral
// event's fully qualified name, pe<portal id>_<name>.
func CheckEventName(flag, name string) error {
	if !eventName.MatchString(name) {
		return fmt.Errorf("%s %q: want the event's fully qualified name, pe<portal id>_<name> in lower case (HubSpot shows it in the event definition)", flag, name)
	}
	return nil
}

// EventCounts is what SendEvents did.
type EventCounts struct {
	Sent, NoEmail   int // accepted by HubSpot; contacts without an e-mail to link events to
	Failed, Pending int // dead-lettered, not settled
}

// SendEvents sends the events of each contact the sync did not give up on
// (see KeySink) through a pipeline of their own (see Phase). Events link
// to a contact by e-mail: a contact without one (keyed by a user id) is
// counted in NoEmail.
func SendEvents(ctx context.Context, s *Sender, c *hubspot.Client, sink *KeySink, contacts []Contact, events func(Contact) []hubspot.Event) (EventCounts, error) {
	var n EventCounts
	d, err := hubspot.NewEventsDestination(c)
	if err != nil {
		return n, err
	}
	rep, err := Phase(ctx, s, "events", d, sink, nil, func(put func(destination.Record[hubspot.Event]) error) error {
		for _, rec := range contacts {
			switch {
			case sink.Failed(rec.Key):
				continue
			case rec.Email == "":
				n.NoEmail++
				continue
			}
			for _, e := range events(rec) {
				if err := put(destination.Record[hubspot.Event]{Key: e.Key, Payload: e}); err != nil {
					return fmt.Errorf("events: %w", err)
				}
			}
		}
		return nil
	})
	n.Sent, n.Failed, n.Pending = rep.Delivered, rep.DeadLettered, rep.Pending
	return n, err
}
