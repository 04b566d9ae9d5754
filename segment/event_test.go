package segment

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/warrenbrasil/customerdata/cdp"
)

// eventsAt returns one event named name at each RFC 3339 instant.
func eventsAt(name string, instants ...string) []cdp.Event {
	out := make([]cdp.Event, len(instants))
	for i, s := range instants {
		out[i] = cdp.Event{Name: name, Time: ts(s)}
	}
	return out
}

func withProps(e cdp.Event, kv ...any) cdp.Event {
	e.Properties = map[string]cdp.Value{}
	for i := 0; i < len(kv); i += 2 {
		e.Properties[kv[i].(string)] = kv[i+1].(cdp.Value)
	}
	return e
}

func TestEventConditions(t *testing.T) {
	t.Parallel()
	asOf := ts("2025-03-31T12:00:00Z")
	opened := eventsAt("app_opened",
		"2025-03-31T11:00:00Z", // in the last day
		"2025-03-20T10:00:00Z",
		"2025-03-02T13:00:00Z", // 29 days before as-of
		"2025-02-15T10:00:00Z", // older than 30 days
	)
	e := func(at string, kv ...any) cdp.Event {
		return withProps(cdp.Event{Name: "position_expired", Time: ts(at)}, kv...)
	}
	expired := []cdp.Event{
		e("2025-01-10T10:00:00Z", "product", cdp.StringValue("CDB"), "amount", cdp.NumberValue(dec("5000.00"))),
		e("2025-02-10T10:00:00Z", "product", cdp.StringValue("lci"), "amount", cdp.NumberValue(dec("1200"))),
		e("2025-03-10T10:00:00Z", "product", cdp.StringValue("LCA"), "amount", cdp.StringValue("n/a")),
		e("2025-03-31T02:00:00Z", "product", cdp.StringValue("CDB"), "tags", cdp.StringsValue("a", "b")),
	}
	events := GroupEvents(append(append([]cdp.Event{}, opened...), expired...))
	cases := []struct {
		name string
		seg  Segment
		ev   Events
		want bool
	}{
		{"3 in 30 days", Event("app_opened").WithinDays(30).AtLeast(3), events, true},
		{"4 in 30 days", Event("app_opened").WithinDays(30).AtLeast(4), events, false},
		{"4 ever", Event("app_opened").AtLeast(4), events, true},
		{"at most 1 in last day", Event("app_opened").WithinDays(1).AtMost(1), events, true},
		{"at most 2 in 30 days", Event("app_opened").WithinDays(30).AtMost(2), events, false},
		{"count 2..3", Event("app_opened").WithinDays(30).Count(2, 3), events, true},
		{"happened", Event("app_opened").Happened(), events, true},
		{"never happened", Event("logout").Happened(), events, false},
		{"at most 0 of an absent event", Event("logout").AtMost(0), events, true},
		{"nil events view", Event("app_opened").AtMost(0), nil, true},
		{"nil events view, at least 1", Event("app_opened").Happened(), nil, false},
		{"dates window", Event("app_opened").Between(date("2025-03-02"), date("2025-03-20")).Count(2, 2), events, true},
		{"where string eq", Event("position_expired").Where(Property("product").Eq("CDB")).Count(2, 2), events, true},
		{"where ci in", Event("position_expired").Where(Property("product").IgnoreCase().In("lci", "lca")).AtLeast(2), events, true},
		{"where number gte", Event("position_expired").Where(Property("amount").Gte("5000")).Count(1, 1), events, true},
		{"where number gte skips strings", Event("position_expired").Where(Property("amount").Gte("1000")).Count(2, 2), events, true},
		{"where string eq also compares text", Event("position_expired").Where(Property("amount").Eq("n/a")).Count(1, 1), events, true},
		{"where exists", Event("position_expired").Where(Property("amount").Exists()).Count(3, 3), events, true},
		{"where missing", Event("position_expired").Where(Property("amount").Missing()).Count(1, 1), events, true},
		{"where list contains", Event("position_expired").Where(Property("tags").Contains("b")).Count(1, 1), events, true},
		{"where starts/ends", Event("position_expired").Where(Property("product").StartsWith("L"), Property("product").EndsWith("A")).Count(1, 1), events, true},
		{"where ne needs presence", Event("position_expired").Where(Property("amount").Ne("1200")).Count(2, 2), events, true},
		{"where and window", Event("position_expired").Where(Property("product").Eq("CDB")).WithinDays(1).Count(1, 1), events, true},
		{"where absent property with comparison", Event("position_expired").Where(Property("nope").Eq("x")).AtMost(0), events, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := mustCompile(t, tc.seg, testCatalog, Options{AsOfTime: asOf})
			assert.Equal(t, tc.want, m.Match(nil, tc.ev), "%s", tc.seg)
			assert.Equal(t, tc.want, m.Explain(nil, tc.ev).Held, "explain agrees")
		})
	}
}

func TestEventDatesUseLocation(t *testing.T) {
	t.Parallel()
	loc := time.FixedZone("BRT", -3*3600)
	seg := Event("login").Between(date("2025-03-01"), date("2025-03-01")).Happened()
	// 02:00 UTC on Mar 2 is 23:00 on Mar 1 in BRT.
	ev := GroupEvents(eventsAt("login", "2025-03-02T02:00:00Z"))
	assert.True(t, mustCompile(t, seg, testCatalog, Options{Location: loc}).Match(nil, ev))
	assert.False(t, mustCompile(t, seg, testCatalog, Options{}).Match(nil, ev))

	open := Segment{Event: &EventCondition{Name: "login", From: "2025-03-02"}}
	assert.True(t, mustCompile(t, open, testCatalog, Options{}).Match(nil, ev), "from without to")
	until := Segment{Event: &EventCondition{Name: "login", To: "2025-03-01"}}
	assert.False(t, mustCompile(t, until, testCatalog, Options{}).Match(nil, ev), "to without from")
}
