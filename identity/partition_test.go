package identity

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

func TestPartitionPinned(t *testing.T) {
	t.Parallel()
	// Published FNV-1a 64 test vectors, modulo n: the values a job in
	// another language computes.
	tests := []struct {
		id   string
		n    int
		want int
	}{
		{"", 7, int(0xcbf29ce484222325 % 7)}, // the offset basis
		{"a", 1000, int(0xaf63dc4c8601ec8c % 1000)},
		{"foobar", 64, int(0x85944171f73967e8 % 64)},
		{"foobar", 1, 0},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Partition(tc.id, tc.n), "%q mod %d", tc.id, tc.n)
	}
	// Person IDs against the standard library's FNV-1a.
	for _, id := range []string{"u_d97becc1ec1e8e06", "c_0123456789abcdef", "e_ffffffffffffffff"} {
		h := fnv.New64a()
		h.Write([]byte(id))
		for _, n := range []int{2, 16, 200} {
			assert.Equal(t, int(h.Sum64()%uint64(n)), Partition(id, n), "%q mod %d", id, n)
		}
	}
}

func TestPartitionSpreadsPersonsEvenly(t *testing.T) {
	t.Parallel()
	const persons, n = 100000, 16
	counts := make([]int, n)
	for i := range persons {
		counts[Partition(CanonicalID(uid("u-"+strconv.Itoa(i))), n)]++
	}
	for p, c := range counts {
		assert.InDelta(t, persons/n, c, persons/n*0.05, "partition %d", p)
	}
}

func TestPartitionOfOnePersonIsOneTask(t *testing.T) {
	t.Parallel()
	g := newGraph(t, Config{}, obsAt(0, "s", uid("u-1"), email("ana@mail.com"), cpf("529.982.247-25")))
	var parts []int
	for p := range g.Persons() {
		for _, s := range p.Identifiers {
			pid, ok := g.Resolve(s.Identifier)
			require.True(t, ok)
			parts = append(parts, Partition(pid, 16))
		}
	}
	require.Len(t, parts, 3)
	assert.Equal(t, []int{parts[0], parts[0], parts[0]}, parts)
}

func TestPartitionPanicsOnBadN(t *testing.T) {
	t.Parallel()
	assert.Panics(t, func() { Partition("u_1", 0) })
	assert.Panics(t, func() { Partition("u_1", -3) })
}

func ExamplePartition() {
	g, _ := New(Config{})
	_ = g.Add(Observation{Source: "crm", ObservedAt: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), Identifiers: []cdp.Identifier{
		{Type: cdp.UserID, Value: "u-1"}, {Type: cdp.Email, Value: "ana@mail.com"},
	}})
	// Every identifier of a person resolves to one ID, so to one partition.
	for _, id := range []cdp.Identifier{{Type: cdp.Email, Value: "ana@mail.com"}, {Type: cdp.UserID, Value: "u-1"}} {
		pid, _ := g.Resolve(id)
		fmt.Println(pid, Partition(pid, 16))
	}
	// Output:
	// u_a8ae9346b4f3e606 0
	// u_a8ae9346b4f3e606 0
}
