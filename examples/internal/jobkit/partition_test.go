package jobkit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePartition(t *testing.T) {
	for in, want := range map[string]Partition{"0/1": {0, 1}, "2/3": {2, 3}} {
		got, err := ParsePartition(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	for _, in := range []string{"3/3", "-1/3", "1/0", "1", "a/b", "1/2/3"} {
		_, err := ParsePartition(in)
		assert.Error(t, err, in)
	}
}
