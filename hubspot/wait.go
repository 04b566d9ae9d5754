package hubspot

import (
	"fmt"
	"time"
)

// WaitKind says why the client waits before sending.
type WaitKind int

// The kinds of wait a WaitObserver hears about.
const (
	// WaitPacing is the spacing between requests that keeps the client
	// within its budget (the configured one, or HubSpot's smaller figure).
	WaitPacing WaitKind = iota + 1
	// WaitRateLimited is a wait imposed by HubSpot: after a 429, every call
	// holds back until the server's window has turned.
	WaitRateLimited
	// WaitRetry is the backoff before retrying a failed attempt.
	WaitRetry
)

// String is "pacing", "rate limited" or "retry".
func (k WaitKind) String() string {
	switch k {
	case WaitPacing:
		return "pacing"
	case WaitRateLimited:
		return "rate limited"
	case WaitRetry:
		return "retry"
	}
	return fmt.Sprintf("WaitKind(%d)", int(k))
}

// Wait describes one wait of the client, for a job's progress line. It
// carries no token, no request body and no text from HubSpot's answers:
// only the call's method and path (e-mail segments masked) and the
// client's own reason.
type Wait struct {
	Kind        WaitKind
	Delay       time.Duration // how long the client waits
	Attempt     int           // the attempt the wait precedes, 1 for the first
	MaxAttempts int           // the retry policy's attempt cap
	Method      string        // e.g. "POST"
	Path        string        // e.g. "/crm/v3/objects/contacts/batch/upsert"
	Reason      string        // e.g. "503 server error", "HubSpot not answering (timeout)"
}

// String is a one-line account of the wait, such as "waiting 8s for attempt
// 3 of 5 of POST /crm/v3/objects/contacts/batch/upsert after: 503 server
// error".
func (w Wait) String() string {
	d := w.Delay.Round(time.Millisecond)
	switch w.Kind {
	case WaitRetry:
		return fmt.Sprintf("waiting %s for attempt %d of %d of %s %s after: %s", d, w.Attempt, w.MaxAttempts, w.Method, w.Path, w.Reason)
	case WaitRateLimited:
		return fmt.Sprintf("waiting %s before %s %s, rate limited: %s", d, w.Method, w.Path, w.Reason)
	}
	return fmt.Sprintf("waiting %s before %s %s: %s", d, w.Method, w.Path, w.Reason)
}

// WithWaitObserver has f called before each wait the client makes: pacing
// between requests, holding back after a 429, backing off before a retry.
// f runs on the calling goroutine, possibly from many goroutines at once;
// it must be quick and must not call the client. Nil turns reporting off.
func WithWaitObserver(f func(Wait)) Option {
	return func(c *Client) error {
		c.onWait = f
		return nil
	}
}

// report tells the observer about a wait, if there is one.
func (c *Client) report(w Wait) {
	if c.onWait != nil && w.Delay > 0 {
		c.onWait(w)
	}
}
