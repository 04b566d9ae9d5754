package jobkit

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// PrintPlan writes a hubspot.SyncPlan for a dry run: one line per contact
// (key masked by m, action, dead-letter reason, then cols of it when cols
// is not nil), at most max lines (max <= 0: all).
func PrintPlan(w io.Writer, plan hubspot.SyncPlan, m cdp.Masker, max int, cols func(hubspot.PlannedContact) string) {
	fmt.Fprintf(w, "Plan (%s, keys masked):\n", plan.Mode)
	for i, c := range plan.Contacts {
		if max > 0 && i == max {
			fmt.Fprintf(w, "  ... and %d more\n", len(plan.Contacts)-i)
			return
		}
		extra := ""
		if cols != nil {
			extra = cols(c)
		}
		fmt.Fprintf(w, "  %-28s %s %s%s\n", m.Key(c.Key), c.Action, c.Reason, extra)
	}
}

// PrintContacts writes what the in-process HubSpot holds after a run: for
// at most max contacts, the e-mail masked by m and the given properties.
func PrintContacts(w io.Writer, srv *hubspottest.Server, m cdp.Masker, props []string, max int) {
	contacts := srv.Contacts()
	fmt.Fprintf(w, "In-process HubSpot (nothing left this machine): %d contacts, e-mails masked\n", len(contacts))
	for i, c := range contacts {
		if i == max {
			fmt.Fprintf(w, "  ... and %d more\n", len(contacts)-i)
			return
		}
		fmt.Fprintf(w, "  %s\n", m.Email(c.Properties[hubspot.KeyEmail]))
		for _, p := range props {
			fmt.Fprintf(w, "      %-28s %s\n", p, c.Properties[p])
		}
	}
}

// PrintTasks shows the first task the in-process HubSpot holds, if any.
func PrintTasks(w io.Writer, srv *hubspottest.Server) {
	if tasks := srv.Tasks(); len(tasks) > 0 {
		fmt.Fprintf(w, "\nIn-process HubSpot: %d tasks, for example:\n  %s\n  %s\n", len(tasks),
			tasks[0].Properties["hs_task_subject"], strings.ReplaceAll(tasks[0].Properties["hs_task_body"], "\n", "\n  "))
	}
}

// MassClearRefusal rewords a *hubspot.MassClearError in the words of a
// job's -max-clear and -allow-mass-clear flags; other errors are returned
// as they are.
func MassClearRefusal(err error) error {
	var mce *hubspot.MassClearError
	if !errors.As(err, &mce) {
		return err
	}
	return fmt.Errorf("this run would clear %d of the %d contacts the state knows (%d%%, more than -max-clear %d%%): the input may be "+
		"empty or truncated. Check it; if those contacts really left (a long pause between runs), rerun with -allow-mass-clear: %w",
		mce.Clears, mce.Known, mce.Clears*100/max(mce.Known, 1), mce.MaxPercent, hubspot.ErrMassClear)
}
