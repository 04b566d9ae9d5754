// Command sync writes customer traits and segment memberships to HubSpot
// contacts as a JSON spec says: the sources (CSV, NDJSON or Parquet rows),
// the identity rules, the trait catalog, the audience, the mappings, the
// contact key and the mode. Persons are stitched with package identity,
// their traits merged (newest wins), the audience evaluated with package
// segment, and the members written with hubspot.ContactSync. With no flags
// it runs an embedded example against an in-process HubSpot:
//
//	go run ./examples/sync
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	_ "time/tzdata" // segment dates are taken in America/Sao_Paulo, even without a system zone database

	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
)

// sample holds the example spec (sample/spec.json) and its sources.
//
//go:embed sample
var sample embed.FS

func main() { jobkit.Main("sync", "letting the writes in flight settle, then saving", run) }

// run is the program without the process, for tests.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, terminal bool) int {
	o, err := parseOptions(args, getenv, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return jobkit.ExitOK
	case err != nil:
		fmt.Fprintf(stderr, "sync: %v\nnothing was read or sent.\n", err)
		return jobkit.ExitRefused
	}
	ctx, cancel := jobkit.WithRunTimeout(ctx, "-timeout", o.Timeout)
	defer cancel()
	j := &job{opts: o}
	j.Sender = jobkit.NewSender("sync", &j.opts.Flags, stdout, stderr, terminal)
	code := jobkit.ExitStatus(ctx, j.run(ctx))
	j.printSummary(code, context.Cause(ctx))
	return code
}
