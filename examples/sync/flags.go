package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// options are the command line and the environment of one run.
type options struct {
	specPath                  string // "" = the embedded example spec and sample data
	statePath, deadLetterPath string
	dryRun, allowMassClear    bool
	maxClear                  int
	timeout                   time.Duration
	limits                    hubspot.Limits
	target                    jobkit.Target
	key                       []byte     // CDP_IDENTITY_KEY
	masker                    cdp.Masker // keyed from CDP_IDENTITY_KEY when set
}

const usageText = `Usage: sync [flags]

Writes customer traits and segment memberships to HubSpot contacts as a JSON
spec says. With no flags it runs the embedded example spec on sample data
against an in-process HubSpot: nothing leaves the machine. Set
HUBSPOT_ACCESS_TOKEN (and HUBSPOT_BASE_URL, CDP_IDENTITY_KEY) to write to HubSpot.
Exit status: 0 ok; 1 records rejected or out of retries (see the dead letters)
or -timeout; 2 refused before sending; 130/143 interrupted.`

// parseOptions reads args and the environment; a bad one is an error and
// the job exits 2 having touched nothing.
func parseOptions(args []string, getenv func(string) string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintf(stderr, "%s\n\n", usageText); fs.PrintDefaults() }
	spec := fs.String("spec", "", "sync spec `JSON` file; source paths are relative to its folder (default: the embedded example)")
	dryRun := fs.Bool("dry-run", false, "print the plan (what each contact would get) and write nothing")
	fake := fs.Bool("fake-hubspot", false, "write to an in-process HubSpot: nothing leaves the machine and -state is not written")
	state := fs.String("state", "", "change-tracking state `file`: unchanged contacts are skipped; mode mirror needs it")
	dead := fs.String("dead-letter", "sync-dead-letters.ndjson", "dead-letter `file` (NDJSON), replaced at the end of each run")
	tier := fs.String("tier", hubspot.TierFree, "HubSpot account `tier` whose request budgets the client keeps to: "+strings.Join(hubspot.Tiers(), ", "))
	timeout := fs.Duration("timeout", 0, "give up after this `duration`, saving what HubSpot confirmed (0: no limit)")
	maxClear := fs.Int("max-clear", hubspot.DefaultMaxClearPercent, "mode mirror: refuse a run that would clear more than this `percent` of the contacts the state knows")
	allow := fs.Bool("allow-mass-clear", false, "mode mirror: clear however many contacts left the audience")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	o := options{specPath: *spec, statePath: *state, deadLetterPath: *dead, dryRun: *dryRun,
		allowMassClear: *allow, maxClear: *maxClear, timeout: *timeout}
	var err error
	switch o.limits, err = hubspot.LimitsForTier(*tier); {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case err != nil:
		return o, fmt.Errorf("-tier: %w", err)
	case o.timeout < 0:
		return o, fmt.Errorf("-timeout %s: want a positive duration, or 0", o.timeout)
	case o.maxClear < 1 || o.maxClear > 100:
		return o, fmt.Errorf("-max-clear %d: want a percent from 1 to 100", o.maxClear)
	}
	if o.target, err = jobkit.ChooseTarget(getenv, *fake, o.dryRun, o.specPath != ""); err != nil {
		return o, err
	}
	o.key, o.masker, err = jobkit.IdentityKey(getenv, o.target.Token != "")
	return o, err
}
