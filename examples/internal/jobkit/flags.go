package jobkit

import (
	"errors"
	"flag"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// Flags are the command line and environment every contact-sync job
// shares: where it keeps its state and dead letters, whether it writes,
// to which HubSpot, at what pace, for how long, and how much it may clear.
// Register adds them to a job's flag set; Check validates them after
// parsing and reads the environment.
type Flags struct {
	StatePath      string
	DeadLetterPath string
	DryRun         bool
	FakeHubSpot    bool
	Tier           string
	PerTenSeconds  int           // -requests-per-10s; 0 = the tier's budget
	Timeout        time.Duration // the whole run; 0 = none
	MaxClear       int           // percent of the state's contacts a run may clear
	AllowMassClear bool
	ContactKey     string    // -contact-key, when registered
	Partition      Partition // -partition, when registered
	Repartition    bool

	// Set by Check.
	Limits hubspot.Limits // the tier's, with -requests-per-10s and -partition applied
	Target Target
	Key    []byte     // CDP_IDENTITY_KEY
	Masker cdp.Masker // keyed from CDP_IDENTITY_KEY when set

	contactKey, partitions bool // which optional flags are registered
}

// Register adds the shared flags to fs; deadLetters is the default
// dead-letter file.
func (f *Flags) Register(fs *flag.FlagSet, deadLetters string) {
	fs.StringVar(&f.StatePath, "state", "", "change-tracking state `file`: unchanged contacts are skipped, contacts that left are cleared (mode mirror)")
	fs.StringVar(&f.DeadLetterPath, "dead-letter", deadLetters, "dead-letter `file` (NDJSON), replaced at the end of each run")
	fs.BoolVar(&f.DryRun, "dry-run", false, "print the plan (what each contact would get) and write nothing")
	fs.BoolVar(&f.FakeHubSpot, "fake-hubspot", false, "write to an in-process HubSpot instead of the real one: nothing leaves the machine, -state is not written")
	fs.StringVar(&f.Tier, "tier", hubspot.TierFree, "HubSpot account `tier` whose budgets (per 10 s, daily, searches per second) the client paces to: "+strings.Join(hubspot.Tiers(), ", "))
	fs.IntVar(&f.PerTenSeconds, "requests-per-10s", 0, "override the tier's request budget per 10 s with this process's share (0: the tier's)")
	fs.DurationVar(&f.Timeout, "timeout", 0, "give up the whole run after this `duration` (e.g. 30m), saving what HubSpot confirmed; 0: no limit")
	fs.IntVar(&f.MaxClear, "max-clear", hubspot.DefaultMaxClearPercent, "refuse (exit 2, nothing sent) a run that would clear more than this `percent` of the contacts the -state knows: an empty or truncated export")
	fs.BoolVar(&f.AllowMassClear, "allow-mass-clear", false, "clear however many contacts left (after a long pause, or when they left on purpose)")
}

// RegisterContactKey adds -contact-key: contacts found by e-mail or by a
// unique property holding the platform user id.
func (f *Flags) RegisterContactKey(fs *flag.FlagSet) {
	f.contactKey = true
	fs.StringVar(&f.ContactKey, "contact-key", hubspot.KeyEmail, "find contacts by `email` or by this unique contact property holding the platform user id (created if missing)")
}

// RegisterPartitions adds -partition and -repartition: one of N processes
// that each handle the persons of one partition.
func (f *Flags) RegisterPartitions(fs *flag.FlagSet) {
	f.partitions = true
	fs.Var(&f.Partition, "partition", "handle only the persons whose canonical ID falls in partition `I/N` (0 <= I < N); the HubSpot budgets are divided by N")
	fs.BoolVar(&f.Repartition, "repartition", false, "accept a -state written under another number of partitions (the run forgets the contacts it does not own)")
}

// propertyName is what HubSpot accepts as a property's internal name.
var propertyName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Check validates the parsed flags, sets Limits, and reads the target
// (see ChooseTarget) and CDP_IDENTITY_KEY (see IdentityKey) through
// getenv; namedInput says whether the run names its input rather than
// using the embedded sample. Any error means the job must refuse with
// ExitRefused; none holds a secret.
func (f *Flags) Check(getenv func(string) string, namedInput bool) error {
	switch {
	case f.PerTenSeconds < 0:
		return fmt.Errorf("-requests-per-10s %d: want at least 1 (or 0 for the tier's budget)", f.PerTenSeconds)
	case f.Timeout < 0:
		return fmt.Errorf("-timeout %s: want a positive duration, or 0 for none", f.Timeout)
	case f.MaxClear < 1 || f.MaxClear > 100:
		return fmt.Errorf("-max-clear %d: want a percent from 1 to 100", f.MaxClear)
	case f.contactKey && f.ContactKey != hubspot.KeyEmail && !propertyName.MatchString(f.ContactKey):
		return fmt.Errorf("-contact-key %q: want email or a HubSpot property name (lower case, a-z0-9_)", f.ContactKey)
	case !f.partitions && f.Repartition:
		return errors.New("-repartition needs -partition")
	}
	var err error
	if f.Limits, err = hubspot.LimitsForTier(f.Tier); err != nil {
		return fmt.Errorf("-tier: %w", err)
	}
	if f.PerTenSeconds > 0 {
		f.Limits.PerInterval = f.PerTenSeconds
	}
	if !f.Partition.Whole() {
		// One HubSpot app, N senders: each its share of every budget.
		if f.Limits, err = f.Limits.Divide(f.Partition.N); err != nil {
			return fmt.Errorf("-partition %s: %w: fewer partitions, or a higher -tier", f.Partition, err)
		}
	}
	if f.Target, err = ChooseTarget(getenv, f.FakeHubSpot, f.DryRun, namedInput); err != nil {
		return err
	}
	f.Key, f.Masker, err = IdentityKey(getenv, f.Target.Token != "")
	return err
}

// Writes reports whether the run writes its state and holds its lock: not
// a dry run, not the in-process HubSpot.
func (f *Flags) Writes() bool { return !f.DryRun && !f.Target.Fake }

// AsOf resolves an -as-of flag: value (YYYY-MM-DD) when given, else sample
// when the run reads the embedded sample, else today in America/Sao_Paulo
// as now tells it. It returns that location too.
func AsOf(value string, useSample bool, sample calendar.Date, now func() time.Time) (calendar.Date, *time.Location, error) {
	loc, err := calendar.SaoPaulo()
	switch {
	case err != nil:
		return calendar.Date{}, nil, fmt.Errorf("cannot load America/Sao_Paulo: %w", err)
	case value != "":
		d, err := calendar.ParseDate(value)
		if err != nil {
			return d, loc, fmt.Errorf("-as-of: %w", err)
		}
		return d, loc, nil
	case useSample:
		return sample, loc, nil
	}
	return calendar.DateOf(now().In(loc)), loc, nil
}
