package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
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
	row("persons with due positions", "%d (%s reinvestable)", s.Alerts, formatBRL(s.ReinvestableSum))
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
func (j *job) printPlan(w io.Writer, records []destination.Record[hubspot.Properties], noEmail []destination.DeadLetter, byEmail map[string]alert, store destination.StateStore) {
	fmt.Fprintf(w, "Plan: upsert %d contacts by email into group %s (e-mails masked)\n", len(records), groupName)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  CONTACT\tACTION\t%s\t%s\t%s\n", propAmount, propNext, propCount)
	for _, r := range records {
		a := byEmail[r.Key]
		action := "upsert"
		if store != nil {
			// A store that cannot tell means "upsert", as the pipeline would.
			if fp, ok, err := store.Get(context.Background(), r.Key); err == nil && ok && fp == r.Fingerprint {
				action = "unchanged"
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%d\n", j.maskEmail(r.Key), action, plainAmount(a.Amount), a.NextExpiry, len(a.Positions))
	}
	tw.Flush()
	if store != nil {
		absent, err := destination.Absent(context.Background(), store, func(k string) bool { _, ok := byEmail[k]; return ok })
		if err != nil {
			fmt.Fprintf(w, "  state: %v\n", err)
		}
		for _, k := range absent {
			fmt.Fprintf(w, "  %s\tclear cdp_* properties (left the window)\n", j.maskEmail(k))
		}
	}
	for _, dl := range noEmail {
		fmt.Fprintf(w, "  dead letter %s: %s\n", dl.Key, dl.Reason)
	}
	if j.opts.tasks {
		fmt.Fprintf(w, "Plan: one task per contact above (%d), owner %s\n", len(records), map[bool]string{true: j.opts.owner, false: "of the contact"}[j.opts.owner != ""])
	}
}

// dryRun prints the plan and touches nothing: no HubSpot call, no state or
// dead-letter file.
func (j *job) dryRun(records []destination.Record[hubspot.Properties], noEmail []destination.DeadLetter, byEmail map[string]alert, sum *summary, start time.Time) (summary, int) {
	fs, _, release, err := j.openState(byEmail)
	if err != nil {
		return *sum, j.refuse(err)
	}
	defer release()
	var store destination.StateStore
	if fs != nil {
		store = fs
	}
	j.printPlan(j.stdout, records, noEmail, byEmail, store)
	sum.Elapsed = time.Since(start)
	return *sum, exitOK
}
