package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// printSummary writes the end-of-run table.
func (j *job) printSummary(w io.Writer, s summary, code int, cause error) {
	mode := ""
	switch {
	case j.opts.dryRun:
		mode = " — DRY RUN, nothing written"
	case j.opts.fakeHubSpot:
		mode = " — IN-PROCESS HUBSPOT, nothing left this machine"
	}
	fmt.Fprintf(w, "\nReinvestment alerts as of %s (%s, %d business days ahead)%s\n",
		j.opts.asOf, strings.ToUpper(j.opts.calendarName), j.opts.lead, mode)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(label string, format string, args ...any) {
		fmt.Fprintf(tw, "  %s\t%s\n", label, fmt.Sprintf(format, args...))
	}
	row("positions read", "%d", s.PositionsRead)
	row("bad rows", "%d", s.BadRows)
	row("identity observations", "%d (identifiers dropped as invalid or blocked: %d, links refused: %d)", s.Observations, s.DroppedIDs, s.Conflicts)
	row("persons", "%d", s.Persons)
	row("due positions", "%d", s.DuePositions)
	if !j.opts.part.whole() {
		row("  of other partitions", "%d (skipped: this run is partition %s)", s.OtherPartition, j.opts.part)
	}
	row("persons with due positions", "%d (%s reinvestable)", s.Alerts, cdp.FormatBRL(s.ReinvestableSum))
	row("  without e-mail", "%d (dead letters, reason %s)", s.NoEmail, reasonNoEmail)
	if !j.opts.dryRun && code != exitUsage {
		row("contacts created", "%d", s.Created)
		row("contacts updated", "%d", s.Updated)
		row("contacts unchanged", "%d", s.Unchanged)
		row("contacts cleared", "%d", s.Cleared)
		if j.opts.tasks {
			row("tasks created", "%d (already there: %d)", s.TasksCreated, s.TasksExisting)
			if s.TasksWithoutOwner > 0 {
				row("  without owner", "%d (no contact owner: set -owner-fallback)", s.TasksWithoutOwner)
			}
		}
		if j.opts.events != "" {
			row("expiry events sent", "%d (contacts without e-mail, no event: %d)", s.EventsSent, s.EventsNoEmail)
		}
		row("dead letters", "%d -> %s", s.DeadLetters, j.opts.deadLetterPath)
		for _, rc := range s.Letters {
			row("  "+rc.Reason, "%d", rc.Count)
		}
		if s.Pending > 0 {
			row("pending (not settled)", "%d", s.Pending)
		}
		row("API calls", "%d", s.APICalls)
		row("429s seen", "%d", s.RateLimited)
	}
	row("elapsed", "%s", s.Elapsed.Round(time.Millisecond))
	status := jobkit.DescribeExit(code)
	switch {
	case cause != nil && code != exitUsage:
		status = cause.Error() + ": " + status
	case code == exitRejected && s.Failed == 0 && s.Pending == 0 && j.failure != nil:
		status = "failed: " + j.failure.Error()
	}
	row("exit status", "%d (%s)", code, status)
	tw.Flush()
}

// printWritten lists what the in-process HubSpot holds after the run, so a
// first run shows what a real one would write.
func (j *job) printWritten(w io.Writer, srv *hubspottest.Server) {
	var rows []hubspottest.Object
	for _, c := range srv.Contacts() {
		if c.Properties[propAmount] != "" {
			rows = append(rows, c)
		}
	}
	fmt.Fprintf(w, "In-process HubSpot (nothing left this machine): %d contacts carry a reinvestment alert (e-mails masked)\n", len(rows))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  CONTACT\t%s\t%s\t%s\t%s\n", propAmount, propNext, propCount, "FIRST PRODUCT")
	const show = 30
	for i, c := range rows {
		if i == show {
			fmt.Fprintf(tw, "  ... and %d more\n", len(rows)-show)
			break
		}
		first, _, _ := strings.Cut(c.Properties[propProducts], "\n")
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", j.maskEmail(c.Properties["email"]), c.Properties[propAmount],
			c.Properties[propNext], c.Properties[propCount], first)
	}
	tw.Flush()
	if tasks := srv.Tasks(); len(tasks) > 0 {
		fmt.Fprintf(w, "\nIn-process HubSpot: %d tasks, for example:\n  %s\n  %s\n", len(tasks),
			tasks[0].Properties["hs_task_subject"], strings.ReplaceAll(tasks[0].Properties["hs_task_body"], "\n", "\n  "))
	}
}

// printPlan is the dry run: what would be written, and to whom.
func (j *job) printPlan(w io.Writer, plan contactPlan, sp hubspot.SyncPlan) {
	fmt.Fprintf(w, "Plan: write %d contacts by %s into group %s (mode %s, keys masked)\n", len(plan.contacts), j.opts.contactKey, groupName, sp.Mode)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  CONTACT\tACTION\t%s\t%s\t%s\n", propAmount, propNext, propCount)
	for _, c := range sp.Contacts {
		a, ok := plan.byKey[c.Key]
		action := string(c.Action)
		switch {
		case c.Action == hubspot.ActionDeadLetter:
			action = "dead letter: " + c.Reason
		case c.Action == hubspot.ActionClear:
			action = "clear cdp_* properties (left the window)"
		}
		if !ok {
			fmt.Fprintf(tw, "  %s\t%s\n", j.maskKey(c.Key), action)
			continue
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%d\n", j.maskKey(c.Key), action, cdp.PlainDecimal(a.Amount), a.NextExpiry, len(a.Positions))
	}
	tw.Flush()
	for _, dl := range plan.noKey {
		fmt.Fprintf(w, "  dead letter %s: %s\n", dl.Key, dl.Reason)
	}
	if sp.Guard != nil {
		fmt.Fprintf(w, "A real run would be refused: %v\n", massClear(sp.Guard))
	}
	if j.opts.tasks {
		fmt.Fprintf(w, "Plan: one task per contact above, owner %s\n", map[bool]string{true: j.opts.owner, false: "of the contact"}[j.opts.owner != ""])
	}
}

// dryRun prints the plan and touches nothing: no HubSpot call, no state or
// dead-letter file.
func (j *job) dryRun(ctx context.Context, plan contactPlan, sum *summary, start time.Time) (summary, int) {
	store, release, err := j.openState()
	if err != nil {
		return *sum, j.refuse(err)
	}
	defer release()
	// The plan needs no HubSpot: a client that is never called.
	client, err := hubspot.New("dry-run", hubspot.WithBaseURL("http://127.0.0.1:9"))
	if err != nil {
		return *sum, j.fail(err)
	}
	contacts, err := hubspot.NewContactSync(client, j.syncConfig(store, nil))
	if err != nil {
		return *sum, j.refuse(err)
	}
	sp, err := contacts.Plan(ctx, plan.records())
	if err != nil {
		return *sum, j.fail(err)
	}
	j.printPlan(j.stdout, plan, sp)
	sum.Elapsed = time.Since(start)
	if sp.Guard != nil {
		return *sum, j.refuse(massClear(sp.Guard))
	}
	return *sum, exitOK
}
