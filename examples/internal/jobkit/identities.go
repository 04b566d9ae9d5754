package jobkit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/identity"
)

// Identities says where a job's identity graph comes from: a saved graph
// (the global stitch), a file of observations, or an embedded sample.
type Identities struct {
	Snapshot string // a graph saved with identity.Graph.Save; excludes Path
	Path     string // observations: NDJSON, or Parquet with one column per identifier type
	Sample   []byte // NDJSON observations read when neither is named; nil: none
	Key      []byte // CDP_IDENTITY_KEY, which keys canonical IDs
}

// Name names the observations for messages.
func (in Identities) Name() string {
	if in.Path == "" {
		return "(embedded sample)"
	}
	return in.Path
}

// observationsSchema is the Parquet form of the observations: one row per
// observation, one nullable column per identifier type.
var observationsSchema = rows.MustSchema(
	rows.Column{Name: "source", Kind: rows.String, Required: true, MaxLen: 100},
	rows.Column{Name: "observed_at", Kind: rows.Timestamp, Required: true},
	rows.Column{Name: "user_id", Kind: rows.String, MaxLen: 100, PII: true},
	rows.Column{Name: "email", Kind: rows.String, MaxLen: 320, PII: true},
	rows.Column{Name: "cpf", Kind: rows.String, MaxLen: 20, PII: true},
	rows.Column{Name: "phone", Kind: rows.String, MaxLen: 40, PII: true},
)

// Load returns the graph with the observations added, and what reading
// them found. Any bad line or row is an error naming the input: a job
// must not send on partial input.
func (in Identities) Load(ctx context.Context) (*identity.Graph, identity.ReadStats, error) {
	var g *identity.Graph
	var err error
	if in.Snapshot != "" {
		if g, err = in.loadSnapshot(); err != nil {
			return nil, identity.ReadStats{}, fmt.Errorf("identity snapshot %s: %w", in.Snapshot, err)
		}
	} else if g, err = identity.New(identity.Config{Key: in.Key}); err != nil {
		return nil, identity.ReadStats{}, err
	}
	st, err := in.read(ctx, g)
	if err != nil {
		return nil, st, fmt.Errorf("identities %s: %w", in.Name(), err)
	}
	return g, st, nil
}

func (in Identities) loadSnapshot() (*identity.Graph, error) {
	f, err := os.Open(in.Snapshot)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	g, err := identity.Load(f, identity.Config{Key: in.Key})
	if errors.Is(err, identity.ErrKeyMismatch) {
		return nil, fmt.Errorf("%w: the snapshot was saved with another CDP_IDENTITY_KEY (or none); stitch again with this key", err)
	}
	return g, err
}

func (in Identities) read(ctx context.Context, g *identity.Graph) (identity.ReadStats, error) {
	var r io.Reader
	switch {
	case in.Path != "":
		format, err := FormatOf(in.Path)
		if err != nil {
			return identity.ReadStats{}, err
		}
		if format == FormatParquet {
			return readObservationRows(ctx, in.Path, g)
		}
		f, err := os.Open(in.Path)
		if err != nil {
			return identity.ReadStats{}, err
		}
		defer f.Close()
		r = f
	case in.Sample != nil && in.Snapshot == "":
		r = bytes.NewReader(in.Sample)
	default:
		return identity.ReadStats{}, nil
	}
	st, err := identity.ReadObservations(r, g.Add)
	if err == nil {
		err = st.Err()
	}
	return st, err
}

// readObservationRows reads Parquet observations: each non-empty
// identifier column of a row is one identifier.
func readObservationRows(ctx context.Context, path string, g *identity.Graph) (identity.ReadStats, error) {
	st := identity.ReadStats{Seen: make(map[cdp.IdentifierType]int)}
	r, err := OpenRows(path, observationsSchema)
	if err != nil {
		return st, err
	}
	defer r.Close()
	cols := []cdp.IdentifierType{cdp.UserID, cdp.Email, cdp.CPF, cdp.Phone}
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
		g.Add(obs)
	}
	return st, r.Err()
}

// Dropped counts the identifiers dropped while reading (st) and stitching
// (g), as invalid or blocked.
func Dropped(st identity.ReadStats, g *identity.Graph) int {
	n := 0
	for _, dropped := range []map[cdp.IdentifierType]map[identity.Reason]int{st.Dropped, g.Stats().Dropped} {
		for _, byReason := range dropped {
			for _, c := range byReason {
				n += c
			}
		}
	}
	return n
}

// UnusedTypes names the identifier types seen that are not in used, with
// their counts ("e_mail (3)"): often a typo in the input.
func UnusedTypes(seen map[cdp.IdentifierType]int, used []cdp.IdentifierType) string {
	var out []string
	for t, n := range seen {
		if !slices.Contains(used, t) {
			out = append(out, fmt.Sprintf("%s (%d)", t, n))
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// BadRows counts the rows an input error reports.
func BadRows(err error) int {
	var errs *rows.Errors
	if errors.As(err, &errs) {
		return errs.Rows
	}
	var e *rows.Error
	if errors.As(err, &e) {
		return 1
	}
	return 0
}

// Where names a row for a message: its line, or its row in a Parquet file.
func Where(p rows.Pos) string {
	if p.Line > 0 {
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s row %d", p.Source, p.Row)
}

// Warn tells w (prefixed with the job's name) what in the observations
// read (st) is likely a mistake: identifier types the job does not use
// (often a typo, "e_mail"), or named observations without any e-mail.
func (in Identities) Warn(w io.Writer, job string, st identity.ReadStats, used []cdp.IdentifierType) {
	if unused := UnusedTypes(st.Seen, used); unused != "" {
		names := make([]string, len(used))
		for i, t := range used {
			names[i] = string(t)
		}
		fmt.Fprintf(w, "%s: warning: identities carry identifier types this job does not use: %s (it links by %s)\n", job, unused, strings.Join(names, ", "))
	}
	if in.Path != "" && st.Seen[cdp.Email] == 0 {
		fmt.Fprintf(w, "%s: WARNING: no observation in %s carries an e-mail: no contact can be found by e-mail, every record keyed by e-mail will be a %s dead letter\n", job, in.Path, ReasonNoEmail)
	}
}
