package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
)

// options is the job's configuration, from flags and the environment.
type options struct {
	positionsPath  string // "" = the embedded sample
	identitiesPath string // "" = the embedded sample when positions is the sample, else none
	asOf           calendar.Date
	lead           int
	calendarName   string
	cal            *calendar.Calendar
	tasks          bool
	owner          string
	statePath      string
	deadLetterPath string
	dryRun         bool
	perTenSeconds  int

	token   string // HUBSPOT_ACCESS_TOKEN; "" = the in-process HubSpot
	baseURL string // HUBSPOT_BASE_URL
}

// usageError is a bad command line: the job exits 2 without sending.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// sampleAsOf is the as-of date the embedded sample was written for: the
// Friday before Carnival 2026.
var sampleAsOf = calendar.Date{Year: 2026, Month: time.February, Day: 13}

// parseOptions reads the command line and the environment. now gives the
// current instant; "today" is its date in America/Sao_Paulo.
func parseOptions(args []string, getenv func(string) string, now func() time.Time, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("reinvestment", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: reinvestment [flags]\n\n"+
			"Puts the fixed-income positions that mature within -lead business days on the\n"+
			"customers' HubSpot contacts. With no flags it runs on embedded sample data\n"+
			"against an in-process HubSpot; set HUBSPOT_ACCESS_TOKEN to talk to HubSpot.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nEnvironment:\n  HUBSPOT_ACCESS_TOKEN  private app token (absent: the in-process HubSpot)\n"+
			"  HUBSPOT_BASE_URL      API base URL (default https://api.hubapi.com)\n"+
			"\nExit status: 0 all matched contacts delivered; 1 a record was rejected or ran out of retries; 2 usage or input error.\n")
	}
	var asOf string
	fs.StringVar(&o.positionsPath, "positions", "", "positions `CSV` (default: the embedded sample)")
	fs.StringVar(&o.identitiesPath, "identities", "", "identity observations `NDJSON` (default: the embedded sample when -positions is not given, else none)")
	fs.StringVar(&asOf, "as-of", "", "as-of `date` YYYY-MM-DD (default: today in America/Sao_Paulo; the sample's date with the embedded sample)")
	fs.IntVar(&o.lead, "lead", 2, "alert this many business `days` before maturity")
	fs.StringVar(&o.calendarName, "calendar", "anbima", "business-day calendar: anbima or b3")
	fs.BoolVar(&o.tasks, "tasks", false, "create one task per contact for the advisor")
	fs.StringVar(&o.owner, "owner", "", "HubSpot owner `id` of the tasks (default: the contact's owner)")
	fs.StringVar(&o.statePath, "state", "", "change-tracking state `file`: unchanged contacts are skipped, contacts that left the window are cleared")
	fs.StringVar(&o.deadLetterPath, "dead-letter", "dead-letters.ndjson", "dead-letter `file` (NDJSON)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "print the plan and write nothing")
	fs.IntVar(&o.perTenSeconds, "requests-per-10s", 100, "this process's share of the account's HubSpot request budget per 10 s (the in-process HubSpot is unlimited)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, usageError{err}
	}
	if fs.NArg() > 0 {
		return o, usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if o.lead < 1 {
		return o, usageError{fmt.Errorf("-lead %d: want at least 1 business day", o.lead)}
	}
	if o.perTenSeconds < 1 {
		return o, usageError{fmt.Errorf("-requests-per-10s %d: want at least 1", o.perTenSeconds)}
	}
	switch strings.ToLower(o.calendarName) {
	case "anbima":
		o.cal = calendar.ANBIMA()
	case "b3":
		o.cal = calendar.B3()
	default:
		return o, usageError{fmt.Errorf("-calendar %q: want anbima or b3", o.calendarName)}
	}
	if o.owner != "" && !o.tasks {
		return o, usageError{errors.New("-owner needs -tasks")}
	}
	switch {
	case asOf != "":
		d, err := calendar.ParseDate(asOf)
		if err != nil {
			return o, usageError{fmt.Errorf("-as-of: %w", err)}
		}
		o.asOf = d
	case o.positionsPath == "":
		o.asOf = sampleAsOf
	default:
		loc, err := calendar.SaoPaulo()
		if err != nil {
			return o, usageError{fmt.Errorf("-as-of: cannot load America/Sao_Paulo: %w", err)}
		}
		o.asOf = calendar.DateOf(now().In(loc))
	}
	if o.positionsPath != "" && o.identitiesPath == "" {
		fmt.Fprintln(stderr, "note: no -identities file: positions link to persons by user_id or cpf only, and no contact has an e-mail")
	}
	o.token = strings.TrimSpace(getenv("HUBSPOT_ACCESS_TOKEN"))
	o.baseURL = strings.TrimSpace(getenv("HUBSPOT_BASE_URL"))
	if o.baseURL != "" && o.token == "" {
		return o, usageError{errors.New("HUBSPOT_BASE_URL is set but HUBSPOT_ACCESS_TOKEN is not")}
	}
	return o, nil
}
