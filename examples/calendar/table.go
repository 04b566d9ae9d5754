package main

import (
	"context"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
)

// row is one day of the table; main.go documents the columns.
type row struct {
	Date              calendar.Date
	IsBusinessDay     bool
	HolidayName       string
	BusinessDayNumber int
	NextBusinessDay   calendar.Date
}

// table computes the rows from..to of c, a year at a time, and hands each
// year's rows to emit, which must not keep the slice. It checks ctx between
// years, so a table of centuries stops promptly when cancelled.
func table(ctx context.Context, c *calendar.Calendar, from, to calendar.Date, emit func([]row) error) error {
	var rows []row
	number := 0
	for start := from; !start.After(to); {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := calendar.Date{Year: start.Year, Month: time.December, Day: 31}
		if to.Before(end) {
			end = to
		}
		names := make(map[calendar.Date]string)
		for _, h := range c.Holidays(start.Year) {
			names[h.Date] = h.Name
		}
		rows = rows[:0]
		for d := start; !d.After(end); d = d.AddDays(1) {
			r := row{Date: d, IsBusinessDay: c.IsBusinessDay(d)}
			if r.IsBusinessDay {
				number++
			} else if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				r.HolidayName = names[d]
			}
			r.BusinessDayNumber = number
			rows = append(rows, r)
		}
		// next_business_day, filled backwards from the first business day
		// after the chunk.
		next := c.NextBusinessDay(end)
		for i := len(rows) - 1; i >= 0; i-- {
			if rows[i].IsBusinessDay {
				next = rows[i].Date
			}
			rows[i].NextBusinessDay = next
		}
		if err := emit(rows); err != nil {
			return err
		}
		start = end.AddDays(1)
	}
	return nil
}
