package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
)

// options are the command line and the environment of one run.
type options struct {
	jobkit.Flags
	specPath string // "" = the embedded example spec and sample data
}

const usageText = `Usage: sync [flags]

Writes customer traits and segment memberships to HubSpot contacts as a JSON
spec says. With no flags it runs the embedded example spec on sample data
against an in-process HubSpot: nothing leaves the machine. Set
HUBSPOT_ACCESS_TOKEN (and HUBSPOT_BASE_URL, CDP_IDENTITY_KEY) to write to HubSpot.`

// parseOptions reads args and the environment; a bad one is an error and
// the job exits 2 having touched nothing.
func parseOptions(args []string, getenv func(string) string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = jobkit.Usage(fs, usageText)
	var o options
	fs.StringVar(&o.specPath, "spec", "", "sync spec `JSON` file; source paths are relative to its folder (default: the embedded example)")
	o.Register(fs, "sync-dead-letters.ndjson")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return o, o.Check(getenv, o.specPath != "")
}
