package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/identity"
)

// options is the job's configuration, from flags and the environment.
type options struct {
	positionsPath  string    // "" = the embedded sample
	identitiesPath string    // "" = the embedded sample when positions is the sample, else none
	snapshotPath   string    // -identity-snapshot: the global stitch, instead of identitiesPath
	part           partition // -partition I/N
	repartition    bool
	asOf           calendar.Date
	lead           int
	calendarName   string
	cal            *calendar.Calendar
	tasks          bool
	owner          string
	statePath      string
	deadLetterPath string
	dryRun         bool
	fakeHubSpot    bool           // -fake-hubspot, or the no-argument demo
	demo           bool           // the embedded sample against the in-process HubSpot
	tier           string         // HubSpot account tier the budgets come from
	perTenSeconds  int            // 0 = the tier's
	limits         hubspot.Limits // the tier's budgets, with -requests-per-10s applied
	ownerFallback  string         // owner of tasks whose contact has none
	timeout        time.Duration  // the whole run; 0 = none
	contactKey     string         // hubspot.KeyEmail or a unique property holding the user id
	events         string         // -events: the expiry event's name
	maxClear       int            // percent of the state's contacts a run may clear
	allowMassClear bool

	identityKey []byte     // CDP_IDENTITY_KEY: keys canonical person IDs
	masker      cdp.Masker // masks personal data in every output, keyed from identityKey
	token       string     // HUBSPOT_ACCESS_TOKEN
	baseURL     string     // HUBSPOT_BASE_URL
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
		fmt.Fprintf(stderr, "\nEnvironment:\n  HUBSPOT_ACCESS_TOKEN  private app token (required unless -dry-run, -fake-hubspot or the no-argument demo)\n"+
			"  HUBSPOT_BASE_URL      API base URL (default https://api.hubapi.com)\n"+
			"  CDP_IDENTITY_KEY      secret of 16+ bytes that keys canonical person IDs (required with HUBSPOT_ACCESS_TOKEN)\n"+
			"\nWithout HUBSPOT_ACCESS_TOKEN the job refuses to run on real input unless -fake-hubspot\n"+
			"(an in-process HubSpot: nothing leaves the machine) or -dry-run is given.\n"+
			"\nExit status: 0 all matched contacts delivered; 1 a record was rejected or ran out of retries, or -timeout passed;\n"+
			"2 usage, input or setup refused before sending; 130 interrupted (SIGINT); 143 terminated (SIGTERM).\n")
	}
	var asOf string
	fs.StringVar(&o.positionsPath, "positions", "", "positions `file`: CSV, NDJSON or Parquet, or a folder of Parquet part files (default: the embedded sample)")
	var part string
	fs.StringVar(&o.snapshotPath, "identity-snapshot", "", "identity graph `file` written by examples/stitch -snapshot (the global stitch), instead of -identities")
	fs.StringVar(&part, "partition", "", "handle only the persons whose canonical ID falls in partition `I/N` (0 <= I < N); the HubSpot budgets are divided by N")
	fs.BoolVar(&o.repartition, "repartition", false, "accept a -state written under another number of partitions (the run forgets the contacts it does not own)")
	fs.StringVar(&o.identitiesPath, "identities", "", "identity observations `file`, NDJSON or Parquet (default: the embedded sample when -positions is not given, else none)")
	fs.StringVar(&asOf, "as-of", "", "as-of `date` YYYY-MM-DD (default: today in America/Sao_Paulo; the sample's date with the embedded sample)")
	fs.IntVar(&o.lead, "lead", 2, "alert this many business `days` before maturity")
	fs.StringVar(&o.calendarName, "calendar", "anbima", "business-day calendar: anbima or b3")
	fs.BoolVar(&o.tasks, "tasks", false, "create one task per contact for the advisor")
	fs.StringVar(&o.owner, "owner", "", "HubSpot owner `id` of every task (default: the contact's owner)")
	fs.StringVar(&o.ownerFallback, "owner-fallback", "", "HubSpot owner `id` of the tasks whose contact has no owner (default: none, the task is unassigned)")
	fs.StringVar(&o.statePath, "state", "", "change-tracking state `file`: unchanged contacts are skipped, contacts that left the window are cleared")
	fs.StringVar(&o.deadLetterPath, "dead-letter", "dead-letters.ndjson", "dead-letter `file` (NDJSON)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "print the plan and write nothing")
	fs.DurationVar(&o.timeout, "timeout", 0, "give up the whole run after this `duration` (e.g. 30m), saving what HubSpot confirmed; 0: no limit")
	fs.StringVar(&o.contactKey, "contact-key", hubspot.KeyEmail, "find contacts by `email` or by this unique contact property holding the platform user id (created if missing)")
	fs.StringVar(&o.events, "events", "", "also send this custom behavioral `event` (its fully qualified name, pe<portal id>_<name>) once per due position and as-of date")
	fs.IntVar(&o.maxClear, "max-clear", 80, "refuse (exit 2, nothing sent) a run that would clear more than this `percent` of the contacts the -state knows: an empty or truncated export")
	fs.BoolVar(&o.allowMassClear, "allow-mass-clear", false, "clear however many contacts left the window (after a long pause, or when alerts were withdrawn on purpose)")
	fs.BoolVar(&o.fakeHubSpot, "fake-hubspot", false, "write to an in-process HubSpot instead of the real one: nothing leaves the machine, -state is not written")
	fs.StringVar(&o.tier, "tier", hubspot.TierFree, "HubSpot account `tier` whose budgets (per 10 s, daily, searches per second) the client paces to: "+strings.Join(hubspot.Tiers(), ", "))
	fs.IntVar(&o.perTenSeconds, "requests-per-10s", 0, "override the tier's request budget per 10 s with this process's share (0: the tier's)")
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
	if o.perTenSeconds < 0 {
		return o, usageError{fmt.Errorf("-requests-per-10s %d: want at least 1 (or 0 for the tier's budget)", o.perTenSeconds)}
	}
	if o.timeout < 0 {
		return o, usageError{fmt.Errorf("-timeout %s: want a positive duration, or 0 for none", o.timeout)}
	}
	if o.events != "" && !eventName.MatchString(o.events) {
		return o, usageError{fmt.Errorf("-events %q: want the event's fully qualified name, pe<portal id>_<name> in lower case (HubSpot shows it in the event definition)", o.events)}
	}
	if part != "" {
		p, err := parsePartition(part)
		if err != nil {
			return o, usageError{err}
		}
		o.part = p
	}
	if o.snapshotPath != "" && o.identitiesPath != "" {
		return o, usageError{errors.New("-identity-snapshot and -identities are both set: give one (the snapshot holds the observations)")}
	}
	if o.maxClear < 1 || o.maxClear > 100 {
		return o, usageError{fmt.Errorf("-max-clear %d: want a percent from 1 to 100", o.maxClear)}
	}
	if o.contactKey != hubspot.KeyEmail && !propertyName.MatchString(o.contactKey) {
		return o, usageError{fmt.Errorf("-contact-key %q: want email or a HubSpot property name (lower case, a-z0-9_)", o.contactKey)}
	}
	var err error
	if o.limits, err = hubspot.LimitsForTier(o.tier); err != nil {
		return o, usageError{fmt.Errorf("-tier: %w", err)}
	}
	if o.perTenSeconds > 0 {
		o.limits.PerInterval = o.perTenSeconds
	}
	if !o.part.whole() {
		// One HubSpot app, N senders: each its share of every budget.
		if o.limits, err = o.limits.Divide(o.part.N); err != nil {
			return o, usageError{fmt.Errorf("-partition %s: %w: fewer partitions, or a higher -tier", o.part, err)}
		}
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
	if o.ownerFallback != "" && !o.tasks {
		return o, usageError{errors.New("-owner-fallback needs -tasks")}
	}
	if o.ownerFallback != "" && o.owner != "" {
		return o, usageError{errors.New("-owner-fallback has no effect with -owner: give one of them")}
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
	if o.positionsPath != "" && o.identitiesPath == "" && o.snapshotPath == "" {
		fmt.Fprintln(stderr, "note: no -identities file: positions link to persons by user_id or cpf only, and no contact has an e-mail")
	}
	o.token = strings.TrimSpace(getenv("HUBSPOT_ACCESS_TOKEN"))
	o.baseURL = strings.TrimSpace(getenv("HUBSPOT_BASE_URL"))
	if err := o.checkTarget(); err != nil {
		return o, usageError{err}
	}
	if err := o.readKeys(getenv); err != nil {
		return o, usageError{err}
	}
	return o, nil
}

// checkTarget applies the refusal rule: the in-process HubSpot runs only
// when asked for by name (-fake-hubspot) or in the no-argument demo, and
// real input without a token is refused before anything is read or written.
func (o *options) checkTarget() error {
	switch {
	case o.fakeHubSpot && o.token != "":
		return errors.New("-fake-hubspot and HUBSPOT_ACCESS_TOKEN are both set: unset the token to run against the in-process HubSpot, or drop -fake-hubspot to write to HubSpot")
	case o.fakeHubSpot && o.baseURL != "":
		return errors.New("-fake-hubspot and HUBSPOT_BASE_URL are both set: the in-process HubSpot has its own address")
	case o.baseURL != "" && o.token == "":
		return errors.New("HUBSPOT_BASE_URL is set but HUBSPOT_ACCESS_TOKEN is not")
	case o.token != "" && !o.dryRun && o.positionsPath == "":
		return errors.New("HUBSPOT_ACCESS_TOKEN is set but no -positions is given: the embedded sample is demo data and is never written to a real HubSpot; " +
			"give -positions (and -identities or -identity-snapshot), or unset the token to run the demo")
	case o.token != "" || o.dryRun || o.fakeHubSpot:
		return nil
	case o.positionsPath == "" && o.identitiesPath == "" && o.snapshotPath == "":
		// The demo: the embedded sample against the in-process HubSpot.
		o.fakeHubSpot, o.demo = true, true
		return nil
	default:
		return errors.New("HUBSPOT_ACCESS_TOKEN is not set: set it to the private app's token to write to HubSpot, " +
			"or pass -dry-run to print the plan, or -fake-hubspot to run against an in-process HubSpot (nothing leaves the machine)")
	}
}

// readKeys reads CDP_IDENTITY_KEY. A run that writes to HubSpot needs it:
// person IDs reach HubSpot in dead letters and markers, and an unkeyed ID of
// a person anchored on a CPF can be reversed by hashing every CPF. The
// masking key is derived from it, so masked values agree across runs.
func (o *options) readKeys(getenv func(string) string) error {
	key := getenv("CDP_IDENTITY_KEY")
	if key == "" {
		if o.token != "" {
			return errors.New("CDP_IDENTITY_KEY is not set: a run that writes to HubSpot needs the secret that keys person IDs (16 bytes or more; see README, \"Personal data\")")
		}
		return nil
	}
	if len(key) < identity.MinKeyLen {
		return fmt.Errorf("CDP_IDENTITY_KEY is %d bytes: want at least %d", len(key), identity.MinKeyLen)
	}
	o.identityKey = []byte(key)
	mac := hmac.New(sha256.New, o.identityKey)
	mac.Write([]byte("customerdata/masking"))
	m, err := cdp.NewMasker(mac.Sum(nil))
	if err != nil {
		return fmt.Errorf("CDP_IDENTITY_KEY: %w", err)
	}
	o.masker = m
	return nil
}

// propertyName is what HubSpot accepts as a property's internal name.
var propertyName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
