package calendar_test

import (
	"fmt"

	"github.com/warrenbrasil/customerdata/calendar"
)

// Two business days before a maturity that falls on the Saturday before
// Carnival 2025.
func Example() {
	anbima := calendar.ANBIMA()
	maturity := calendar.MustParseDate("2025-03-01") // Saturday

	paid := anbima.Adjust(maturity, calendar.Following)
	notify := anbima.AddBusinessDays(maturity, -2)
	fmt.Println("paid on:  ", paid, paid.Weekday())
	fmt.Println("notify on:", notify, notify.Weekday())

	for _, day := range []string{"2025-03-03", "2025-03-04"} {
		name, _ := anbima.Holiday(calendar.MustParseDate(day))
		fmt.Println(day, name)
	}
	fmt.Println("business days in (2025-02-28, 2025-03-05]:",
		anbima.BusinessDaysBetween(calendar.MustParseDate("2025-02-28"), paid))
	// Output:
	// paid on:   2025-03-05 Wednesday
	// notify on: 2025-02-27 Thursday
	// 2025-03-03 Carnaval (segunda-feira)
	// 2025-03-04 Carnaval (terça-feira)
	// business days in (2025-02-28, 2025-03-05]: 1
}

func ExampleFilterDue() {
	type position struct {
		ID       string
		Maturity calendar.Date
	}
	positions := []position{
		{"CDB-1", calendar.MustParseDate("2026-02-16")}, // Carnival Monday
		{"LCI-2", calendar.MustParseDate("2026-03-31")},
		{"CDB-3", calendar.MustParseDate("2026-02-19")},
	}
	det := calendar.ExpiryDetector{Calendar: calendar.ANBIMA(), Lead: 2}
	asOf := calendar.MustParseDate("2026-02-13") // Friday before Carnival

	for _, due := range calendar.FilterDue(det, asOf, positions, func(p position) calendar.Date { return p.Maturity }) {
		fmt.Printf("%s matures %s, paid %s, %d business day(s) left\n",
			due.Item.ID, due.Expiry.Maturity, due.Expiry.Effective, due.Expiry.DaysLeft)
	}
	// Output:
	// CDB-1 matures 2026-02-16, paid 2026-02-18, 1 business day(s) left
	// CDB-3 matures 2026-02-19, paid 2026-02-19, 2 business day(s) left
}

func ExampleCalendar_BusinessDaysBetween() {
	anbima, b3 := calendar.ANBIMA(), calendar.B3()
	from, to := calendar.MustParseDate("2025-12-23"), calendar.MustParseDate("2026-01-02")
	fmt.Println("ANBIMA:", anbima.BusinessDaysBetween(from, to))
	fmt.Println("B3:    ", b3.BusinessDaysBetween(from, to))
	fmt.Println("back:  ", anbima.BusinessDaysBetween(to, from))
	// Output:
	// ANBIMA: 6
	// B3:     4
	// back:   -6
}

// The maturities due within two business days of the Friday before
// Carnival 2026, as a range for a query, and a "no maturity" sentinel.
func ExampleExpiryDetector_Window() {
	det := calendar.ExpiryDetector{Calendar: calendar.ANBIMA(), Lead: 2}
	asOf := calendar.MustParseDate("2026-02-13")
	first, last, _ := det.Window(asOf)
	fmt.Println("due if maturity in", first, "..", last)

	never := det.Check(asOf, calendar.MustParseDate("9999-12-31"))
	fmt.Println("9999-12-31 due:", never.Due, "business days left:", never.DaysLeft)
	// Output:
	// due if maturity in 2026-02-14 .. 2026-02-19
	// 9999-12-31 due: false business days left: 1997248
}
