package rows_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp/rows"
)

var observations = rows.MustSchema(
	rows.Column{Name: "source", Kind: rows.String, Required: true},
	rows.Column{Name: "observed_at", Kind: rows.Timestamp, Required: true},
	rows.Column{Name: "identifiers.email", Kind: rows.String, PII: true, MaxLen: 20},
	rows.Column{Name: "amount", Kind: rows.Decimal},
	rows.Column{Name: "n", Kind: rows.Int},
	rows.Column{Name: "ok", Kind: rows.Bool},
)

func TestNDJSONGood(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 2, 13, 13, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		in   string
		want []any
	}{
		{"nested key and extras", `{"source":"crm","observed_at":"2026-02-13T10:00:00-03:00","identifiers":{"email":"a@b.c","cpf":"1"},"other":[1,{"x":2}]}`,
			[]any{"crm", at, "a@b.c", nil, nil, nil}},
		{"exact decimal number", `{"source":"crm","observed_at":"2026-02-13T13:00:00Z","amount":12345678901234567890.123456789}`,
			[]any{"crm", at, nil, decimal.RequireFromString("12345678901234567890.123456789"), nil, nil}},
		{"decimal with exponent", `{"source":"crm","observed_at":"2026-02-13T13:00:00Z","amount":1.5e3}`,
			[]any{"crm", at, nil, decimal.New(15, 2), nil, nil}},
		{"decimal and int as strings", `{"source":"crm","observed_at":"2026-02-13T13:00:00Z","amount":" 0.10 ","n":"7"}`,
			[]any{"crm", at, nil, decimal.New(10, -2), int64(7), nil}},
		{"numbers, bool, null", `{"source":"crm","observed_at":"2026-02-13T13:00:00Z","n":-3,"ok":true,"identifiers":{"email":null}}`,
			[]any{"crm", at, nil, nil, int64(-3), true}},
		{"number into string", `{"source":12,"observed_at":"2026-02-13T13:00:00Z"}`,
			[]any{"12", at, nil, nil, nil, nil}},
		{"bom and blank lines", "\ufeff\n  \n" + `{"source":"crm","observed_at":"2026-02-13T13:00:00Z"}` + "\r\n\n",
			[]any{"crm", at, nil, nil, nil, nil}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := ndjsonRows(t, observations, c.in)
			require.NoError(t, err)
			assert.Equal(t, [][]any{c.want}, got)
		})
	}
}

func TestNDJSONBad(t *testing.T) {
	t.Parallel()
	ok := `"source":"crm","observed_at":"2026-02-13T13:00:00Z"`
	cases := []struct {
		name string
		line string
		err  error
		msg  []string
	}{
		{"not json", `{"source":`, rows.ErrSyntax, []string{"in.ndjson: line 1: bad syntax: bad JSON: unexpected EOF"}},
		{"not an object", `["crm"]`, rows.ErrSyntax, []string{"in.ndjson: line 1: bad syntax: want a JSON object on each line"}},
		{"two values", `{` + ok + `} {}`, rows.ErrSyntax, []string{"in.ndjson: line 1: bad syntax: more than one JSON value on the line"}},
		{"missing required", `{"source":"crm"}`, rows.ErrRequired, []string{"in.ndjson: line 1, column observed_at: is required"}},
		{"empty required", `{"source":"  ","observed_at":"2026-02-13T13:00:00Z"}`, rows.ErrRequired, []string{"in.ndjson: line 1, column source: is required"}},
		{"float into int", `{` + ok + `,"n":1.5}`, rows.ErrInvalid, []string{`in.ndjson: line 1, column n: invalid int "1.5": want a whole number`}},
		{"number into timestamp", `{"source":"crm","observed_at":1700000000}`, rows.ErrInvalid,
			[]string{`in.ndjson: line 1, column observed_at: invalid timestamp "1700000000": want a JSON string, not a number`}},
		{"bool into string", `{` + ok + `,"identifiers":{"email":true}}`, rows.ErrInvalid,
			[]string{"in.ndjson: line 1, column identifiers.email: invalid string (value not shown: personal data): want a JSON string, not true or false"}},
		{"object into column", `{` + ok + `,"amount":{"v":1}}`, rows.ErrInvalid,
			[]string{`in.ndjson: line 1, column amount: invalid decimal "{…}": want a string or a number, not an object`}},
		{"list into column", `{` + ok + `,"n":[1]}`, rows.ErrInvalid,
			[]string{`in.ndjson: line 1, column n: invalid int "[…]": want a string or a number, not a list`}},
		{"repeated key", `{` + ok + `,"n":1,"n":2}`, rows.ErrSyntax, []string{"in.ndjson: line 1, column n: bad syntax: the key appears twice on the line"}},
		{"case", `{"Source":"crm","observed_at":"2026-02-13T13:00:00Z"}`, rows.ErrMissingColumn,
			[]string{`in.ndjson: line 1, column source: missing column: key "Source" differs from "source" only in case: rename it, or read with the FoldCase option`}},
		{"invalid utf8 in column", `{` + ok + ",\"identifiers\":{\"email\":\"a\xff@b.c\"}}", rows.ErrInvalidUTF8,
			[]string{"in.ndjson: line 1, column identifiers.email: not valid UTF-8 text (save the file as UTF-8)"}},
		{"invalid utf8 elsewhere", `{` + ok + ",\"note\":\"\xff\"}", rows.ErrInvalidUTF8,
			[]string{"in.ndjson: line 1: the line is not valid UTF-8 (save the file as UTF-8)"}},
		{"too long", `{` + ok + `,"identifiers":{"email":"abcdefghij@abcdefghij.com"}}`, rows.ErrTooLong,
			[]string{"in.ndjson: line 1, column identifiers.email: has 25 characters, at most 20 are accepted"}},
		{"decimal comma string", `{` + ok + `,"amount":"1,5"}`, rows.ErrInvalid,
			[]string{`in.ndjson: line 1, column amount: invalid decimal "1,5": use '.' for the decimal point and no thousands separator, as in 1234.56 (a decimal comma like 1.234,56 is not accepted)`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := ndjsonRows(t, observations, c.line+"\n")
			assert.Empty(t, got)
			require.ErrorIs(t, err, c.err)
			assert.Equal(t, c.msg, errorList(err))
		})
	}
}

func TestNDJSONFoldCase(t *testing.T) {
	t.Parallel()
	got, err := ndjsonRows(t, observations, `{"SOURCE":"crm","Observed_At":"2026-02-13T13:00:00Z"}`, rows.FoldCase())
	require.NoError(t, err)
	assert.Equal(t, [][]any{{"crm", time.Date(2026, 2, 13, 13, 0, 0, 0, time.UTC), nil, nil, nil, nil}}, got)
}

func TestNDJSONLineTooLongGoesOn(t *testing.T) {
	t.Parallel()
	good := `{"source":"crm","observed_at":"2026-02-13T13:00:00Z"}`
	long := `{"source":"` + strings.Repeat("x", 200_000) + `","observed_at":"2026-02-13T13:00:00Z"}`
	got, err := ndjsonRows(t, observations, good+"\n"+long+"\n"+good+"\n"+long, rows.MaxLineBytes(1000))
	assert.Len(t, got, 2)
	require.ErrorIs(t, err, rows.ErrLineTooLong)
	assert.Equal(t, []string{
		"in.ndjson: line 2: line too long: the line is longer than 1000 bytes",
		"in.ndjson: line 4: line too long: the line is longer than 1000 bytes",
	}, errorList(err))

	exact := `{"source":"` + strings.Repeat("x", 1000-len(good)+len("crm")) + `","observed_at":"2026-02-13T13:00:00Z"}`
	require.Len(t, exact, 1000)
	got, err = ndjsonRows(t, observations, exact+"\n"+exact, rows.MaxLineBytes(1000))
	require.NoError(t, err)
	assert.Len(t, got, 2)
	got, err = ndjsonRows(t, observations, exact+"x", rows.MaxLineBytes(1000))
	assert.Empty(t, got)
	assert.ErrorIs(t, err, rows.ErrLineTooLong)
	got, err = ndjsonRows(t, observations, exact+"\r\n"+exact+"x\r\n"+exact+"\r\n", rows.MaxLineBytes(1000))
	assert.Len(t, got, 2, "the line ending is not counted")
	assert.Equal(t, []string{"in.ndjson: line 2: line too long: the line is longer than 1000 bytes"}, errorList(err))
}

func TestNDJSONUTF16(t *testing.T) {
	t.Parallel()
	_, err := rows.NewNDJSON(strings.NewReader("\xff\xfe{\x00"), "in.ndjson", observations)
	require.ErrorIs(t, err, rows.ErrHeader)
	assert.Equal(t, `in.ndjson: line 1: bad header: the file looks UTF-16 encoded (it starts with a UTF-16 byte-order mark): save it as UTF-8 (in Excel: "CSV UTF-8")`, err.Error())
}
