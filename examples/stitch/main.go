// Command stitch reads identity observations (NDJSON) and prints the persons
// they make, the links the rules refused, and, with -explain, why two
// identifiers are or are not the same person. With -snapshot FILE it is
// the global stitch of a partitioned pipeline instead: it writes the graph
// of all the observations to FILE (identity.Graph.Save) and prints counts
// only.
//
//	go run ./examples/stitch -observations examples/reinvestment/sample/identities.ndjson
//	go run ./examples/stitch -observations examples/reinvestment/sample/identities.ndjson \
//	    -explain user_id:u-1030,user_id:u-1031
//	CDP_IDENTITY_KEY=... go run ./examples/stitch -observations all.ndjson -snapshot identity.snap
//
// Each line of the input is one observation:
//
//	{"source":"crm","observed_at":"2026-11-20T10:00:00Z","identifiers":{"user_id":"u-1","email":"ana@example.com"}}
//
// Identifiers are printed masked (cdp.Masker): an e-mail address, CPF,
// phone or id shows a little of itself and a tag that tells values apart.
// The environment variable CDP_MASK_KEY (16 bytes or more) keys the tags;
// CDP_IDENTITY_KEY keys the canonical person IDs (identity.Config.Key), as
// production jobs must. Without them the tags and IDs are unkeyed, which is
// fine for sample data only.
//
// -snapshot requires CDP_IDENTITY_KEY: the snapshot's person IDs are the
// ones every partitioned task publishes, and a task loading it must use the
// same key (identity.Load refuses another). The file holds identifiers, so
// it is written with mode 0600, to a temporary file in the same folder
// renamed over FILE: a crash leaves the old snapshot or the new one, never
// a torn one.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/identity"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// run is the program minus the process; it returns the exit status: 0 ok,
// 1 bad observation lines (skipped; the snapshot is still written), 2 usage
// or setup error (nothing written).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("stitch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("observations", "-", "observations `NDJSON` file (- for standard input)")
	explain := fs.String("explain", "", "explain two identifiers, `type:value,type:value`")
	quiet := fs.Bool("q", false, "do not list the persons")
	snapshot := fs.String("snapshot", "", "write the identity graph to `FILE` (mode 0600) and print counts only; needs CDP_IDENTITY_KEY")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *snapshot != "" {
		if getenv("CDP_IDENTITY_KEY") == "" {
			fmt.Fprintln(stderr, "stitch: -snapshot needs CDP_IDENTITY_KEY: the snapshot keys the person IDs every partitioned task publishes")
			return 2
		}
		if *explain != "" {
			fmt.Fprintln(stderr, "stitch: -snapshot prints counts only: drop -explain")
			return 2
		}
	}
	var pair [2]cdp.Identifier
	if *explain != "" {
		var err error
		if pair, err = parsePair(*explain); err != nil {
			fmt.Fprintf(stderr, "stitch: -explain: %v\n", err)
			return 2
		}
	}
	in := stdin
	if *path != "-" {
		f, err := os.Open(*path)
		if err != nil {
			fmt.Fprintf(stderr, "stitch: %v\n", err)
			return 2
		}
		defer f.Close()
		in = f
	}

	var mask cdp.Masker
	if k := getenv("CDP_MASK_KEY"); k != "" {
		var err error
		if mask, err = cdp.NewMasker([]byte(k)); err != nil {
			fmt.Fprintf(stderr, "stitch: CDP_MASK_KEY: %v\n", err)
			return 2
		}
	}
	g, err := identity.New(identity.Config{Key: []byte(getenv("CDP_IDENTITY_KEY"))})
	if err != nil {
		fmt.Fprintf(stderr, "stitch: CDP_IDENTITY_KEY: %v\n", err)
		return 2
	}
	st, err := identity.ReadObservations(in, g.Add)
	if err != nil {
		fmt.Fprintf(stderr, "stitch: %v\n", err)
		return 2
	}
	code := 0
	if lineErr := st.Err(); lineErr != nil {
		fmt.Fprintf(stderr, "stitch: bad lines (skipped):\n%v\n", mask.Text(lineErr.Error()))
		code = 1
	}

	gs := g.Stats()
	fmt.Fprintf(stdout, "%d observations, %d identifiers, %d persons, %d links refused\n",
		st.Observations, gs.Identifiers, gs.Persons, gs.Conflicts)
	printDropped(stdout, st.Dropped, gs.Dropped)
	if *snapshot != "" {
		if err := jobkit.WriteFileAtomic("identity snapshot", *snapshot, g.Save); err != nil {
			fmt.Fprintf(stderr, "stitch: %v\n", err)
			return 2
		}
		fmt.Fprintf(stdout, "snapshot written to %s\n", *snapshot)
		return code
	}
	if !*quiet {
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "\nPERSON\tIDENTIFIERS")
		for p := range g.Persons() {
			ids := make([]string, 0, len(p.Identifiers))
			for _, s := range p.Identifiers {
				ids = append(ids, mask.Identifier(s.Identifier))
			}
			fmt.Fprintf(tw, "%s\t%s\n", p.ID, strings.Join(ids, " "))
		}
		tw.Flush()
	}
	if cs := g.Conflicts(); len(cs) > 0 {
		fmt.Fprintln(stdout, "\nRefused links:")
		for _, c := range cs {
			fmt.Fprintf(stdout, "  %s\n", c.Masked(mask))
		}
	}
	if *explain != "" {
		fmt.Fprintf(stdout, "\n%s\n", g.Explain(pair[0], pair[1]).Masked(mask))
	}
	return code
}

func parsePair(s string) ([2]cdp.Identifier, error) {
	var pair [2]cdp.Identifier
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return pair, fmt.Errorf("%q: want two identifiers separated by a comma", s)
	}
	for i, p := range parts {
		typ, val, ok := strings.Cut(strings.TrimSpace(p), ":")
		if !ok || typ == "" || val == "" {
			return pair, fmt.Errorf("%q: want type:value, e.g. email:ana@example.com", p)
		}
		pair[i] = cdp.Identifier{Type: cdp.IdentifierType(typ), Value: val}
	}
	return pair, nil
}

// printDropped lists the identifiers dropped while reading (invalid) and
// while stitching (blocked values).
func printDropped(w io.Writer, counts ...map[cdp.IdentifierType]map[identity.Reason]int) {
	var lines []string
	for _, dropped := range counts {
		for typ, byReason := range dropped {
			for reason, n := range byReason {
				lines = append(lines, fmt.Sprintf("  %s %s: %d", typ, reason, n))
			}
		}
	}
	if len(lines) == 0 {
		return
	}
	sort.Strings(lines)
	fmt.Fprintf(w, "identifiers dropped:\n%s\n", strings.Join(lines, "\n"))
}
