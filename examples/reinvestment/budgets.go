package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/warrenbrasil/customerdata/hubspot"
)

// tiers maps the -tier names to HubSpot's published budgets.
var tiers = map[string]func() hubspot.Limits{
	"free":           hubspot.FreeLimits,
	"starter":        hubspot.FreeLimits,
	"professional":   hubspot.ProfessionalLimits,
	"enterprise":     hubspot.EnterpriseLimits,
	"limit-increase": hubspot.LimitIncreaseLimits,
}

func tierNames() []string {
	names := make([]string, 0, len(tiers))
	for n := range tiers {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// tierLimits returns the three budgets (per 10 s, search per second, daily)
// of a tier.
func tierLimits(name string) (hubspot.Limits, error) {
	f, ok := tiers[strings.ToLower(name)]
	if !ok {
		return hubspot.Limits{}, fmt.Errorf("-tier %q: want one of %s", name, strings.Join(tierNames(), ", "))
	}
	return f(), nil
}

// limits are the budgets this process paces the client to: the tier's, with
// -requests-per-10s overriding the per-10-s one.
func (o options) limits() hubspot.Limits {
	l, _ := tierLimits(o.tier) // checked when the flags were parsed
	if o.perTenSeconds > 0 {
		l.PerInterval = o.perTenSeconds
	}
	return l
}
