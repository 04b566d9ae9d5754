package segment

import (
	"testing"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

// benchSegment is the acceptance segment: two decimal comparisons, a string
// in-set and a business-day window.
func benchSegment() Segment {
	return All(
		Trait("cdp_reinvestable_amount").Gte(dec("1000")),
		Trait("cdp_balance").Lt(dec("5000000.00")),
		Trait("cdp_segment").In("private", "prime", "retail_plus"),
		Trait("cdp_next_expiry_date").WithinBusinessDays(calendar.ANBIMA(), 2),
	)
}

// benchProfiles returns a member (values with other exponents than the
// constants) and a non-member that fails only the last condition.
func benchProfiles() (in, out *cdp.Profile) {
	in = profile("in",
		"cdp_reinvestable_amount", cdp.NumberValue(dec("1234.56")),
		"cdp_balance", cdp.NumberValue(dec("250000.125")),
		"cdp_segment", cdp.StringValue("prime"),
		"cdp_next_expiry_date", cdp.DateValue(date("2025-03-01")),
		"cdp_email", cdp.StringValue("ana@example.com"),
		"cdp_tags", cdp.StringsValue("a", "b"),
	)
	out = profile("out",
		"cdp_reinvestable_amount", cdp.NumberValue(dec("1234.56")),
		"cdp_balance", cdp.NumberValue(dec("250000.125")),
		"cdp_segment", cdp.StringValue("prime"),
		"cdp_next_expiry_date", cdp.DateValue(date("2025-03-06")),
	)
	return in, out
}

func BenchmarkMatch(b *testing.B) {
	m := mustCompile(b, benchSegment(), testCatalog, Options{AsOf: date("2025-02-27")})
	in, out := benchProfiles()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := in
		if i&1 == 1 {
			p = out
		}
		if m.Match(p, nil) != (i&1 == 0) {
			b.Fatal("wrong result")
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	seg := benchSegment()
	opts := Options{AsOf: date("2025-02-27")}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(seg, testCatalog, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseCompile(b *testing.B) {
	doc := []byte(`{"all":[{"trait":"cdp_reinvestable_amount","op":"gte","value":"1000"},{"trait":"cdp_balance","op":"lt","value":"5000000.00"},{"trait":"cdp_segment","op":"in","values":["private","prime","retail_plus"]},{"trait":"cdp_next_expiry_date","op":"within_next","days":2,"business_days":"anbima"}]}`)
	opts := Options{AsOf: date("2025-02-27")}
	b.ReportAllocs()
	for b.Loop() {
		seg, err := Parse(doc)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Compile(seg, testCatalog, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvaluate(b *testing.B) {
	m := mustCompile(b, benchSegment(), testCatalog, Options{AsOf: date("2025-02-27")})
	in, out := benchProfiles()
	ps := make([]cdp.Profile, 10000)
	for i := range ps {
		if i%2 == 0 {
			ps[i] = *in
		} else {
			ps[i] = *out
		}
		ps[i].ID = itoa(i)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Evaluate(b.Context(), m, Profiles(ps), EvaluateOptions{Parallelism: 2}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatchPlainTraits is the predicate the peer benchmarks (module
// benchmarks/segmentpeers) compare with expr and cel-go: four conditions on
// plain string, number and bool traits, on a member and a non-member that
// fails only the last condition.
func BenchmarkMatchPlainTraits(b *testing.B) {
	cat := Catalog{"plan": {Kind: cdp.KindString}, "balance": {Kind: cdp.KindNumber},
		"active": {Kind: cdp.KindBool}, "city": {Kind: cdp.KindString}}
	m := mustCompile(b, All(
		Trait("plan").Eq("gold"),
		Trait("balance").Gte(dec("1000")),
		Trait("active").Eq(true),
		Trait("city").In("SP", "RJ"),
	), cat, Options{})
	in := profile("in", "plan", cdp.StringValue("gold"), "balance", cdp.NumberValue(dec("2500.50")),
		"active", cdp.BoolValue(true), "city", cdp.StringValue("SP"))
	out := profile("out", "plan", cdp.StringValue("gold"), "balance", cdp.NumberValue(dec("2500.50")),
		"active", cdp.BoolValue(true), "city", cdp.StringValue("MG"))
	ps := [2]*cdp.Profile{in, out}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if m.Match(ps[i&1], nil) != (i&1 == 0) {
			b.Fatal("wrong result")
		}
		i++
	}
}
