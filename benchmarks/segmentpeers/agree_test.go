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
	cs := make([]customer, len(cases))
	for i, tc := range cases {
		cs[i] = tc.c
	}
	for _, e := range engines(t, cs...) {
		got := make([]bool, len(cases))
		want := make([]bool, len(cases))
		for i, tc := range cases {
			got[i], want[i] = e.match(i), tc.want
		}
		assert.Equal(t, want, got, e.name)
	}
}
