package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
)

func d(s string) calendar.Date { return calendar.MustParseDate(s) }

// runOK runs the program and requires exit status 0.
func runOK(t *testing.T, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	require.Equal(t, exitOK, code, "calendar %v: %s", args, stderr.String())
	return stdout.Bytes()
}

// parseCSV reads the program's CSV back into rows.
func parseCSV(t *testing.T, data []byte) []row {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	require.Equal(t, header, recs[0])
	rows := make([]row, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		biz, err := strconv.ParseBool(rec[1])
		require.NoError(t, err, "%v", rec)
		num, err := strconv.Atoi(rec[3])
		require.NoError(t, err, "%v", rec)
		rows = append(rows, row{Date: d(rec[0]), IsBusinessDay: biz, HolidayName: rec[2], BusinessDayNumber: num, NextBusinessDay: d(rec[4])})
	}
	return rows
}

// readParquet reads a Parquet table back with parquet-go.
func readParquet(t *testing.T, path string) []row {
	t.Helper()
	prs, err := parquet.ReadFile[parquetRow](path)
	require.NoError(t, err)
	rows := make([]row, len(prs))
	for i, p := range prs {
		rows[i] = row{
			Date:              calendar.DateFromEpochDays(int(p.Date)),
			IsBusinessDay:     p.IsBusinessDay,
			HolidayName:       p.HolidayName,
			BusinessDayNumber: int(p.BusinessDayNumber),
			NextBusinessDay:   calendar.DateFromEpochDays(int(p.NextBusinessDay)),
		}
	}
	return rows
}

// checkAgainstCalendar checks every row against the calendar's own answers.
func checkAgainstCalendar(t *testing.T, c *calendar.Calendar, from, to calendar.Date, rows []row) {
	t.Helper()
	require.Len(t, rows, c.BusinessDaysBetween(from, from)+to.DaysSinceEpoch()-from.DaysSinceEpoch()+1, "one row per day")
	dayBefore := from.AddDays(-1)
	for i, r := range rows {
		day := from.AddDays(i)
		name, isHoliday := c.Holiday(day)
		weekend := day.Weekday() == 0 || day.Weekday() == 6
		wantName := ""
		if isHoliday && !weekend {
			wantName = name
		}
		want := row{
			Date:              day,
			IsBusinessDay:     c.IsBusinessDay(day),
			HolidayName:       wantName,
			BusinessDayNumber: c.BusinessDaysBetween(dayBefore, day),
			NextBusinessDay:   c.Adjust(day, calendar.Following),
		}
		if r != want {
			require.Equal(t, want, r, "%s row %d", c.Name(), i)
		}
		if !want.IsBusinessDay && !weekend {
			require.NotEmpty(t, r.HolidayName, "%s: a weekday closed for no named reason", day)
		}
	}
}

func TestTableAgreesWithCalendar(t *testing.T) {
	ranges := []struct{ from, to string }{
		{"1995-01-01", "2030-12-31"}, // inside the index, 36 years
		{"2096-03-15", "2106-02-10"}, // across the index's end
		{"9990-01-01", "9999-12-30"}, // the far future
	}
	for _, name := range []string{"anbima", "b3"} {
		c := map[string]*calendar.Calendar{"anbima": calendar.ANBIMA(), "b3": calendar.B3()}[name]
		for _, rg := range ranges {
			t.Run(fmt.Sprintf("%s/%s..%s", name, rg.from, rg.to), func(t *testing.T) {
				t.Parallel()
				out := filepath.Join(t.TempDir(), "table.parquet")
				csvRows := parseCSV(t, runOK(t, "-calendar", name, "-from", rg.from, "-to", rg.to))
				runOK(t, "-calendar", name, "-from", rg.from, "-to", rg.to, "-format", "parquet", "-out", out)
				pqRows := readParquet(t, out)

				checkAgainstCalendar(t, c, d(rg.from), d(rg.to), csvRows)
				assert.Equal(t, csvRows, pqRows, "CSV and Parquet hold the same table")
			})
		}
	}
}

func TestCSVFileEqualsStdout(t *testing.T) {
	out := filepath.Join(t.TempDir(), "t.csv")
	stdout := runOK(t, "-from", "2025-02-27", "-to", "2025-03-10")
	runOK(t, "-from", "2025-02-27", "-to", "2025-03-10", "-out", out)
	file, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, stdout, file)
	assert.Equal(t, `date,is_business_day,holiday_name,business_day_number,next_business_day
2025-02-27,true,,1,2025-02-27
2025-02-28,true,,2,2025-02-28
2025-03-01,false,,2,2025-03-05
2025-03-02,false,,2,2025-03-05
2025-03-03,false,Carnaval (segunda-feira),2,2025-03-05
2025-03-04,false,Carnaval (terça-feira),2,2025-03-05
2025-03-05,true,,3,2025-03-05
2025-03-06,true,,4,2025-03-06
2025-03-07,true,,5,2025-03-07
2025-03-08,false,,5,2025-03-10
2025-03-09,false,,5,2025-03-10
2025-03-10,true,,6,2025-03-10
`, string(stdout))
}

func TestParquetSchema(t *testing.T) {
	out := filepath.Join(t.TempDir(), "t.parquet")
	runOK(t, "-from", "2025-01-01", "-to", "2025-01-31", "-format", "parquet", "-out", out)
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	st, err := f.Stat()
	require.NoError(t, err)
	pf, err := parquet.OpenFile(f, st.Size())
	require.NoError(t, err)

	type column struct{ Name, Physical, Logical string }
	var got []column
	for _, fl := range pf.Schema().Fields() {
		logical := ""
		if lt := fl.Type().LogicalType(); lt != nil {
			logical = lt.String()
		}
		got = append(got, column{fl.Name(), fl.Type().Kind().String(), logical})
	}
	assert.Equal(t, []column{
		{"date", "INT32", "DATE"},
		{"is_business_day", "BOOLEAN", ""},
		{"holiday_name", "BYTE_ARRAY", "STRING"},
		{"business_day_number", "INT32", "INT(32,true)"},
		{"next_business_day", "INT32", "DATE"},
	}, got)
	assert.Equal(t, int64(31), pf.NumRows())
}

func TestBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // a phrase the message must contain
	}{
		{"no dates", nil, "-from is required"},
		{"no -to", []string{"-from", "2025-01-01"}, "-to is required"},
		{"bad date", []string{"-from", "01/02/2025", "-to", "2025-12-31"}, `-from "01/02/2025": want YYYY-MM-DD`},
		{"impossible date", []string{"-from", "2025-02-30", "-to", "2025-12-31"}, "day 30 out of range"},
		{"reversed range", []string{"-from", "2025-12-31", "-to", "2025-01-01"}, "-to 2025-01-01 is before -from 2025-12-31"},
		{"unknown calendar", []string{"-calendar", "nyse", "-from", "2025-01-01", "-to", "2025-12-31"}, `unknown -calendar "nyse"`},
		{"unknown format", []string{"-format", "json", "-from", "2025-01-01", "-to", "2025-12-31"}, `unknown -format "json"`},
		{"parquet to stdout", []string{"-format", "parquet", "-from", "2025-01-01", "-to", "2025-12-31"}, "-format parquet needs -out FILE"},
		{"stray argument", []string{"-from", "2025-01-01", "-to", "2025-12-31", "extra"}, `unexpected argument "extra"`},
		{"unknown flag", []string{"-form", "2025-01-01"}, "flag provided but not defined: -form"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tc.args, &stdout, &stderr)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr.String(), tc.want)
			assert.Empty(t, stdout.String(), "nothing written on a usage error")
		})
	}
}

func TestHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, exitOK, run(context.Background(), []string{"-h"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "Usage: calendar -from YYYY-MM-DD -to YYYY-MM-DD")
}

func TestRuntimeErrors(t *testing.T) {
	t.Run("cancelled run removes the partial file", func(t *testing.T) {
		for _, format := range []string{"csv", "parquet"} {
			out := filepath.Join(t.TempDir(), "t."+format)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stdout, stderr bytes.Buffer
			code := run(ctx, []string{"-from", "2000-01-01", "-to", "2099-12-31", "-format", format, "-out", out}, &stdout, &stderr)
			assert.Equal(t, exitError, code, format)
			assert.Contains(t, stderr.String(), "context canceled", format)
			assert.NoFileExists(t, out, format)
		}
	})
	t.Run("unwritable output", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		out := filepath.Join(t.TempDir(), "missing-dir", "t.csv")
		code := run(context.Background(), []string{"-from", "2025-01-01", "-to", "2025-01-31", "-out", out}, &stdout, &stderr)
		assert.Equal(t, exitError, code)
		assert.Contains(t, stderr.String(), "no such file or directory")
	})
}
