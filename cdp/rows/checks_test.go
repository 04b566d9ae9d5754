package rows_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp/rows"
)

var people = rows.MustSchema(
	rows.Column{Name: "user_id", Kind: rows.String, Required: true, MaxLen: 8},
	rows.Column{Name: "email", Kind: rows.String, PII: true},
	rows.Column{Name: "amount", Kind: rows.Decimal},
)

func TestHeaderProblems(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   string
		opts []rows.Option
		err  error
		msg  string
	}{
		{"empty", "", nil, rows.ErrHeader, "in.csv: line 1: bad header: empty file: want a header with user_id,email,amount"},
		{"semicolon", "user_id;email;amount\nu1;a@b.c;1,5\n", nil, rows.ErrHeader,
			"in.csv: line 1: bad header: the header looks semicolon-separated (Excel's default in Brazil): save the file with ',' separators, or read it with the Comma(';') option"},
		{"tab", "user_id\temail\tamount\n", nil, rows.ErrHeader,
			"in.csv: line 1: bad header: the header looks tab-separated: save the file with ',' separators, or read it with the Comma('\\t') option"},
		{"utf16 le bom", "\xff\xfeu\x00s\x00", nil, rows.ErrHeader,
			`in.csv: line 1: bad header: the file looks UTF-16 encoded (it starts with a UTF-16 byte-order mark): save it as UTF-8 (in Excel: "CSV UTF-8")`},
		{"utf16 be bom", "\xfe\xff\x00u\x00s", nil, rows.ErrHeader,
			`in.csv: line 1: bad header: the file looks UTF-16 encoded (it starts with a UTF-16 byte-order mark): save it as UTF-8 (in Excel: "CSV UTF-8")`},
		{"utf16 no bom", "u\x00s\x00e\x00r\x00", nil, rows.ErrHeader,
			`in.csv: line 1: bad header: the file looks UTF-16 encoded (it has NUL bytes, as UTF-16 text does): save it as UTF-8 (in Excel: "CSV UTF-8")`},
		{"latin1 header", "user_id,email,amount,descri\xe7\xe3o\n", nil, rows.ErrHeader,
			`in.csv: line 1: bad header: the header is not UTF-8: save the file as UTF-8 (in Excel: "CSV UTF-8")`},
		{"missing required", "email,amount\n", nil, rows.ErrMissingColumn, "in.csv: line 1, column user_id: missing column: the header has no such column"},
		{"case", "User_ID,Email,amount\n", nil, rows.ErrMissingColumn,
			"in.csv: line 1, column user_id: missing column: header \"User_ID\" differs from \"user_id\" only in case: rename it, or read with the FoldCase option\n" +
				"in.csv: line 1, column email: missing column: header \"Email\" differs from \"email\" only in case: rename it, or read with the FoldCase option"},
		{"duplicate", "user_id,amount,user_id\n", nil, rows.ErrHeader, "in.csv: line 1, column user_id: bad header: the column appears twice in the header"},
		{"bad quote", "user_id,\"email\n", nil, rows.ErrSyntax,
			"in.csv: line 1: bad syntax: extraneous or missing \" in quoted-field (a '\"' inside a field must be doubled, and the field quoted)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r, err := rows.NewCSV(strings.NewReader(c.in), "in.csv", people, c.opts...)
			assert.Nil(t, r)
			require.ErrorIs(t, err, c.err)
			assert.Equal(t, c.msg, err.Error())
			var e *rows.Error
			assert.ErrorAs(t, err, &e)
		})
	}
}

func TestHeaderAccepted(t *testing.T) {
	t.Parallel()
	want := [][]any{{"u1", "a@b.c", decimal.New(15, -1)}}
	cases := []struct {
		name string
		in   string
		opts []rows.Option
	}{
		{"bom", "\ufeffuser_id,email,amount\nu1,a@b.c,1.5\n", nil},
		{"any order and extra", "x,amount, email ,user_id\nq,1.5,a@b.c,u1\n", nil},
		{"fold case", "USER_ID,Email,Amount\r\nu1,a@b.c,1.5\r\n", []rows.Option{rows.FoldCase()}},
		{"semicolon option", "user_id;email;amount\nu1;a@b.c;1.5\n", []rows.Option{rows.Comma(';')}},
		{"quoted newline ignored column", "user_id,email,amount,note\nu1,a@b.c,1.5,\"two\nlines\"\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := csvRows(t, people, c.in, c.opts...)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
}

func TestBadRowsCSV(t *testing.T) {
	t.Parallel()
	in := "user_id,email,amount\n" +
		"u1,a@b.c,1.5\n" + // line 2 good
		"u-123456789,,\n" + // line 3 too long
		",\xff@b.c,\n" + // line 4 required empty, bad UTF-8 in a PII column
		"u4,ana@exemplo.com.br,abc\n" + // line 5 bad decimal
		"u5,x\n" + // line 6 field count
		"çãõéíúçãõ,,\n" + // line 7: 9 runes > 8
		"çãõéíúçã,,2\n" // line 8: 8 runes, 16 bytes: fine
	got, err := csvRows(t, people, in)
	assert.Equal(t, [][]any{{"u1", "a@b.c", decimal.New(15, -1)}, {"çãõéíúçã", nil, decimal.New(2, 0)}}, got)
	assert.Equal(t, []string{
		"in.csv: line 3, column user_id: has 11 characters, at most 8 are accepted",
		"in.csv: line 4, column email: not valid UTF-8 text (save the file as UTF-8)",
		"in.csv: line 4, column user_id: is required",
		"in.csv: line 5, column amount: invalid decimal \"abc\": want digits with an optional '.' and decimals, as in 1234.56",
		"in.csv: line 6: bad syntax: the line has 2 fields, the header has 3",
		"in.csv: line 7, column user_id: has 9 characters, at most 8 are accepted",
	}, errorList(err))
	for _, sentinel := range []error{rows.ErrTooLong, rows.ErrInvalidUTF8, rows.ErrRequired, rows.ErrInvalid, rows.ErrSyntax} {
		assert.ErrorIs(t, err, sentinel)
	}
	var es *rows.Errors
	require.ErrorAs(t, err, &es)
	assert.Equal(t, 5, es.Rows)
	assert.Equal(t, 0, es.More)
}

func TestPIINotQuoted(t *testing.T) {
	t.Parallel()
	s := rows.MustSchema(rows.Column{Name: "cpf", Kind: rows.Int, PII: true}, rows.Column{Name: "n", Kind: rows.Int})
	_, err := csvRows(t, s, "cpf,n\n123.456.789-09,12a\n")
	assert.Equal(t, []string{
		"in.csv: line 2, column cpf: invalid int (value not shown: personal data): want a whole number",
		`in.csv: line 2, column n: invalid int "12a": want a whole number in base 10`,
	}, errorList(err))
	assert.NotContains(t, err.Error(), "456")
}

func TestErrorCap(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("user_id,amount\n")
	for i := range 120 {
		fmt.Fprintf(&b, "u%d,1,5\n", i) // 3 fields: every line bad
	}
	r, err := rows.NewCSV(strings.NewReader(b.String()), "in.csv", people)
	require.NoError(t, err)
	got, err := readAll(t, r)
	assert.Empty(t, got)
	msgs := errorList(err)
	require.Len(t, msgs, 51)
	assert.Equal(t, "in.csv: line 2: bad syntax: the line has 3 fields, the header has 2", msgs[0])
	assert.Equal(t, "in.csv: line 51: bad syntax: the line has 3 fields, the header has 2", msgs[49])
	assert.Equal(t, "and 70 more errors", msgs[50])
	assert.Equal(t, rows.Stats{Rows: 120, Bad: 120}, r.Stats())

	_, err = csvRows(t, people, b.String(), rows.MaxErrors(2))
	assert.Equal(t, []string{
		"in.csv: line 2: bad syntax: the line has 3 fields, the header has 2",
		"in.csv: line 3: bad syntax: the line has 3 fields, the header has 2",
		"and 118 more errors",
	}, errorList(err))
}

func TestCSVRecordTooLong(t *testing.T) {
	t.Parallel()
	in := "user_id,amount\nu1,1\nu2," + strings.Repeat("9", 20000) + "\nu3,1\n"
	got, err := csvRows(t, people, in, rows.MaxLineBytes(1000))
	assert.Equal(t, [][]any{{"u1", nil, decimal.New(1, 0)}}, got)
	require.ErrorIs(t, err, rows.ErrLineTooLong)
	assert.Equal(t, []string{"in.csv: line 3: line too long: a record is longer than 1000 bytes"}, errorList(err))
}

func TestRejectByCaller(t *testing.T) {
	t.Parallel()
	r, err := rows.NewCSV(strings.NewReader("user_id\nu1\nu2\nu1\n"), "in.csv", people)
	require.NoError(t, err)
	seen := map[string]int{}
	var kept []string
	for r.Next(context.Background()) {
		row := r.Row()
		id := row.String(0)
		if first, dup := seen[id]; dup {
			r.Reject(0, fmt.Errorf("repeats line %d", first))
			continue
		}
		seen[id] = row.Pos().Line
		kept = append(kept, id)
	}
	assert.Equal(t, []string{"u1", "u2"}, kept)
	assert.Equal(t, []string{"in.csv: line 4, column user_id: repeats line 2"}, errorList(r.Err()))
	assert.Equal(t, rows.Stats{Rows: 3, Bad: 1}, r.Stats())
}

func TestContextCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var b strings.Builder
	b.WriteString("user_id\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "u%d\n", i)
	}
	r, err := rows.NewCSV(strings.NewReader(b.String()), "in.csv", people)
	require.NoError(t, err)
	n := 0
	for r.Next(ctx) {
		n++
		if n == 10 {
			cancel()
		}
	}
	assert.Equal(t, 1024, n, "the context is checked every 1,024 records")
	assert.ErrorIs(t, r.Err(), context.Canceled)
	assert.False(t, r.Next(ctx), "a stopped reader stays stopped")
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

func TestReadErrorPassedOn(t *testing.T) {
	t.Parallel()
	boom := errors.New("disk on fire")
	_, err := rows.NewCSV(failingReader{boom}, "in.csv", people)
	assert.ErrorIs(t, err, boom)
	r, err := rows.NewNDJSON(failingReader{boom}, "in.ndjson", people)
	assert.Nil(t, r)
	assert.ErrorIs(t, err, boom)
}

func TestOptionsAndSchemaValidated(t *testing.T) {
	t.Parallel()
	for _, o := range []rows.Option{rows.MaxErrors(0), rows.MaxLineBytes(10), rows.Comma('"'), nil} {
		_, err := rows.NewCSV(strings.NewReader("user_id\n"), "x", people, o)
		assert.Error(t, err)
	}
	for _, cols := range [][]rows.Column{
		nil,
		{{Name: "", Kind: rows.String}},
		{{Name: " a", Kind: rows.String}},
		{{Name: "a", Kind: 0}},
		{{Name: "a", Kind: rows.Int, MaxLen: 3}},
		{{Name: "a", Kind: rows.String, MaxLen: -1}},
		{{Name: "a", Kind: rows.String}, {Name: "A", Kind: rows.Int}},
	} {
		_, err := rows.NewSchema(cols...)
		assert.Error(t, err, "%v", cols)
	}
	assert.Equal(t, 1, people.Index("email"))
	assert.Equal(t, -1, people.Index("Email"))
	assert.Equal(t, "Kind(9)", rows.Kind(9).String())
}
