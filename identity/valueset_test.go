package identity

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValueSet(t *testing.T) {
	var members []string
	for i := range 300 {
		members = append(members, "v"+strconv.Itoa(i))
	}
	s := newValueSet(members)
	assert.Equal(t, 300, s.len())
	for _, v := range members {
		assert.True(t, s.contains(v), v)
	}
	// The filter lets some non-members through to the map; the map still
	// says no.
	for i := 300; i < 20000; i++ {
		v := "v" + strconv.Itoa(i)
		if s.contains(v) {
			t.Fatalf("%s reported as a member", v)
		}
	}
	assert.False(t, s.contains(""))

	var empty valueSet
	assert.Equal(t, 0, empty.len())
	assert.False(t, empty.contains("v1"))
	empty = newValueSet(nil)
	assert.False(t, empty.contains(""))
}
