package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/identity"
)

// input is everything read before anything is sent: the identity graph and
// the alerts. Positions are streamed: only the due ones are kept.
type input struct {
	graph          *identity.Graph
	obsStats       identity.ReadStats
	positions      int // good rows read
	otherPartition int // due positions of persons another partition owns
	alerts         []alert
}

// usedTypes are the identifier types the job links positions and contacts
// by; others in the identities input are counted and named.
var usedTypes = []cdp.IdentifierType{cdp.UserID, cdp.CPF, cdp.Email, cdp.Phone}

// readInput reads the identities into a graph, then streams the positions,
// keeping the due ones grouped by person. Any bad row or line is an error:
// the job must not send on partial input.
func (j *job) readInput(ctx context.Context) (*input, error) {
	var g *identity.Graph
	var err error
	if j.opts.snapshotPath != "" {
		if g, err = j.openSnapshot(); err != nil {
			return nil, fmt.Errorf("identity snapshot %s: %w", j.opts.snapshotPath, err)
		}
	} else if g, err = identity.New(identity.Config{Key: j.opts.identityKey}); err != nil {
		return nil, err
	}
	in := &input{graph: g}
	if err := j.readIdentities(ctx, in); err != nil {
		return nil, fmt.Errorf("identities %s: %w", j.identitiesName(), err)
	}
	j.owned = j.ownedKeys(g)
	r, err := j.openPositions()
	if err != nil {
		return nil, fmt.Errorf("positions %s: %w", j.positionsName(), err)
	}
	defer r.Close()
	det := calendar.ExpiryDetector{Calendar: j.opts.cal, Lead: j.opts.lead}
	var groups calendar.DueGroups[string, Position]
	in.positions, err = readPositions(ctx, r.Reader, func(p Position) {
		e := det.Check(j.opts.asOf, p.Maturity)
		if !e.Due {
			return
		}
		ids := p.identifiers()
		person, _, _ := g.ResolveRow(ids[:]...) // a position has a valid user_id or CPF
		if !j.opts.part.owns(person) {
			in.otherPartition++
			return
		}
		groups.Add(person, duePosition{Item: p, Expiry: e})
	})
	if err != nil {
		return nil, fmt.Errorf("positions %s: %w", j.positionsName(), err)
	}
	in.alerts = alerts(&groups)
	return in, nil
}

// openPositions opens -positions (CSV, NDJSON or Parquet), or the
// embedded sample.
func (j *job) openPositions() (*jobkit.Rows, error) {
	if j.opts.positionsPath == "" {
		return jobkit.BytesRows(samplePositions, "positions.csv", jobkit.FormatCSV, positionsSchema)
	}
	return jobkit.OpenRows(j.opts.positionsPath, positionsSchema)
}

// identitiesSchema is the Parquet form of the observations: one row per
// observation, one nullable column per identifier type.
var identitiesSchema = rows.MustSchema(
	rows.Column{Name: "source", Kind: rows.String, Required: true, MaxLen: 100},
	rows.Column{Name: "observed_at", Kind: rows.Timestamp, Required: true},
	rows.Column{Name: "user_id", Kind: rows.String, MaxLen: 100, PII: true},
	rows.Column{Name: "email", Kind: rows.String, MaxLen: 320, PII: true},
	rows.Column{Name: "cpf", Kind: rows.String, MaxLen: 20, PII: true},
	rows.Column{Name: "phone", Kind: rows.String, MaxLen: 40, PII: true},
)

// readIdentities adds the observations of -identities (NDJSON or Parquet),
// or of the embedded sample, to the graph.
func (j *job) readIdentities(ctx context.Context, in *input) error {
	var data []byte
	switch {
	case j.opts.identitiesPath != "":
		format, err := jobkit.FormatOf(j.opts.identitiesPath)
		if err != nil {
			return err
		}
		if format == jobkit.FormatParquet {
			r, err := jobkit.OpenRows(j.opts.identitiesPath, identitiesSchema)
			if err != nil {
				return err
			}
			defer r.Close()
			return readObservationRows(ctx, r.Reader, in)
		}
		f, err := openFile(j.opts.identitiesPath)
		if err != nil {
			return err
		}
		defer f.Close()
		return readObservationLines(f, in)
	case j.opts.positionsPath == "" && j.opts.snapshotPath == "":
		data = sampleIdentities
	default:
		return nil
	}
	return readObservationLines(bytes.NewReader(data), in)
}

// readObservationRows reads Parquet observations: each non-empty
// identifier column of a row is one identifier.
func readObservationRows(ctx context.Context, r *rows.Reader, in *input) error {
	cols := []cdp.IdentifierType{cdp.UserID, cdp.Email, cdp.CPF, cdp.Phone}
	st := &in.obsStats
	st.Seen = make(map[cdp.IdentifierType]int)
	for r.Next(ctx) {
		row := r.Row()
		obs := identity.Observation{Source: row.String(0), ObservedAt: row.Time(1)}
		for i, t := range cols {
			if v := row.String(2 + i); v != "" {
				obs.Identifiers = append(obs.Identifiers, cdp.Identifier{Type: t, Value: v})
				st.Seen[t]++
			}
		}
		st.Lines++
		if len(obs.Identifiers) == 0 {
			st.Empty++
			continue
		}
		st.Observations++
		st.Identifiers += len(obs.Identifiers)
		in.graph.Add(obs)
	}
	return r.Err()
}

// unusedTypes names the identifier types of the input the job does not
// use, with their counts: often a typo ("e_mail").
func unusedTypes(seen map[cdp.IdentifierType]int) string {
	var out []string
	for t, n := range seen {
		if !slices.Contains(usedTypes, t) {
			out = append(out, fmt.Sprintf("%s (%d)", t, n))
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// readObservationLines reads NDJSON observations into the graph.
func readObservationLines(r io.Reader, in *input) error {
	st, err := identity.ReadObservations(r, in.graph.Add)
	in.obsStats = st
	if err != nil {
		return err
	}
	return st.Err()
}

// openFile opens a named input.
func openFile(path string) (*os.File, error) { return os.Open(path) }

func usedTypeNames() string {
	names := make([]string, len(usedTypes))
	for i, t := range usedTypes {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}
