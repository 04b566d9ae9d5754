package jobkit

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// IsTerminal reports whether f is a terminal, where a progress line is
// redrawn in place.
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// LockedState opens the state at path (see OpenState). With lock, it first
// checks the folder and takes the run's lock (see TryLock), which release
// gives back; a run that writes nothing real (a dry run, the in-process
// HubSpot) reads the state without locking it. release is never nil.
func LockedState(path string, lock bool) (st *StateFile, release func(), err error) {
	release = func() {}
	if lock {
		if err := CheckWritable(path); err != nil {
			return nil, release, err
		}
		l, err := TryLock(path)
		if err != nil {
			return nil, release, err
		}
		release = func() { _ = l.Unlock() }
	}
	if st, err = OpenState(path); err != nil {
		release()
		return nil, func() {}, err
	}
	return st, release, nil
}

// HubSpotClient returns a client of t sending through rt (nil: the default
// transport) and paced to limits; with t.Fake, a client of a new
// in-process HubSpot made with fake, unpaced, and that server, to close.
func HubSpotClient(t Target, limits hubspot.Limits, logger *slog.Logger, rt http.RoundTripper, fake []hubspottest.Option, opts ...hubspot.Option) (*hubspot.Client, *hubspottest.Server, error) {
	var srv *hubspottest.Server
	if t.Fake {
		srv = hubspottest.NewServer(fake...)
		t.Token, t.BaseURL, limits = srv.Token, srv.URL, hubspot.Unlimited()
	}
	opts = append(opts, hubspot.WithHTTPClient(&http.Client{Transport: rt}), hubspot.WithLogger(logger), hubspot.WithLimits(limits))
	if t.BaseURL != "" {
		opts = append(opts, hubspot.WithBaseURL(t.BaseURL))
	}
	c, err := hubspot.New(t.Token, opts...)
	if err != nil {
		if srv != nil {
			srv.Close()
			return nil, nil, fmt.Errorf("HubSpot client: %w", err)
		}
		return nil, nil, fmt.Errorf("HubSpot client (check HUBSPOT_BASE_URL): %w", err)
	}
	return c, srv, nil
}
