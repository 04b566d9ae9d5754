package cdp

import (
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
)

// gen builds random values, traits and profiles from a small space so that
// ties (same time, same source, equal values) are frequent.
type gen struct{ r *rand.Rand }

func newGen(seed uint64) gen { return gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))} }

var (
	genSources = []string{"crm", "app", "backoffice", "zeta", "alpha", ""}
	genNames   = []string{"age", "city", "balance", "segment", "birthday", "last_login", "vip"}
	genStrings = []string{"", "a", "b", "ab", "São Paulo", "z"}
	genZones   = []*time.Location{time.UTC, time.FixedZone("BRT", -3*3600), time.FixedZone("", 3600)}
)

func (g gen) value() Value {
	switch g.r.IntN(7) {
	case 0:
		return StringValue(genStrings[g.r.IntN(len(genStrings))])
	case 1:
		// Same value at different scales: 1, 1.0, 1.00, 10e-1...
		return NumberValue(decimal.New(int64(g.r.IntN(3))*int64(pow10(g.r.IntN(3))), -int32(g.r.IntN(3))))
	case 2:
		return BoolValue(g.r.IntN(2) == 0)
	case 3:
		return DateValue(calendar.Date{Year: 2025, Month: time.Month(1 + g.r.IntN(2)), Day: 1 + g.r.IntN(3)})
	case 4:
		return TimestampValue(g.time())
	case 5:
		n := g.r.IntN(3)
		ss := make([]string, n)
		for i := range ss {
			ss[i] = genStrings[g.r.IntN(len(genStrings))]
		}
		return StringsValue(ss...)
	}
	return Value{}
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

// time returns one of a few instants, in one of a few locations.
func (g gen) time() time.Time {
	base := time.Date(2025, 6, 23, 12, 0, 0, 0, time.UTC)
	return base.Add(time.Duration(g.r.IntN(3)) * time.Hour).In(genZones[g.r.IntN(len(genZones))])
}

func (g gen) trait() Trait {
	return Trait{Value: g.value(), ObservedAt: g.time(), Source: genSources[g.r.IntN(len(genSources))]}
}

func (g gen) profile() Profile {
	p := Profile{ID: []string{"", "p1", "p2", "p3"}[g.r.IntN(4)]}
	types := []IdentifierType{Email, CPF, "device_id"}
	for range g.r.IntN(4) {
		p.Identifiers = append(p.Identifiers, Identifier{Type: types[g.r.IntN(len(types))], Value: []string{"x", "y", "z"}[g.r.IntN(3)]})
	}
	for range g.r.IntN(5) {
		p.Set(genNames[g.r.IntN(len(genNames))], g.trait())
	}
	return p
}

func calendarDate(y int, m time.Month, d int) calendar.Date {
	return calendar.Date{Year: y, Month: m, Day: d}
}
