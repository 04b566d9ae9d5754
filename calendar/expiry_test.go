package calendar_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/warrenbrasil/customerdata/calendar"
)

func TestExpiryCheck(t *testing.T) {
	anbima, b3 := calendar.ANBIMA(), calendar.B3()
	friday := d("2026-02-13") // the Friday before Carnival 2026 (16 and 17 February)
	tests := []struct {
		name     string
		det      calendar.ExpiryDetector
		asOf     calendar.Date
		maturity calendar.Date
		want     calendar.Expiry
	}{
		{"two business days ahead is due", calendar.ExpiryDetector{Calendar: anbima, Lead: 2}, friday, d("2026-02-19"),
			calendar.Expiry{Maturity: d("2026-02-19"), Effective: d("2026-02-19"), DaysLeft: 2, Due: true}},
		{"maturity on Carnival Monday is paid Wednesday", calendar.ExpiryDetector{Calendar: anbima, Lead: 2}, friday, d("2026-02-16"),
			calendar.Expiry{Maturity: d("2026-02-16"), Effective: d("2026-02-18"), DaysLeft: 1, Due: true}},
		{"three business days ahead is not due", calendar.ExpiryDetector{Calendar: anbima, Lead: 2}, friday, d("2026-02-20"),
			calendar.Expiry{Maturity: d("2026-02-20"), Effective: d("2026-02-20"), DaysLeft: 3, Due: false}},
		{"maturing today is not due", calendar.ExpiryDetector{Calendar: anbima, Lead: 2}, friday, friday,
			calendar.Expiry{Maturity: friday, Effective: friday, DaysLeft: 0, Due: false}},
		{"already paid", calendar.ExpiryDetector{Calendar: anbima, Lead: 2}, friday, d("2026-02-11"),
			calendar.Expiry{Maturity: d("2026-02-11"), Effective: d("2026-02-11"), DaysLeft: -2, Due: false}},
		{"nil calendar is ANBIMA", calendar.ExpiryDetector{Lead: 2}, friday, d("2026-02-16"),
			calendar.Expiry{Maturity: d("2026-02-16"), Effective: d("2026-02-18"), DaysLeft: 1, Due: true}},
		{"lead 0 makes nothing due", calendar.ExpiryDetector{Calendar: anbima}, friday, d("2026-02-18"),
			calendar.Expiry{Maturity: d("2026-02-18"), Effective: d("2026-02-18"), DaysLeft: 1, Due: false}},
		{"negative lead makes nothing due", calendar.ExpiryDetector{Lead: -3}, friday, d("2026-02-18"),
			calendar.Expiry{Maturity: d("2026-02-18"), Effective: d("2026-02-18"), DaysLeft: 1, Due: false}},
		{"ANBIMA counts Dec 24 and 31", calendar.ExpiryDetector{Calendar: anbima, Lead: 2}, d("2025-12-23"), d("2026-01-01"),
			calendar.Expiry{Maturity: d("2026-01-01"), Effective: d("2026-01-02"), DaysLeft: 6, Due: false}},
		{"B3 skips Dec 24 and 31", calendar.ExpiryDetector{Calendar: b3, Lead: 4}, d("2025-12-23"), d("2026-01-01"),
			calendar.Expiry{Maturity: d("2026-01-01"), Effective: d("2026-01-02"), DaysLeft: 4, Due: true}},
		{"Saturday maturity before Carnival 2025", calendar.ExpiryDetector{Lead: 2}, d("2025-02-27"), d("2025-03-01"),
			calendar.Expiry{Maturity: d("2025-03-01"), Effective: d("2025-03-05"), DaysLeft: 2, Due: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.det.Check(tc.asOf, tc.maturity))
		})
	}
}

type position struct {
	id       string
	maturity calendar.Date
}

func TestFilterDue(t *testing.T) {
	det := calendar.ExpiryDetector{Lead: 2}
	asOf := d("2026-02-13")
	items := []position{
		{"c", d("2026-02-19")}, // due, 2 left
		{"a", d("2026-03-31")}, // far
		{"b", d("2026-02-16")}, // Carnival Monday: paid 18th, due, 1 left
		{"d", d("2026-02-13")}, // today
		{"e", d("2026-02-18")}, // due, 1 left
	}
	got := calendar.FilterDue(det, asOf, items, func(p position) calendar.Date { return p.maturity })
	want := []calendar.Due[position]{
		{Item: items[0], Expiry: calendar.Expiry{Maturity: d("2026-02-19"), Effective: d("2026-02-19"), DaysLeft: 2, Due: true}},
		{Item: items[2], Expiry: calendar.Expiry{Maturity: d("2026-02-16"), Effective: d("2026-02-18"), DaysLeft: 1, Due: true}},
		{Item: items[4], Expiry: calendar.Expiry{Maturity: d("2026-02-18"), Effective: d("2026-02-18"), DaysLeft: 1, Due: true}},
	}
	assert.Equal(t, want, got, "due items in input order")

	assert.Nil(t, calendar.FilterDue(det, asOf, items, nil), "nil accessor")
	assert.Nil(t, calendar.FilterDue(det, asOf, nil, func(p position) calendar.Date { return p.maturity }))
	assert.Nil(t, calendar.FilterDue(det, d("2026-06-01"), items, func(p position) calendar.Date { return p.maturity }), "none due")
}
