package main

import "github.com/warrenbrasil/customerdata/examples/internal/jobkit"

// The exit statuses the tests expect.
const (
	exitOK       = jobkit.ExitOK       // every contact that could be matched was delivered
	exitRejected = jobkit.ExitRejected // a record was rejected or ran out of retries
	exitUsage    = jobkit.ExitRefused  // usage, input or setup error; nothing was sent
)
