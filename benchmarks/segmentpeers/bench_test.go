package segmentpeers

import "testing"

// BenchmarkPeers runs the same predicate on every engine, alternating a
// member and a non-member, so one op is one predicate evaluation.
func BenchmarkPeers(b *testing.B) {
	for _, e := range engines(b, member, nonMember) {
		b.Run(e.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if e.match(i&1) != (i&1 == 0) {
					b.Fatal("wrong result")
				}
				i++
			}
		})
	}
}
