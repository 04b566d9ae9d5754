package segment_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/segment"
)

var catalog = segment.Catalog{
	"cdp_reinvestable_amount": {Kind: cdp.KindNumber, Description: "amount free to reinvest"},
	"cdp_next_expiry_date":    {Kind: cdp.KindDate, Description: "next maturity"},
	"cdp_email_opt_out":       {Kind: cdp.KindBool, Description: "opted out of e-mail"},
}

func customer(id, amount, expiry string) *cdp.Profile {
	p := &cdp.Profile{ID: id}
	p.Set("cdp_reinvestable_amount", cdp.Trait{Value: cdp.NumberValue(decimal.RequireFromString(amount))})
	p.Set("cdp_next_expiry_date", cdp.Trait{Value: cdp.DateValue(calendar.MustParseDate(expiry))})
	return p
}

// A segment built in Go, compiled against the catalog for an as-of date,
// matched and explained.
func Example() {
	seg := segment.All(
		segment.Trait("cdp_reinvestable_amount").Gte(decimal.RequireFromString("1000")),
		segment.Trait("cdp_next_expiry_date").WithinBusinessDays(calendar.ANBIMA(), 2),
	)
	fmt.Println(seg)

	// Thursday before Carnival 2025: Mon 03-03 and Tue 03-04 are holidays,
	// so two business days reach Wednesday 03-05.
	m, err := segment.Compile(seg, catalog, segment.Options{AsOf: calendar.MustParseDate("2025-02-27")})
	if err != nil {
		fmt.Println(err)
		return
	}
	ana := customer("ana", "1234.56", "2025-03-01") // Saturday, paid Wednesday
	bia := customer("bia", "5000", "2025-03-06")    // third business day
	fmt.Println("ana:", m.Match(ana, nil))
	fmt.Println("bia:", m.Match(bia, nil))
	fmt.Println(m.Explain(bia, nil))
	// Output:
	// reinvestable amount ≥ 1000 and next expiry within 2 business days (ANBIMA)
	// ana: true
	// bia: false
	// ✗ all of
	//   ✓ reinvestable amount ≥ 1000 (seen 5000)
	//   ✗ next expiry within 2 business days (ANBIMA) (seen 2025-03-06)
}

// The JSON form: every problem is reported at once, with its path.
func ExampleParse() {
	_, err := segment.Parse([]byte(`{"all":[
		{"trait":"cdp_reinvestable_amount","op":"gte","value":"1000"},
		{"trait":"cdp_next_expiry_date","op":"gtx","value":"2025-03-05"},
		{"any":[]}
	]}`))
	fmt.Println(err)

	seg, err := segment.Parse([]byte(`{"all":[
		{"trait":"cdp_reinvestable_amount","op":"gte","value":"1,000"},
		{"trait":"cdp_next_expiry_date","op":"within_next","days":2,"business_days":"anbima"},
		{"trait":"cdp_email_opt_out","op":"eq","value":"no"}
	]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = segment.Compile(seg, catalog, segment.Options{AsOf: calendar.MustParseDate("2025-02-27")})
	fmt.Println(err)
	// Output:
	// all[1].op: unknown operator "gtx" (want one of eq, ne, gt, gte, lt, lte, between, in, not_in, contains, starts_with, ends_with, exists, missing, within_next, within_last)
	// all[2].any: needs at least one condition
	// all[0].value: "1,000" is not a number
	// all[2].value: "no" is not a bool (want true or false)
}

// Marshalling gives back the canonical document.
func ExampleSegment_MarshalJSON() {
	seg := segment.Any(
		segment.Event("app_opened").WithinDays(30).AtLeast(3),
		segment.Not(segment.Trait("cdp_email_opt_out").Eq(true)),
	)
	data, _ := seg.MarshalJSON()
	fmt.Println(string(data))
	fmt.Println(seg)
	// Output:
	// {"any":[{"event":"app_opened","at_least":3,"within_days":30},{"not":{"trait":"cdp_email_opt_out","op":"eq","value":"true"}}]}
	// app opened at least 3 times in the last 30 days or not email opt out = true
}

// Evaluate a population, then sync only the changes.
func ExampleDiff() {
	m, _ := segment.Compile(segment.Trait("cdp_reinvestable_amount").Gte("1000"), catalog, segment.Options{})
	profiles := []cdp.Profile{
		*customer("c3", "2500", "2025-03-01"),
		*customer("c1", "999.99", "2025-03-01"),
		*customer("c2", "1000.00", "2025-03-01"),
	}
	members, _ := segment.Evaluate(context.Background(), m, segment.Profiles(profiles), segment.EvaluateOptions{Parallelism: 2})
	fmt.Println(members)
	d := segment.Diff([]string{"c1", "c3"}, members)
	fmt.Printf("entered %v, exited %v, stayed %v\n", d.Entered, d.Exited, d.Stayed)
	// Output:
	// [c2 c3]
	// entered [c2], exited [c1], stayed [c3]
}

// Event conditions read a profile's events through an Events view.
func ExampleEvent() {
	seg := segment.Event("app_opened").
		Where(segment.Property("platform").IgnoreCase().Eq("ios")).
		WithinDays(30).
		AtLeast(2)
	m, _ := segment.Compile(seg, catalog, segment.Options{AsOfTime: time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC)})
	opened := func(day int, platform string) cdp.Event {
		return cdp.Event{Name: "app_opened", Time: time.Date(2025, 3, day, 9, 0, 0, 0, time.UTC),
			Properties: map[string]cdp.Value{"platform": cdp.StringValue(platform)}}
	}
	events := segment.GroupEvents([]cdp.Event{opened(10, "iOS"), opened(20, "android"), opened(30, "IOS")})
	fmt.Println(seg)
	fmt.Println(m.Match(nil, events))
	fmt.Println(strings.TrimPrefix(m.Explain(nil, events).String(), "✓ "))
	// Output:
	// app opened (where platform = "ios" (ignoring case)) at least 2 times in the last 30 days
	// true
	// app opened (where platform = "ios" (ignoring case)) at least 2 times in the last 30 days (seen 2 matching events)
}
