package jobkit

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"text/tabwriter"

	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/hubspot"
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

// ContactRows adds the contact counts of a sync to t.
func ContactRows(t *Summary, r hubspot.SyncReport) {
	t.Row("contacts created", "%d", r.Created)
	t.Row("contacts updated", "%d", r.Updated)
	t.Row("contacts unchanged", "%d", r.Unchanged)
	t.Row("contacts cleared", "%d", r.Cleared)
}

// LetterRows adds to t the dead letters of d by reason, the records not
// settled (when any) and the HubSpot calls s made.
func (s *Sender) LetterRows(t *Summary, d Delivered, pending int) {
	t.Row("dead letters", "%d -> %s", d.DeadLetters, s.Flags.DeadLetterPath)
	for _, rc := range d.Letters {
		t.Row("  "+rc.Reason, "%d", rc.Count)
	}
	if pending > 0 {
		t.Row("pending (not settled)", "%d", pending)
	}
	calls, limited := s.Calls()
	t.Row("API calls", "%d", calls)
	t.Row("429s seen", "%d", limited)
}

// UsageFooter is what every contact-sync job's -h says after its flags:
// the environment and the exit statuses.
const UsageFooter = `
Environment:
  HUBSPOT_ACCESS_TOKEN  private app token (required unless -dry-run, -fake-hubspot or the no-argument demo)
  HUBSPOT_BASE_URL      API base URL (default https://api.hubapi.com)
  CDP_IDENTITY_KEY      secret of 16+ bytes that keys canonical person IDs (required with HUBSPOT_ACCESS_TOKEN)
Without HUBSPOT_ACCESS_TOKEN a run on named input is refused unless -fake-hubspot (an in-process
HubSpot: nothing leaves the machine) or -dry-run is given.

Exit status: 0 all matched contacts delivered; 1 a record was rejected or ran out of retries (see the
dead letters), or -timeout passed; 2 usage, input or setup refused before sending; 130 interrupted
(SIGINT); 143 terminated (SIGTERM).`

// Usage is a flag set's Usage: intro, the flags, then UsageFooter.
func Usage(fs *flag.FlagSet, intro string) func() {
	return func() {
		fmt.Fprintln(fs.Output(), intro+"\n\nFlags:")
		fs.PrintDefaults()
		fmt.Fprintln(fs.Output(), UsageFooter)
	}
}

// StatusRow adds the last row, the exit status (see Status): with the
// failure given to Fail, unless records were dead-lettered or left
// unsettled (then the dead letters say why).
func (s *Sender) StatusRow(t *Summary, code int, cause error, unsettled int) {
	failure := s.failure
	if unsettled > 0 {
		failure = nil
	}
	t.Row("exit status", "%d (%s)", code, Status(code, cause, failure))
}
