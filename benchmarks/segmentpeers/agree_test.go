package segmentpeers

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEnginesAgree checks that the three engines compute the same predicate,
// so that the benchmarks compare equal work.
func TestEnginesAgree(t *testing.T) {
	cases := []struct {
		name string
		c    customer
		want bool
	}{
		{"member", member, true},
		{"non-member: city", nonMember, false},
		{"member: RJ", customer{Plan: "gold", Balance: "2500.50", Active: true, City: "RJ"}, true},
		{"balance exactly 1000.00", customer{Plan: "gold", Balance: "1000.00", Active: true, City: "SP"}, true},
		{"balance 999.99", customer{Plan: "gold", Balance: "999.99", Active: true, City: "SP"}, false},
		{"plan", customer{Plan: "silver", Balance: "2500.50", Active: true, City: "SP"}, false},
		{"inactive", customer{Plan: "gold", Balance: "2500.50", Active: false, City: "SP"}, false},
	}
	e := compile(t)
	engines := []struct {
		name  string
		match func(*input) bool
	}{
		{"segment", e.matchSegment},
		{"expr-map", e.matchExprMap},
		{"expr-struct", e.matchExprStruct},
		{"cel", e.matchCEL},
	}
	for _, eng := range engines {
		var got, want []bool
		for _, tc := range cases {
			got = append(got, eng.match(tc.c.input(t)))
			want = append(want, tc.want)
		}
		assert.Equal(t, want, got, eng.name)
	}
}
