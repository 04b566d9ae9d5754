// Command segment evaluates a segment, written as JSON by a business user,
// over customer profiles (NDJSON) and prints the members; with -explain it
// says, for every profile, which conditions held or failed and the values
// seen.
//
//	go run ./examples/segment -segment examples/segment/sample/segment.json \
//	    -profiles examples/segment/sample/profiles.ndjson \
//	    -events examples/segment/sample/events.ndjson \
//	    -catalog examples/segment/sample/catalog.json -as-of 2026-02-13 -explain
//
// The catalog (trait name → kind and description) type-checks the segment
// before it runs; without -catalog it is inferred from the profiles.
//
// Events reach a profile through an identifier they share, compared in
// normal form (identity.Normalize), so an event that wrote
// "Carla@Exemplo.com.br" counts for the profile with carla@exemplo.com.br.
// Everything printed goes through cdp.Masker.Text: an e-mail address, CPF
// or phone number in a profile ID, a value seen or an error is masked.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
	_ "time/tzdata" // "today" is taken in America/Sao_Paulo

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/identity"
	"github.com/warrenbrasil/customerdata/segment"
)

// maskWriter masks the personal data in each write (one line or message:
// every print of this program is one write).
type maskWriter struct{ w io.Writer }

func (m maskWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(m.w, cdp.Masker{}.Text(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, time.Now))
}

// run is the program minus the process. Exit status: 0 ok, 1 bad profile or
// event lines (skipped), 2 usage, input or segment errors.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, now func() time.Time) int {
	stdout, stderr = maskWriter{stdout}, maskWriter{stderr}
	fs := flag.NewFlagSet("segment", flag.ContinueOnError)
	fs.SetOutput(stderr)
	segPath := fs.String("segment", "", "segment `JSON` file (required)")
	profPath := fs.String("profiles", "-", "profiles `NDJSON` file (- for standard input)")
	evPath := fs.String("events", "", "events `NDJSON` file, for event conditions")
	catPath := fs.String("catalog", "", "trait catalog `JSON` {\"name\":{\"kind\":\"number\",\"description\":\"…\"}} (default: inferred from the profiles)")
	asOfText := fs.String("as-of", "", "as-of `date` YYYY-MM-DD (default: today in America/Sao_Paulo)")
	explain := fs.Bool("explain", false, "explain, for every profile, why it is in or out")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "segment: %v\n", err)
		return 2
	}
	if *segPath == "" {
		return fail(errors.New("-segment is required"))
	}
	loc, err := calendar.SaoPaulo()
	if err != nil {
		return fail(err)
	}
	asOf := calendar.DateOf(now().In(loc))
	if *asOfText != "" {
		if asOf, err = calendar.ParseDate(*asOfText); err != nil {
			return fail(fmt.Errorf("-as-of: %w", err))
		}
	}

	doc, err := os.ReadFile(*segPath)
	if err != nil {
		return fail(err)
	}
	seg, err := segment.Parse(doc)
	if err != nil {
		return fail(fmt.Errorf("%s:\n%w", *segPath, err))
	}

	code := 0
	profiles, err := readNDJSON(*profPath, stdin, cdp.ReadProfiles)
	if err != nil {
		if !isLineErrors(err) {
			return fail(err)
		}
		fmt.Fprintf(stderr, "segment: %s: bad lines (skipped):\n%v\n", *profPath, err)
		code = 1
	}
	var events []cdp.Event
	if *evPath != "" {
		if events, err = readNDJSON(*evPath, stdin, cdp.ReadEvents); err != nil {
			if !isLineErrors(err) {
				return fail(err)
			}
			fmt.Fprintf(stderr, "segment: %s: bad lines (skipped):\n%v\n", *evPath, err)
			code = 1
		}
	}

	var cat segment.Catalog
	if *catPath != "" {
		if cat, err = readCatalog(*catPath); err != nil {
			return fail(err)
		}
	} else if cat, err = inferCatalog(profiles); err != nil {
		return fail(err)
	}

	m, err := segment.Compile(seg, cat, segment.Options{AsOf: asOf, Location: loc})
	if err != nil {
		return fail(fmt.Errorf("%s does not fit the catalog:\n%w", *segPath, err))
	}
	eventsOf := eventIndex(events)
	members, err := segment.Evaluate(ctx, m, segment.Profiles(profiles), segment.EvaluateOptions{
		Events: func(p *cdp.Profile) segment.Events { return eventsOf(p) },
	})
	if err != nil {
		return fail(err)
	}

	fmt.Fprintf(stdout, "Segment: %s\nAs of %s: %d of %d profiles are members\n", m, asOf, len(members), len(profiles))
	for _, id := range members {
		fmt.Fprintf(stdout, "  %s\n", id)
	}
	if *explain {
		for i := range profiles {
			p := &profiles[i]
			fmt.Fprintf(stdout, "\n%s\n%s\n", p.ID, m.Explain(p, eventsOf(p)))
		}
	}
	return code
}

func readNDJSON[T any](path string, stdin io.Reader, read func(io.Reader, ...cdp.DecodeOption) ([]T, error)) ([]T, error) {
	if path == "-" {
		return read(stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f)
}

func isLineErrors(err error) bool {
	var le *cdp.LineError
	return errors.As(err, &le)
}

// readCatalog reads {"trait":{"kind":"number","description":"…"}}.
func readCatalog(path string) (segment.Catalog, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw map[string]struct {
		Kind        cdp.Kind `json:"kind"`
		Description string   `json:"description"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("catalog %s: %w", path, err)
	}
	cat := make(segment.Catalog, len(raw))
	for name, t := range raw {
		cat[name] = segment.TraitInfo{Kind: t.Kind, Description: t.Description}
	}
	return cat, nil
}

// inferCatalog takes each trait's kind from the profiles; a trait seen with
// two kinds is an error, since a segment could not be checked against it.
func inferCatalog(profiles []cdp.Profile) (segment.Catalog, error) {
	cat := segment.Catalog{}
	for _, p := range profiles {
		for name, t := range p.Traits {
			k := t.Value.Kind()
			if prev, ok := cat[name]; ok && prev.Kind != k {
				return nil, fmt.Errorf("trait %q is a %s in one profile and a %s in profile %s: pass -catalog", name, prev.Kind, k, p.ID)
			}
			cat[name] = segment.TraitInfo{Kind: k}
		}
	}
	return cat, nil
}

// eventIndex returns, for a profile, the events that share one of its
// identifiers, compared in normal form.
func eventIndex(events []cdp.Event) func(*cdp.Profile) segment.Events {
	byID := map[cdp.Identifier][]int{}
	for i, e := range events {
		for _, id := range e.Identifiers {
			byID[normal(id)] = append(byID[normal(id)], i)
		}
	}
	return func(p *cdp.Profile) segment.Events {
		var idx []int
		for _, id := range p.Identifiers {
			idx = append(idx, byID[normal(id)]...)
		}
		slices.Sort(idx)
		idx = slices.Compact(idx)
		evs := make([]cdp.Event, len(idx))
		for i, j := range idx {
			evs[i] = events[j]
		}
		return segment.GroupEvents(evs)
	}
}

// normal returns id with its value in normal form, or as it is when
// invalid (an invalid value still matches itself).
func normal(id cdp.Identifier) cdp.Identifier {
	if v, err := identity.Normalize(id.Type, id.Value); err == nil {
		id.Value = v
	}
	return id
}
