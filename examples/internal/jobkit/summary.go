package jobkit

import (
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"text/tabwriter"

	"github.com/warrenbrasil/customerdata/cdp/rows"
)

// Summary is the end-of-run table of a job: one aligned "label  value"
// row per count. Call Flush when done.
type Summary struct{ tw *tabwriter.Writer }

// NewSummary returns a Summary writing to w.
func NewSummary(w io.Writer) *Summary {
	return &Summary{tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
}

// Row adds one row: label, then format applied to args.
func (s *Summary) Row(label, format string, args ...any) {
	fmt.Fprintf(s.tw, "  %s\t%s\n", label, fmt.Sprintf(format, args...))
}

// Flush writes the table.
func (s *Summary) Flush() error { return s.tw.Flush() }

// Status describes exit status code for the summary's last row: the
// cause of a cancelled run (a signal, -timeout) first, and failure, the
// error of a run that ended with ExitRejected for a reason other than
// dead letters, instead of the pointer to the dead letters.
func Status(code int, cause, failure error) string {
	switch {
	case cause != nil && code != ExitRefused:
		return cause.Error() + ": " + DescribeExit(code)
	case code == ExitRejected && failure != nil:
		return "failed: " + failure.Error()
	}
	return DescribeExit(code)
}

// Banner says, after a run's title, where it wrote: nothing (a dry run),
// the in-process HubSpot, or "" for a real HubSpot.
func (t Target) Banner(dryRun bool) string {
	switch {
	case dryRun:
		return " — DRY RUN, nothing written"
	case t.Fake:
		return " — IN-PROCESS HUBSPOT, nothing left this machine"
	}
	return ""
}

// OpenRowsFS reads the row input name of fsys (an embedded sample) against
// s, in the format its name gives (see FormatOfName).
func OpenRowsFS(fsys fs.FS, name string, s *rows.Schema, opts ...rows.Option) (*Rows, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return BytesRows(data, filepath.Base(name), FormatOfName(name), s, opts...)
}

// Beside returns path as named in the file base: itself when absolute,
// else relative to base's folder (a spec naming its inputs).
func Beside(base, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(filepath.Dir(base), path)
}
