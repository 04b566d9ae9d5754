package rows_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp/rows"
)

// readAll reads every good row as its Values and returns them with Err.
func readAll(t *testing.T, r *rows.Reader) ([][]any, error) {
	t.Helper()
	var out [][]any
	for r.Next(context.Background()) {
		out = append(out, r.Row().Values())
	}
	return out, r.Err()
}

// csvRows reads a CSV text with schema s.
func csvRows(t *testing.T, s *rows.Schema, in string, opts ...rows.Option) ([][]any, error) {
	t.Helper()
	r, err := rows.NewCSV(strings.NewReader(in), "in.csv", s, opts...)
	require.NoError(t, err, "header of %q", in)
	return readAll(t, r)
}

// ndjsonRows reads an NDJSON text with schema s.
func ndjsonRows(t *testing.T, s *rows.Schema, in string, opts ...rows.Option) ([][]any, error) {
	t.Helper()
	r, err := rows.NewNDJSON(strings.NewReader(in), "in.ndjson", s, opts...)
	require.NoError(t, err)
	return readAll(t, r)
}

// errorList returns the messages of an *Errors (or of a single error).
func errorList(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}
