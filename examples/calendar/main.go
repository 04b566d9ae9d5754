// Command calendar writes the business-day table of a Brazilian calendar
// (ANBIMA or B3) for a range of dates, one row per day, as CSV or Parquet, so
// that a SQL engine (Spark, Databricks, DuckDB) can do business-day
// arithmetic with joins and subtractions and get the same answers as the
// calendar package.
//
// Usage:
//
//	calendar -from 2020-01-01 -to 2035-12-31 [-calendar anbima|b3] [-format csv|parquet] [-out FILE]
//
//	go run ./examples/calendar -from 2025-01-01 -to 2025-12-31 > anbima-2025.csv
//	go run ./examples/calendar -calendar b3 -from 2000-01-01 -to 2099-12-31 -format parquet -out b3.parquet
//
// Columns, one row for every date from -from to -to inclusive:
//
//   - date: the day.
//   - is_business_day: true on a business day of the calendar.
//   - holiday_name: the name of the holiday that closes a weekday; empty on
//     business days and on every Saturday and Sunday (even when a holiday
//     falls on one), so it is non-empty exactly on the weekdays lost to a
//     holiday.
//   - business_day_number: the number of business days d with
//     -from <= d <= date. It grows by one on each business day and stays
//     flat over non-business days, so the business days in (a, b] — the
//     package's BusinessDaysBetween(a, b) — are number(b) - number(a).
//   - next_business_day: the first business day on or after date: date
//     itself on a business day, else the next business day, which may lie
//     after -to. It is the day a maturity on date is paid (Following).
//
// CSV has a header line, dates as YYYY-MM-DD and booleans as true/false; it
// goes to standard output unless -out names a file. Parquet (-out required)
// stores date and next_business_day as INT32 with the DATE logical type,
// is_business_day as BOOLEAN, holiday_name as a UTF-8 string and
// business_day_number as INT32, Snappy-compressed.
//
// Dates are written YYYY-MM-DD, so the table can reach 9999-12-31. In B3,
// whose 31 December is a closure, next_business_day of the last days of 9999
// lies in year 10000, which CSV writes with five digits.
//
// Exit status: 0 on success, 1 when writing fails or the run is interrupted
// (a partly written -out file is removed), 2 for bad flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/warrenbrasil/customerdata/calendar"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is the validated command line.
type config struct {
	cal      *calendar.Calendar
	from, to calendar.Date
	format   string // "csv" or "parquet"
	out      string // "" for standard output
}

// usageError is a bad command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// run is the whole program, with its inputs and outputs passed in; it
// returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if ue := (*usageError)(nil); errors.As(err, &ue) {
		fmt.Fprintf(stderr, "calendar: %v\nRun 'calendar -h' for usage.\n", ue)
		return exitUsage
	}
	if err != nil { // the flag package has already printed it with the usage
		return exitUsage
	}
	if err := write(ctx, cfg, stdout); err != nil {
		fmt.Fprintf(stderr, "calendar: %v\n", err)
		return exitError
	}
	return exitOK
}

// parseFlags reads and checks the command line.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("calendar", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("calendar", "anbima", "the `calendar`: anbima (fixed-income dias úteis) or b3 (exchange trading days)")
	from := fs.String("from", "", "first `date` of the table, YYYY-MM-DD (required)")
	to := fs.String("to", "", "last `date` of the table, YYYY-MM-DD, inclusive (required)")
	format := fs.String("format", "csv", "output `format`: csv or parquet")
	out := fs.String("out", "", "output `file`; empty writes CSV to standard output (parquet needs a file)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: calendar -from YYYY-MM-DD -to YYYY-MM-DD [-calendar anbima|b3] [-format csv|parquet] [-out FILE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, usagef("unexpected argument %q (all options are flags)", fs.Arg(0))
	}

	var cfg config
	switch strings.ToLower(*name) {
	case "anbima":
		cfg.cal = calendar.ANBIMA()
	case "b3":
		cfg.cal = calendar.B3()
	default:
		return config{}, usagef("unknown -calendar %q: want anbima or b3", *name)
	}
	var err error
	if cfg.from, err = parseDateFlag("from", *from); err != nil {
		return config{}, err
	}
	if cfg.to, err = parseDateFlag("to", *to); err != nil {
		return config{}, err
	}
	if cfg.to.Before(cfg.from) {
		return config{}, usagef("-to %s is before -from %s", cfg.to, cfg.from)
	}
	cfg.format = strings.ToLower(*format)
	switch cfg.format {
	case "csv":
	case "parquet":
		if *out == "" {
			return config{}, usagef("-format parquet needs -out FILE")
		}
	default:
		return config{}, usagef("unknown -format %q: want csv or parquet", *format)
	}
	cfg.out = *out
	return cfg, nil
}

func parseDateFlag(name, value string) (calendar.Date, error) {
	if value == "" {
		return calendar.Date{}, usagef("-%s is required (YYYY-MM-DD)", name)
	}
	d, err := calendar.ParseDate(value)
	if err != nil {
		var pe *calendar.ParseError
		if errors.As(err, &pe) {
			return calendar.Date{}, usagef("-%s %q: %s", name, pe.Input, pe.Reason)
		}
		return calendar.Date{}, usagef("-%s: %v", name, err)
	}
	return d, nil
}
