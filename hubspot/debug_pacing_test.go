package hubspot

import (
	"testing"
)

func TestDebugPacing(t *testing.T) {
	TestPacing(t)
}
