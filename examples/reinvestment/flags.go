package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
)

// options is the job's configuration, from flags and the environment.
type options struct {
	jobkit.Flags
	positionsPath, identitiesPath, snapshotPath string // "": the embedded sample (identities: when positions are, else none)
	calendarName, owner, ownerFallback, events  string
	asOf                                        calendar.Date
	lead                                        int
	cal                                         *calendar.Calendar
	loc                                         *time.Location // America/Sao_Paulo
	tasks                                       bool
}

// sampleAsOf is the as-of date the embedded sample was written for: the
// Friday before Carnival 2026.
var sampleAsOf = calendar.Date{Year: 2026, Month: time.February, Day: 13}

const usage = `Usage: reinvestment [flags]

Puts the fixed-income positions that mature within -lead business days on the
customers' HubSpot contacts. With no flags it runs on embedded sample data
against an in-process HubSpot; set HUBSPOT_ACCESS_TOKEN to talk to HubSpot.`

// parseOptions reads the command line and the environment. now gives the
// current instant; "today" is its date in America/Sao_Paulo.
func parseOptions(args []string, getenv func(string) string, now func() time.Time, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("reinvestment", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = jobkit.Usage(fs, usage)
	o.Register(fs, "dead-letters.ndjson")
	o.RegisterContactKey(fs)
	o.RegisterPartitions(fs)
	var asOf string
	fs.StringVar(&o.positionsPath, "positions", "", "positions `file`: CSV, NDJSON or Parquet, or a folder of Parquet part files (default: the embedded sample)")
	fs.StringVar(&o.snapshotPath, "identity-snapshot", "", "identity graph `file` written by examples/stitch -snapshot (the global stitch), instead of -identities")
	fs.StringVar(&o.identitiesPath, "identities", "", "identity observations `file`, NDJSON or Parquet (default: the embedded sample when -positions is not given, else none)")
	fs.StringVar(&asOf, "as-of", "", "as-of `date` YYYY-MM-DD (default: today in America/Sao_Paulo; the sample's date with the embedded sample)")
	fs.IntVar(&o.lead, "lead", 2, "alert this many business `days` before maturity")
	fs.StringVar(&o.calendarName, "calendar", "anbima", "business-day calendar: anbima or b3")
	fs.BoolVar(&o.tasks, "tasks", false, "create one task per contact for the advisor")
	fs.StringVar(&o.owner, "owner", "", "HubSpot owner `id` of every task (default: the contact's owner)")
	fs.StringVar(&o.ownerFallback, "owner-fallback", "", "HubSpot owner `id` of the tasks whose contact has no owner (default: none, the task is unassigned)")
	fs.StringVar(&o.events, "events", "", "also send this custom behavioral `event` (its fully qualified name, pe<portal id>_<name>) once per due position and as-of date")
	err := fs.Parse(args)
	if err == nil {
		err = o.check(fs, asOf, getenv, now)
	}
	if err == nil && o.positionsPath != "" && o.identitiesPath == "" && o.snapshotPath == "" {
		fmt.Fprintln(stderr, "note: no -identities file: positions link to persons by user_id or cpf only, and no contact has an e-mail")
	}
	return o, err
}

// check validates the job's own flags, then the shared ones.
func (o *options) check(fs *flag.FlagSet, asOf string, getenv func(string) string, now func() time.Time) (err error) {
	o.cal = map[string]*calendar.Calendar{"anbima": calendar.ANBIMA(), "b3": calendar.B3()}[strings.ToLower(o.calendarName)]
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.lead < 1:
		return fmt.Errorf("-lead %d: want at least 1 business day", o.lead)
	case o.events != "" && jobkit.CheckEventName("-events", o.events) != nil:
		return jobkit.CheckEventName("-events", o.events)
	case o.snapshotPath != "" && o.identitiesPath != "":
		return errors.New("-identity-snapshot and -identities are both set: give one (the snapshot holds the observations)")
	case o.cal == nil:
		return fmt.Errorf("-calendar %q: want anbima or b3", o.calendarName)
	case (o.owner != "" || o.ownerFallback != "") && !o.tasks:
		return errors.New("-owner and -owner-fallback need -tasks")
	case o.ownerFallback != "" && o.owner != "":
		return errors.New("-owner-fallback has no effect with -owner: give one of them")
	}
	if o.asOf, o.loc, err = jobkit.AsOf(asOf, o.positionsPath == "", sampleAsOf, now); err != nil {
		return err
	}
	if err := o.Check(getenv, o.positionsPath != ""); err != nil {
		return err
	}
	if o.Target.Demo && (o.identitiesPath != "" || o.snapshotPath != "") {
		return jobkit.ErrNoToken // named identities are real input: never the demo
	}
	return nil
}
