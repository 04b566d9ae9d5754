// Package jobkit is the plumbing the SDK's job programs share: exit
// statuses, signal handling, a run timeout, a dead-letter file that survives
// reruns, a lock that allows one run per state file, atomic writing of the
// state file with preflight checks, and a race-free progress line.
//
// It lives under examples/ because it does what a library must not: it
// opens files by name, installs signal handlers and may exit the process.
// The job programs are templates; copy this package along with them.
//
// # Exit statuses
//
// A job ends with one of ExitOK, ExitRejected, ExitRefused, ExitInterrupted
// or ExitTerminated. Only ExitRejected sends the operator to the dead
// letters; ExitRefused means nothing was sent.
//
// # Order of a run
//
// A job refuses before its first write: it parses its flags, takes the
// lock with TryLock, checks its files with CheckWritable and CheckReadable,
// opens the dead-letter file with CreateDeadLetters, and only then starts
// sending under the context of NotifySignals (and WithRunTimeout). When the
// sending is over (completed, failed or interrupted), it saves the state
// with WriteFileAtomic, commits the dead letters, prints its summary with
// DeadLetterFile.Counts and returns its exit status.
//
// # Parallel partitions
//
// A job that runs as several processes (one per partition of the persons)
// gives each its own state file, and with it its own lock, dead-letter
// file and share of the HubSpot request budget. Two processes never share
// a state file: the lock refuses the second.
package jobkit
