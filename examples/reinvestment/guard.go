package main

import "fmt"

// massClearError refuses a run that would clear more of the contacts the
// state knows than -max-clear allows: the usual cause is an empty or
// truncated export, and clearing would withdraw every advisor's alert.
type massClearError struct {
	clears, known, maxPercent int
}

func (e *massClearError) Error() string {
	return fmt.Sprintf("this run would clear %d of the %d contacts the state knows (%d%%, more than -max-clear %d%%): "+
		"the positions export may be empty or truncated. Check it; if the alerts really all ended (a long pause between runs), rerun with -allow-mass-clear",
		e.clears, e.known, e.clears*100/e.known, e.maxPercent)
}

// checkMassClear returns a *massClearError when clears exceed the share of
// known contacts the options allow.
func (o options) checkMassClear(clears, known int) error {
	if o.allowMassClear || known == 0 || clears*100 <= known*o.maxClear {
		return nil
	}
	return &massClearError{clears: clears, known: known, maxPercent: o.maxClear}
}
