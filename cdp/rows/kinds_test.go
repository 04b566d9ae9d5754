package rows_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp/rows"
)

func TestKindsFromText(t *testing.T) {
	t.Parallel()
	type tc struct {
		name string
		kind rows.Kind
		in   string
		want any    // nil: unset
		err  error  // sentinel when bad
		msg  string // the whole message when bad
	}
	cases := []tc{
		{"string trimmed", rows.String, "  Ana Souza ", "Ana Souza", nil, ""},
		{"string empty unset", rows.String, "   ", nil, nil, ""},
		{"decimal", rows.Decimal, "1234.56", decimal.RequireFromString("1234.56"), nil, ""},
		{"decimal negative", rows.Decimal, "-0.50", decimal.New(-50, -2), nil, ""},
		{"decimal integer", rows.Decimal, "+1000", decimal.New(1000, 0), nil, ""},
		{"decimal long exact", rows.Decimal, "12345678901234567890.123456789", decimal.RequireFromString("12345678901234567890.123456789"), nil, ""},
		{"decimal comma", rows.Decimal, "1.234,56", nil, rows.ErrInvalid,
			`in.csv: line 2, column v: invalid decimal "1.234,56": use '.' for the decimal point and no thousands separator, as in 1234.56 (a decimal comma like 1.234,56 is not accepted)`},
		{"decimal exponent", rows.Decimal, "1E3", nil, rows.ErrInvalid,
			`in.csv: line 2, column v: invalid decimal "1E3": write the number in full, without an exponent, as in 1234.56`},
		{"decimal trailing dot", rows.Decimal, "12.", nil, rows.ErrInvalid,
			`in.csv: line 2, column v: invalid decimal "12.": want digits with an optional '.' and decimals, as in 1234.56`},
		{"decimal currency", rows.Decimal, "R$ 10", nil, rows.ErrInvalid,
			`in.csv: line 2, column v: invalid decimal "R$ 10": want digits with an optional '.' and decimals, as in 1234.56`},
		{"int", rows.Int, "-42", int64(-42), nil, ""},
		{"int fraction", rows.Int, "4.2", nil, rows.ErrInvalid, `in.csv: line 2, column v: invalid int "4.2": want a whole number`},
		{"int range", rows.Int, "99999999999999999999", nil, rows.ErrInvalid, `in.csv: line 2, column v: invalid int "99999999999999999999": out of the 64-bit range`},
		{"bool true", rows.Bool, "TRUE", true, nil, ""},
		{"bool zero", rows.Bool, "0", false, nil, ""},
		{"bool sim", rows.Bool, "sim", nil, rows.ErrInvalid, `in.csv: line 2, column v: invalid bool "sim": want true or false`},
		{"date", rows.Date, "2026-02-29", nil, rows.ErrInvalid, `in.csv: line 2, column v: invalid date "2026-02-29": day 29 out of range for 2026-02`},
		{"date ok", rows.Date, "2028-02-29", calendar.Date{Year: 2028, Month: time.February, Day: 29}, nil, ""},
		{"date brazilian", rows.Date, "13/02/2026", nil, rows.ErrInvalid, `in.csv: line 2, column v: invalid date "13/02/2026": write dates as YYYY-MM-DD (13/02/2026 is 2026-02-13)`},
		{"timestamp to UTC", rows.Timestamp, "2026-02-13T10:00:00.5-03:00", time.Date(2026, 2, 13, 13, 0, 0, 5e8, time.UTC), nil, ""},
		{"timestamp Z", rows.Timestamp, "2026-02-13T10:00:00Z", time.Date(2026, 2, 13, 10, 0, 0, 0, time.UTC), nil, ""},
		{"timestamp space", rows.Timestamp, "2026-02-13 10:00:00", nil, rows.ErrInvalid,
			`in.csv: line 2, column v: invalid timestamp "2026-02-13 10:00:00": want RFC 3339 with a 'T' between date and time and a zone, as in 2026-02-13T10:00:00-03:00`},
		{"timestamp no zone", rows.Timestamp, "2026-02-13T10:00:00", nil, rows.ErrInvalid,
			`in.csv: line 2, column v: invalid timestamp "2026-02-13T10:00:00": the time has no zone: add Z (UTC) or an offset such as -03:00`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := rows.MustSchema(rows.Column{Name: "id", Kind: rows.String}, rows.Column{Name: "v", Kind: c.kind})
			got, err := csvRows(t, s, "id,v\nr1,\""+c.in+"\"\n")
			if c.err != nil {
				require.ErrorIs(t, err, c.err)
				assert.Equal(t, []string{c.msg}, errorList(err))
				assert.Empty(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, [][]any{{"r1", c.want}}, got)
		})
	}
}

func TestTypedGetters(t *testing.T) {
	t.Parallel()
	s := rows.MustSchema(
		rows.Column{Name: "s", Kind: rows.String}, rows.Column{Name: "d", Kind: rows.Decimal},
		rows.Column{Name: "i", Kind: rows.Int}, rows.Column{Name: "b", Kind: rows.Bool},
		rows.Column{Name: "dt", Kind: rows.Date}, rows.Column{Name: "ts", Kind: rows.Timestamp},
	)
	row := rows.NewRow(s)
	row.Begin(rows.Pos{Source: "x", Line: 3})
	row.SetText(0, "a")
	row.SetText(1, "0.10")
	row.SetText(2, "7")
	row.SetText(3, "true")
	row.SetText(4, "2026-01-02")
	row.SetText(5, "2026-01-02T03:04:05+01:00")
	assert.Equal(t, "a", row.String(0))
	assert.Equal(t, "0.1", row.Decimal(1).String())
	assert.Equal(t, int64(7), row.Int(2))
	assert.True(t, row.Bool(3))
	assert.Equal(t, calendar.MustParseDate("2026-01-02"), row.Date(4))
	assert.Equal(t, time.Date(2026, 1, 2, 2, 4, 5, 0, time.UTC), row.Time(5))
	assert.Equal(t, rows.Pos{Source: "x", Line: 3}, row.Pos())
	assert.PanicsWithValue(t, "rows: column s is string, not decimal", func() { row.Decimal(0) })
}
