//go:build unix

package jobkit

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"time"
)

// runHelper is the body of a re-executed test binary; it returns the exit
// status. The parent reads its stdout line by line.
func runHelper(name, arg string) int {
	switch name {
	case "lock":
		// Hold the lock of state file arg until stdin closes or the
		// process is killed.
		l, err := TryLock(arg)
		if err != nil {
			fmt.Println("error:", err)
			return 3
		}
		fmt.Println("locked")
		bufio.NewReader(os.Stdin).ReadString('\n')
		l.Unlock()
		return 0
	case "signals":
		// Install the default handler, report the first signal's cause,
		// then wait for the second signal to exit the process.
		ctx, stop := NotifySignals(context.Background())
		defer stop()
		fmt.Println("ready")
		select {
		case <-ctx.Done():
		case <-time.After(time.Minute):
			fmt.Println("no first signal")
			return 4
		}
		fmt.Println("cause:", context.Cause(ctx))
		time.Sleep(time.Minute) // the second signal exits before this ends
		fmt.Println("no second signal")
		return 5
	}
	fmt.Println("unknown helper", name)
	return 6
}
