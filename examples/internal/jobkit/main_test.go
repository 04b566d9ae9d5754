package jobkit

import (
	"os"
	"os/exec"
	"testing"

	"go.uber.org/goleak"
)

// helperEnv names the helper a re-executed test binary runs instead of the
// tests (see helper_unix_test.go).
const helperEnv = "JOBKIT_TEST_HELPER"

func TestMain(m *testing.M) {
	if name := os.Getenv(helperEnv); name != "" {
		os.Exit(runHelper(name, os.Getenv(helperEnv+"_ARG")))
	}
	goleak.VerifyTestMain(m)
}

// helperCommand returns a command that re-executes the test binary as the
// helper name with arg.
func helperCommand(t *testing.T, name, arg string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatalf("test binary: %v", err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+name, helperEnv+"_ARG="+arg)
	cmd.Stderr = os.Stderr
	return cmd
}
