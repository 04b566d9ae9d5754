package segment

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
)

func compileMessages(t *testing.T, err error) []string {
	t.Helper()
	var errs Errors
	require.ErrorAs(t, err, &errs)
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	return out
}

// TestCompileTypeErrors type-checks documents against the catalog and
// checks every message at once, with its JSON path.
func TestCompileTypeErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		doc  string
		want []string
	}{
		{"date trait with a number", `{"all":[{"trait":"cdp_reinvestable_amount","op":"gte","value":"1000"},{"trait":"cdp_next_expiry_date","op":"gt","value":"1000"}]}`,
			[]string{`all[1].value: "1000" is not a date (want YYYY-MM-DD)`}},
		{"malformed number", `{"all":[{"trait":"cdp_reinvestable_amount","op":"gte","value":"abc"}]}`,
			[]string{`all[0].value: "abc" is not a number`}},
		{"number with spaces", `{"trait":"cdp_balance","op":"eq","value":" 1"}`,
			[]string{`value: " 1" is not a number`}},
		{"unknown trait", `{"any":[{"trait":"cdp_nope","op":"exists"},{"trait":"cdp_email","op":"exists"}]}`,
			[]string{`any[0].trait: unknown trait "cdp_nope"`}},
		{"gt on bool", `{"trait":"cdp_email_opt_out","op":"gt","value":"true"}`,
			[]string{`op: operator "gt" does not apply to bool trait "cdp_email_opt_out"`}},
		{"bad bool", `{"trait":"cdp_email_opt_out","op":"eq","value":"yes"}`,
			[]string{`value: "yes" is not a bool (want true or false)`}},
		{"starts_with on a list", `{"trait":"cdp_tags","op":"starts_with","value":"v"}`,
			[]string{`op: operator "starts_with" does not apply to strings trait "cdp_tags"`}},
		{"window on a number", `{"trait":"cdp_balance","op":"within_next","days":2}`,
			[]string{`op: operator "within_next" does not apply to number trait "cdp_balance"`}},
		{"bad timestamp", `{"trait":"cdp_last_login_at","op":"lt","value":"2025-01-01"}`,
			[]string{`value: "2025-01-01" is not a timestamp (want RFC 3339, like 2025-01-02T15:04:05Z)`}},
		{"values each checked", `{"trait":"cdp_balance","op":"in","values":["1","x","2","y"]}`,
			[]string{`values[1]: "x" is not a number`, `values[3]: "y" is not a number`}},
		{"between reversed", `{"trait":"cdp_balance","op":"between","from":"10","to":"5"}`,
			[]string{`from "10" is after to "5"`}},
		{"between dates reversed", `{"not":{"trait":"cdp_next_expiry_date","op":"between","from":"2025-02-01","to":"2025-01-01"}}`,
			[]string{`not: from "2025-02-01" is after to "2025-01-01"`}},
		{"between timestamps reversed", `{"trait":"cdp_last_login_at","op":"between","from":"2025-02-01T00:00:00Z","to":"2025-01-01T00:00:00Z"}`,
			[]string{`from "2025-02-01T00:00:00Z" is after to "2025-01-01T00:00:00Z"`}},
		{"between bad bound", `{"trait":"cdp_balance","op":"between","from":"x","to":"5"}`,
			[]string{`from: "x" is not a number`}},
		{"case_insensitive on a number", `{"trait":"cdp_balance","op":"eq","value":"1","case_insensitive":true}`,
			[]string{`case_insensitive: does not apply to number trait "cdp_balance"`}},
		{"unknown calendar", `{"trait":"cdp_next_expiry_date","op":"within_next","days":2,"business_days":"nyse"}`,
			[]string{`business_days: unknown calendar "nyse" (want one of anbima, b3)`}},
		{"every error at once", `{"all":[{"trait":"x","op":"eq","value":"1"},{"any":[{"trait":"cdp_balance","op":"gte","value":"1,5"},{"trait":"cdp_next_expiry_date","op":"eq","value":"05/03/2025"}]},{"not":{"trait":"cdp_email","op":"lt","value":"a"}}]}`,
			[]string{
				`all[0].trait: unknown trait "x"`,
				`all[1].any[0].value: "1,5" is not a number`,
				`all[1].any[1].value: "05/03/2025" is not a date (want YYYY-MM-DD)`,
				`all[2].not.op: operator "lt" does not apply to string trait "cdp_email"`,
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			seg, err := Parse([]byte(tc.doc))
			require.NoError(t, err)
			_, err = Compile(seg, testCatalog, Options{AsOf: date("2025-03-01")})
			assert.Equal(t, tc.want, compileMessages(t, err))
		})
	}
}

func TestCompileErrorSentinels(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		seg      Segment
		opts     Options
		sentinel error
	}{
		{"unknown trait", Trait("nope").Exists(), Options{}, ErrUnknownTrait},
		{"type", Trait("cdp_balance").Eq("x"), Options{}, ErrType},
		{"calendar", Segment{Trait: &TraitCondition{Name: "cdp_next_expiry_date", Op: OpWithinNext, Days: 1, Calendar: "x"}}, Options{AsOf: date("2025-01-01")}, ErrUnknownCalendar},
		{"window without as-of", Trait("cdp_next_expiry_date").WithinNextDays(2), Options{}, ErrOptions},
		{"event window without as-of", Event("e").WithinDays(2).AtLeast(1), Options{}, ErrOptions},
		{"invalid as-of", Trait("cdp_email").Exists(), Options{AsOf: calendar.Date{Year: 2025, Month: 2, Day: 30}}, ErrOptions},
		{"float operand", Trait("cdp_balance").Gt(1.5), Options{}, ErrType},
		{"empty all", All(), Options{}, ErrInvalid},
		{"empty segment", Segment{}, Options{}, ErrInvalid},
		{"too deep", deepNot(MaxDepth), Options{}, ErrLimit},
		{"too many", All(manyLeaves(MaxNodes)...), Options{}, ErrLimit},
		{"too many properties", Event("e").Where(manyProps(MaxNodes)...).Happened(), Options{}, ErrLimit},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := Compile(tc.seg, testCatalog, tc.opts)
			assert.Nil(t, m)
			assert.ErrorIs(t, err, tc.sentinel)
		})
	}
}

func manyProps(n int) []PropertyCondition {
	out := make([]PropertyCondition, n)
	for i := range out {
		out[i] = Property("p").Exists()
	}
	return out
}

func deepNot(n int) Segment {
	s := Trait("cdp_email").Exists()
	for range n {
		s = Not(s)
	}
	return s
}

func manyLeaves(n int) []Segment {
	out := make([]Segment, n)
	for i := range out {
		out[i] = Trait("cdp_email").Exists()
	}
	return out
}

// TestCompileBuilderErrors checks that segments built in Go get the same
// path-named errors as documents.
func TestCompileBuilderErrors(t *testing.T) {
	t.Parallel()
	seg := All(
		Trait("cdp_reinvestable_amount").Gte(dec("1000")),
		Trait("cdp_next_expiry_date").Gte(dec("1000")),
		Trait("cdp_balance").Gt(1.5),
		Any(),
		Segment{Trait: &TraitCondition{Name: "cdp_balance", Op: "gtx"}},
		Segment{Trait: &TraitCondition{Name: "cdp_balance", Op: OpIn}},
		Segment{Trait: &TraitCondition{Name: "cdp_next_expiry_date", Op: OpWithinLast, Days: -1}},
		Segment{Trait: &TraitCondition{Name: " "}, Event: &EventCondition{}},
		Segment{Trait: &TraitCondition{Name: " "}},
		Event("app_opened").Where(Property("amount").Gt(2.5), Property("x").In()).AtLeast(-1),
		Segment{Event: &EventCondition{Name: "e", WithinDays: -2, From: "2025-01-01"}},
		Segment{Event: &EventCondition{Name: "e", From: "x", To: "2025-01-01", AtMost: ptr(-1),
			Where: []PropertyCondition{{Property: "p", Op: "nope"}, {Property: "p", Op: OpWithinNext}, {Property: "p", Op: OpGt, Value: "abc"}}}},
		Segment{Event: &EventCondition{Name: "e", From: "2025-02-01", To: "2025-01-01", AtLeast: ptr(3), AtMost: ptr(2)}},
		Segment{Event: &EventCondition{Name: "e", WithinDays: 40000}},
	)
	_, err := Compile(seg, testCatalog, Options{AsOf: date("2025-03-01")})
	assert.Equal(t, []string{
		`all[1].value: "1000" is not a date (want YYYY-MM-DD)`,
		`all[2].value: cannot use a Go value of type float64 as an operand`,
		`all[2].value: "" is not a number`,
		`all[3].any: needs at least one condition`,
		`all[4].op: unknown operator "gtx" (want one of eq, ne, gt, gte, lt, lte, between, in, not_in, contains, starts_with, ends_with, exists, missing, within_next, within_last)`,
		`all[5].values: needs at least one value`,
		`all[6].days: want a whole number from 0 to 36600, got -1`,
		`all[7]: condition has both "trait" and "event"`,
		`all[8].trait: must not be empty`,
		`all[9].at_least: want a whole number from 0 to 1000000000, got -1`,
		`all[9].where[0].value: cannot use a Go value of type float64 as an operand`,
		`all[9].where[0]: operands of operator "gt" fit no property kind`,
		`all[9].where[1].values: needs at least one value`,
		`all[10].from: not allowed with "within_days"`,
		`all[11].at_most: want a whole number from 0 to 1000000000, got -1`,
		`all[11].from: "x" is not a date (want YYYY-MM-DD)`,
		`all[11].where[0].op: unknown operator "nope" (want one of eq, ne, gt, gte, lt, lte, between, in, not_in, contains, starts_with, ends_with, exists, missing, within_next, within_last)`,
		`all[11].where[1].op: operator "within_next" does not apply to event properties`,
		`all[11].where[2]: operands of operator "gt" fit no property kind`,
		`all[12]: at_least 3 is greater than at_most 2`,
		`all[12]: from 2025-02-01 is after to 2025-01-01`,
		`all[13].within_days: want a whole number from 1 to 36600, got 40000`,
	}, compileMessages(t, err))
}

func ptr(n int) *int { return &n }

func TestCompileAsOfTimeDefault(t *testing.T) {
	t.Parallel()
	loc := time.FixedZone("BRT", -3*3600)
	seg := Event("app_opened").WithinDays(1).AtLeast(1)
	m := mustCompile(t, seg, testCatalog, Options{AsOf: date("2025-03-10"), Location: loc})
	at := func(s string) EventsByName {
		return GroupEvents(eventsAt("app_opened", s))
	}
	// The window is the 24 hours before midnight ending 2025-03-10 in BRT.
	assert.True(t, m.Match(nil, at("2025-03-10T00:00:01-03:00")))
	assert.True(t, m.Match(nil, at("2025-03-11T00:00:00-03:00")))
	assert.True(t, m.Match(nil, at("2025-03-10T12:00:00Z")))
	assert.False(t, m.Match(nil, at("2025-03-10T00:00:00-03:00")))
	assert.False(t, m.Match(nil, at("2025-03-11T00:00:01-03:00")))
}
