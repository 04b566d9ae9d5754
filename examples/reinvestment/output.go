package main

import (
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/examples/reinvestment/internal/alert"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// printSummary writes the end-of-run table: counts, never a personal value.
func (j *job) printSummary(code int, cause error) {
	o, s := j.opts, j.sum
	fmt.Fprintf(j.Stdout, "\nReinvestment alerts as of %s (%s, %d business days ahead)%s\n",
		o.asOf, strings.ToUpper(o.calendarName), o.lead, o.Target.Banner(o.DryRun))
	t := jobkit.NewSummary(j.Stdout)
	t.Row("positions read", "%d", s.PositionsRead)
	t.Row("bad rows", "%d", s.BadRows)
	t.Row("identity observations", "%d (identifiers dropped as invalid or blocked: %d, links refused: %d)", s.Observations, s.DroppedIDs, s.Conflicts)
	if s.UnusedTypes != "" {
		t.Row("  unused identifier types", "%s", s.UnusedTypes)
	}
	t.Row("persons", "%d", s.Persons)
	t.Row("due positions", "%d", s.DuePositions)
	if !o.Partition.Whole() {
		t.Row("  of other partitions", "%d (skipped: this run is partition %s)", s.OtherPartition, o.Partition)
	}
	t.Row("persons with due positions", "%d (%s reinvestable)", s.Alerts, cdp.FormatBRL(s.ReinvestableSum))
	t.Row("  without e-mail", "%d (dead letters, reason %s)", s.NoEmail, jobkit.ReasonNoEmail)
	if s.out != nil && code != jobkit.ExitRefused {
		jobkit.ContactRows(t, s.out.Report)
		if n := s.Tasks; n != nil {
			t.Row("tasks created", "%d (already there: %d)", n.Created, n.Existing)
			if n.WithoutOwner > 0 {
				t.Row("  without owner", "%d (no contact owner: set -owner-fallback)", n.WithoutOwner)
			}
		}
		if n := s.Events; n != nil {
			t.Row("expiry events sent", "%d (contacts without e-mail, no event: %d)", n.Sent, n.NoEmail)
		}
		j.LetterRows(t, *s.out, s.Pending)
	}
	t.Row("elapsed", "%s", s.Elapsed.Round(1e6))
	j.StatusRow(t, code, cause, s.Failed+s.Pending)
	t.Flush()
}

// printWritten shows what the in-process HubSpot holds after the run, so a
// first run shows what a real one would write.
func (j *job) printWritten(w io.Writer, srv *hubspottest.Server) {
	jobkit.PrintContacts(w, srv, j.opts.Masker, []string{alert.PropAmount, alert.PropNext, alert.PropCount}, 30)
	jobkit.PrintTasks(w, srv)
}

// printPlan is the dry run: what would be written, and to whom.
func (j *job) printPlan(plan jobkit.ContactPlan[alert.Alert], sp hubspot.SyncPlan) {
	fmt.Fprintf(j.Stdout, "Plan: write %d contacts by %s into group %s (%s, %s, %s per contact)\n",
		len(plan.Contacts), j.opts.ContactKey, alert.GroupName, alert.PropAmount, alert.PropNext, alert.PropCount)
	jobkit.PrintPlan(j.Stdout, sp, j.opts.Masker, 0, func(c hubspot.PlannedContact) string {
		a, ok := plan.ByKey[c.Key]
		if !ok || c.Action == hubspot.ActionDeadLetter || c.Action == hubspot.ActionClear {
			return ""
		}
		return fmt.Sprintf(" %s %s %d", cdp.PlainDecimal(a.Amount), a.NextExpiry, len(a.Positions))
	})
	for _, dl := range plan.NoKey {
		fmt.Fprintf(j.Stdout, "  dead letter %s: %s\n", dl.Key, dl.Reason)
	}
	if j.opts.tasks {
		fmt.Fprintf(j.Stdout, "Plan: one task per contact above, owner %s\n", cmp.Or(j.opts.owner, "of the contact"))
	}
}
