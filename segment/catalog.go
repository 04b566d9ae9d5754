package segment

import (
	"strings"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

// TraitInfo describes one trait of the catalog.
type TraitInfo struct {
	Kind        cdp.Kind // the kind of the trait's values
	Description string   // what the trait means, for people (not used to match)
}

// Catalog maps trait names to their kind and description. Compile checks a
// segment against it: every trait a condition names must be in the catalog,
// and the condition's operator and operands must fit the trait's kind.
// A Catalog is read, never modified, by this package.
type Catalog map[string]TraitInfo

// BusinessCalendar is what a business-day window needs from a calendar.
// *calendar.Calendar implements it.
//
// Contract: IsBusinessDay is a pure function of its argument, safe for
// concurrent use; Name returns a stable, non-empty name. Compile calls
// IsBusinessDay only while compiling (to fix the window's last day); Match
// never calls it.
type BusinessCalendar interface {
	Name() string
	IsBusinessDay(d calendar.Date) bool
}

var _ BusinessCalendar = (*calendar.Calendar)(nil)

// calendarName is the name a calendar has in the JSON form: its Name in lower
// case ("anbima", "b3").
func calendarName(c BusinessCalendar) string {
	if c == nil {
		return ""
	}
	return strings.ToLower(c.Name())
}

// defaultCalendars returns the calendars known by name when
// Options.Calendars is nil.
func defaultCalendars() map[string]BusinessCalendar {
	return map[string]BusinessCalendar{
		"anbima": calendar.ANBIMA(),
		"b3":     calendar.B3(),
	}
}
