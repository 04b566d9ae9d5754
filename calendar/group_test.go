package calendar_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/warrenbrasil/customerdata/calendar"
)

func TestFormatBR(t *testing.T) {
	cases := []struct {
		in   calendar.Date
		want string
	}{
		{calendar.MustParseDate("2026-02-16"), "16/02/2026"},
		{calendar.MustParseDate("0999-12-31"), "31/12/0999"},
		{calendar.Date{Year: 2026, Month: time.January, Day: 1}, "01/01/2026"},
		{calendar.Date{}, "00/00/0000"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.in.FormatBR(), tc.in.String())
	}
}

func TestDueGroups(t *testing.T) {
	det := calendar.ExpiryDetector{Calendar: calendar.ANBIMA(), Lead: 2}
	asOf := calendar.MustParseDate("2026-02-13") // Friday before Carnival
	type pos struct{ holder, id, maturity string }
	in := []pos{
		{"b", "b1", "2026-02-19"},
		{"a", "a2", "2026-02-19"},
		{"a", "a1", "2026-02-16"}, // Carnival Monday: paid Wed 18
		{"a", "a0", "2026-02-14"}, // Saturday: paid Wed 18, earlier maturity
		{"a", "a3", "2026-02-16"}, // same dates as a1: the tie-break orders them
	}
	var g calendar.DueGroups[string, pos]
	for _, p := range in {
		g.Add(p.holder, calendar.Due[pos]{Item: p, Expiry: det.Check(asOf, calendar.MustParseDate(p.maturity))})
	}
	assert.Equal(t, 2, g.Len())
	ids := func(tie func(a, b pos) int) []string {
		var out []string
		for _, grp := range g.Groups(tie) {
			var s []string
			for _, d := range grp.Items {
				s = append(s, d.Item.id)
			}
			out = append(out, grp.Key+" "+grp.Next().String()+" "+strings.Join(s, ","))
		}
		return out
	}
	byIDDesc := func(a, b pos) int { return strings.Compare(b.id, a.id) }
	assert.Equal(t, []string{"a 2026-02-18 a0,a3,a1,a2", "b 2026-02-19 b1"}, ids(byIDDesc))
	var empty calendar.DueGroups[int, pos]
	assert.Empty(t, empty.Groups(nil))
}

// Due positions grouped by holder, each group in payment order.
func ExampleDueGroups() {
	det := calendar.ExpiryDetector{Calendar: calendar.ANBIMA(), Lead: 2}
	asOf := calendar.MustParseDate("2026-02-13") // Friday before Carnival
	var g calendar.DueGroups[string, string]
	for _, p := range []struct{ holder, product, maturity string }{
		{"ana", "CDB Alfa", "2026-02-19"},
		{"bia", "LCI Beta", "2026-02-16"},
		{"ana", "CRI Delta", "2026-02-14"},
	} {
		if e := det.Check(asOf, calendar.MustParseDate(p.maturity)); e.Due {
			g.Add(p.holder, calendar.Due[string]{Item: p.product, Expiry: e})
		}
	}
	for _, grp := range g.Groups(strings.Compare) {
		fmt.Println(grp.Key, "first paid", grp.Next().FormatBR())
		for _, d := range grp.Items {
			fmt.Printf("  %s: vence em %s, pago em %s\n", d.Item, d.Expiry.Maturity.FormatBR(), d.Expiry.Effective.FormatBR())
		}
	}
	// Output:
	// ana first paid 18/02/2026
	//   CRI Delta: vence em 14/02/2026, pago em 18/02/2026
	//   CDB Alfa: vence em 19/02/2026, pago em 19/02/2026
	// bia first paid 18/02/2026
	//   LCI Beta: vence em 16/02/2026, pago em 18/02/2026
}
