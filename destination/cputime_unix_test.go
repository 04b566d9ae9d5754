//go:build unix

package destination

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system) this process used so far,
// so benchmarks can report cost per record independent of how much of the
// machine they got.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
