package segmentpeers

import "testing"

// The benchmarks run the same predicate on every engine, alternating a
// member and a non-member, so one op is one predicate evaluation. Each loop
// calls its engine directly, with the same harness around it.

func BenchmarkPeers(b *testing.B) {
	e := compile(b)
	ins := [2]*input{member.input(b), nonMember.input(b)}
	b.Run("engine=segment", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if e.matchSegment(ins[i&1]) != (i&1 == 0) {
				b.Fatal("wrong result")
			}
			i++
		}
	})
	b.Run("engine=expr-map", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if e.matchExprMap(ins[i&1]) != (i&1 == 0) {
				b.Fatal("wrong result")
			}
			i++
		}
	})
	b.Run("engine=expr-struct", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if e.matchExprStruct(ins[i&1]) != (i&1 == 0) {
				b.Fatal("wrong result")
			}
			i++
		}
	})
	b.Run("engine=cel-go", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if e.matchCEL(ins[i&1]) != (i&1 == 0) {
				b.Fatal("wrong result")
			}
			i++
		}
	})
}
