package jobkit

// Exit statuses of a job. A job returns exactly one of them.
const (
	// ExitOK: every record was delivered, skipped as unchanged, or refused
	// by the job for a reason it reports (a person without an e-mail
	// address, say) that no rerun can fix.
	ExitOK = 0
	// ExitRejected: some records were rejected by the destination or ran
	// out of retries. Only this status sends the operator to the dead
	// letters.
	ExitRejected = 1
	// ExitRefused: a usage, input or setup problem was found before
	// anything was sent; nothing was sent.
	ExitRefused = 2
	// ExitInterrupted: the run stopped on SIGINT (128 + 2, as a shell
	// reports it).
	ExitInterrupted = 130
	// ExitTerminated: the run stopped on SIGTERM (128 + 15).
	ExitTerminated = 143
)

// DescribeExit returns a short explanation of an exit status for the end of
// a run's summary, or "unknown exit status" for a code not listed above.
func DescribeExit(code int) string {
	switch code {
	case ExitOK:
		return "ok"
	case ExitRejected:
		return "some records were rejected or ran out of retries: see the dead letters"
	case ExitRefused:
		return "refused before sending: nothing was sent"
	case ExitInterrupted:
		return "interrupted (SIGINT): records not sent are pending, rerun to send them"
	case ExitTerminated:
		return "terminated (SIGTERM): records not sent are pending, rerun to send them"
	}
	return "unknown exit status"
}
