package calendar_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // America/Sao_Paulo on machines without a zone database

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
)

func TestParseDate(t *testing.T) {
	valid := []struct {
		in   string
		want calendar.Date
	}{
		{"2025-03-01", calendar.Date{Year: 2025, Month: time.March, Day: 1}},
		{"2024-02-29", calendar.Date{Year: 2024, Month: time.February, Day: 29}},
		{"2000-02-29", calendar.Date{Year: 2000, Month: time.February, Day: 29}},
		{"1999-12-31", calendar.Date{Year: 1999, Month: time.December, Day: 31}},
		{"0001-01-01", calendar.Date{Year: 1, Month: time.January, Day: 1}},
		{"9999-12-31", calendar.Date{Year: 9999, Month: time.December, Day: 31}},
	}
	for _, tc := range valid {
		t.Run(tc.in, func(t *testing.T) {
			got, err := calendar.ParseDate(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.in, got.String())
		})
	}

	invalid := []struct {
		in     string
		reason string
	}{
		{"", "want YYYY-MM-DD"},
		{"2025-3-01", "want YYYY-MM-DD"},
		{"2025/03/01", "want YYYY-MM-DD"},
		{"2025-03-01T00:00:00Z", "want YYYY-MM-DD"},
		{" 2025-03-01", "want YYYY-MM-DD"},
		{"2025-03-1 ", "want YYYY-MM-DD"},
		{"20a5-03-01", "want YYYY-MM-DD"},
		{"+025-03-01", "want YYYY-MM-DD"},
		{"2025-+3-01", "want YYYY-MM-DD"},
		{"2025-13-01", "month 13 out of range"},
		{"2025-00-10", "month 0 out of range"},
		{"2025-01-00", "day 0 out of range for 2025-01"},
		{"2023-02-29", "day 29 out of range for 2023-02"},
		{"1900-02-29", "day 29 out of range for 1900-02"},
		{"2025-04-31", "day 31 out of range for 2025-04"},
		{"2025-12-32", "day 32 out of range for 2025-12"},
	}
	for _, tc := range invalid {
		t.Run("invalid "+strconv.Quote(tc.in), func(t *testing.T) {
			got, err := calendar.ParseDate(tc.in)
			var pe *calendar.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, &calendar.ParseError{Input: tc.in, Reason: tc.reason}, pe)
			assert.Contains(t, err.Error(), strconv.Quote(tc.in), "the error quotes the input")
			assert.Equal(t, calendar.Date{}, got)
		})
	}
}

func TestMustParseDate(t *testing.T) {
	assert.Equal(t, calendar.Date{Year: 2025, Month: 6, Day: 9}, calendar.MustParseDate("2025-06-09"))
	assert.Panics(t, func() { calendar.MustParseDate("2025-06-31") })
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-03-01", "2024-02-29", "2023-02-29", "0000-00-00", "9999-12-31",
		"2025-13-01", "", "abcd-ef-gh", "2025-03-01T00:00:00Z", "-001-01-01", "2025-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := calendar.ParseDate(s)
		if err != nil {
			var pe *calendar.ParseError
			if !errors.As(err, &pe) || pe.Input != s {
				t.Fatalf("ParseDate(%q): error %v is not a *ParseError quoting the input", s, err)
			}
			if d != (calendar.Date{}) {
				t.Fatalf("ParseDate(%q) failed but returned %v", s, d)
			}
			return
		}
		if !d.IsValid() {
			t.Fatalf("ParseDate(%q) = %#v, not a valid date", s, d)
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		// The same string through the standard library agrees (years 0000–9999).
		tt, terr := time.Parse(calendar.Layout, s)
		if terr != nil || calendar.DateOf(tt) != d {
			t.Fatalf("time.Parse(%q) = %v, %v; ParseDate = %v", s, tt, terr, d)
		}
	})
}

func TestDateTextAndJSONRoundTrip(t *testing.T) {
	type doc struct {
		Maturity calendar.Date  `json:"maturity"`
		Next     *calendar.Date `json:"next"`
	}
	next := calendar.Date{Year: 2026, Month: 2, Day: 18}
	in := doc{Maturity: calendar.Date{Year: 2025, Month: 3, Day: 1}, Next: &next}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"maturity":"2025-03-01","next":"2026-02-18"}`, string(b))
	var out doc
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)

	text, err := in.Maturity.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "2025-03-01", string(text))
	var back calendar.Date
	require.NoError(t, back.UnmarshalText(text))
	assert.Equal(t, in.Maturity, back)

	// A map keyed by Date uses the text form.
	mb, err := json.Marshal(map[calendar.Date]int{in.Maturity: 1})
	require.NoError(t, err)
	assert.JSONEq(t, `{"2025-03-01":1}`, string(mb))
}

func TestDateUnmarshalErrors(t *testing.T) {
	var out struct {
		D calendar.Date `json:"d"`
	}
	err := json.Unmarshal([]byte(`{"d":"2025-02-30"}`), &out)
	var pe *calendar.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "2025-02-30", pe.Input)

	err = json.Unmarshal([]byte(`{"d":20250301}`), &out)
	var te *json.UnmarshalTypeError
	assert.ErrorAs(t, err, &te)

	var d calendar.Date
	err = d.UnmarshalText([]byte("nope"))
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, calendar.Date{}, d, "a failed unmarshal leaves the date unchanged")
}

func TestDateString(t *testing.T) {
	tests := []struct {
		d    calendar.Date
		want string
	}{
		{calendar.Date{Year: 2025, Month: 3, Day: 1}, "2025-03-01"},
		{calendar.Date{Year: 987, Month: 12, Day: 31}, "0987-12-31"},
		{calendar.Date{}, "0000-00-00"},
		{calendar.Date{Year: 12345, Month: 1, Day: 2}, "12345-01-02"},
		{calendar.Date{Year: -1, Month: 1, Day: 2}, "-001-01-02"},
		{calendar.Date{Year: 2025, Month: 100, Day: 5}, "2025-100-05"},
		{calendar.Date{Year: 2025, Month: 1, Day: -5}, "2025-01--5"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.d.String())
			assert.Equal(t, "x"+tc.want, string(tc.d.AppendFormat([]byte("x"))))
		})
	}
}

func TestDateValidity(t *testing.T) {
	assert.True(t, calendar.Date{}.IsZero())
	assert.False(t, calendar.Date{}.IsValid())
	assert.False(t, calendar.Date{Year: 2025, Month: 1, Day: 1}.IsZero())
	assert.True(t, calendar.Date{Year: 2024, Month: 2, Day: 29}.IsValid())
	assert.False(t, calendar.Date{Year: 2025, Month: 2, Day: 29}.IsValid())
	assert.False(t, calendar.Date{Year: 2025, Month: 13, Day: 1}.IsValid())
	assert.False(t, calendar.Date{Year: 2025, Month: 4, Day: 31}.IsValid())
}

// TestEpochDaysEveryDay checks DaysSinceEpoch, DateFromEpochDays, AddDays and
// Weekday against time.Date for every day from 1900 to 2200.
func TestEpochDaysEveryDay(t *testing.T) {
	end := time.Date(2201, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for day := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); day.Before(end); day = day.AddDate(0, 0, 1) {
		want := int(day.Unix() / 86400)
		d := dateOf(day)
		if got := d.DaysSinceEpoch(); got != want {
			t.Fatalf("%s.DaysSinceEpoch() = %d, want %d", d, got, want)
		}
		if got := calendar.DateFromEpochDays(want); got != d {
			t.Fatalf("DateFromEpochDays(%d) = %v, want %v", want, got, d)
		}
		if got := d.Weekday(); got != day.Weekday() {
			t.Fatalf("%s.Weekday() = %v, want %v", d, got, day.Weekday())
		}
		if got, want := d.AddDays(1), dateOf(day.AddDate(0, 0, 1)); got != want {
			t.Fatalf("%s.AddDays(1) = %v, want %v", d, got, want)
		}
		n++
	}
	assert.Equal(t, 301*365+73, n, "days checked") // 301 years, 73 of them leap
}

func TestEpochDaysFarDates(t *testing.T) {
	for _, s := range []string{"0001-01-01", "0400-02-29", "1582-10-15", "1969-12-31", "1970-01-01", "9999-12-31"} {
		t.Run(s, func(t *testing.T) {
			d := d(s)
			day := utc(d)
			// Seconds divide exactly: midnight UTC.
			assert.Equal(t, int(day.Unix()/86400), d.DaysSinceEpoch())
			assert.Equal(t, d, calendar.DateFromEpochDays(d.DaysSinceEpoch()))
			assert.Equal(t, day.Weekday(), d.Weekday())
		})
	}
	assert.Equal(t, d("2025-12-31"), d("2026-03-01").AddDays(-60))
	assert.Equal(t, d("2024-02-29"), d("2023-12-31").AddDays(60))
	for _, far := range []calendar.Date{{Year: -1, Month: 1, Day: 2}, {Year: -400, Month: 2, Day: 29}, {Year: 12345, Month: 6, Day: 7}} {
		day := utc(far)
		assert.Equal(t, int(day.Unix()/86400), far.DaysSinceEpoch(), "%v", far)
		assert.Equal(t, far, calendar.DateFromEpochDays(far.DaysSinceEpoch()), "%v", far)
		assert.Equal(t, day.Weekday(), far.Weekday(), "%v", far)
	}
}

func TestDateCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2025-03-01", "2025-03-01", 0},
		{"2025-03-01", "2025-03-02", -1},
		{"2025-03-02", "2025-03-01", 1},
		{"2025-02-28", "2025-03-01", -1},
		{"2025-12-31", "2024-12-31", 1},
		{"2024-12-31", "2025-01-01", -1},
	}
	for _, tc := range tests {
		t.Run(tc.a+" vs "+tc.b, func(t *testing.T) {
			a, b := d(tc.a), d(tc.b)
			assert.Equal(t, tc.want, a.Compare(b))
			assert.Equal(t, -tc.want, b.Compare(a))
			assert.Equal(t, tc.want < 0, a.Before(b))
			assert.Equal(t, tc.want > 0, a.After(b))
			assert.Equal(t, utc(a).Compare(utc(b)), a.Compare(b), "agrees with time.Time")
		})
	}
}

func TestDateOfAndTime(t *testing.T) {
	sp, err := calendar.SaoPaulo()
	require.NoError(t, err)

	// 2025-12-25 01:00 UTC is 2025-12-24 22:00 in São Paulo: one instant, two dates.
	instant := time.Date(2025, 12, 25, 1, 0, 0, 0, time.UTC)
	inUTC, inSP := calendar.DateOf(instant), calendar.DateOf(instant.In(sp))
	assert.Equal(t, d("2025-12-25"), inUTC)
	assert.Equal(t, d("2025-12-24"), inSP)
	assert.False(t, calendar.ANBIMA().IsBusinessDay(inUTC), "Christmas")
	assert.True(t, calendar.ANBIMA().IsBusinessDay(inSP), "Christmas Eve")

	// Just after midnight in São Paulo is still the day before in no zone west of it.
	early := time.Date(2026, 1, 1, 0, 30, 0, 0, sp)
	assert.Equal(t, d("2026-01-01"), calendar.DateOf(early))
	assert.Equal(t, d("2026-01-01"), calendar.DateOf(early.UTC()))
	assert.Equal(t, d("2025-12-31"), calendar.DateOf(early.In(time.FixedZone("UTC-4", -4*3600))))

	assert.Equal(t, time.Date(2025, 3, 1, 0, 0, 0, 0, sp), d("2025-03-01").Time(sp))
	assert.Equal(t, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), d("2025-03-01").Time(nil))
}

func TestToday(t *testing.T) {
	sp, err := calendar.SaoPaulo()
	require.NoError(t, err)
	for _, loc := range []*time.Location{nil, time.UTC, sp, time.FixedZone("UTC+14", 14*3600)} {
		name := "nil"
		if loc != nil {
			name = loc.String()
		}
		t.Run(name, func(t *testing.T) {
			want := loc
			if want == nil {
				want = time.UTC
			}
			before := calendar.DateOf(time.Now().In(want))
			got := calendar.Today(loc)
			after := calendar.DateOf(time.Now().In(want))
			// Midnight may pass between the readings; the answer is one of them.
			assert.True(t, got == before || got == after, "Today(%s) = %v, want %v or %v", name, got, before, after)
		})
	}
}

func TestLayoutIsTheStringForm(t *testing.T) {
	day := time.Date(2025, 3, 1, 15, 4, 5, 0, time.UTC)
	assert.Equal(t, day.Format(calendar.Layout), calendar.DateOf(day).String())
	assert.False(t, strings.ContainsAny(calendar.Layout, "T:"))
}
