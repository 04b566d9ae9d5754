package jobkit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/identity"
)

// Target is where a job writes: HubSpot at BaseURL ("" for the default)
// with Token, or the in-process HubSpot (Fake).
type Target struct {
	Token   string
	BaseURL string
	Fake    bool // -fake-hubspot, or the demo
	Demo    bool // no input named: the embedded sample, against the in-process HubSpot
}

// ErrNoToken refuses a run on named input with no HubSpot to write to.
var ErrNoToken = errors.New("HUBSPOT_ACCESS_TOKEN is not set: set it to the private app's token to write to HubSpot, " +
	"or pass -dry-run to print the plan, or -fake-hubspot to run against an in-process HubSpot (nothing leaves the machine)")

// ChooseTarget applies the refusal rule to HUBSPOT_ACCESS_TOKEN and
// HUBSPOT_BASE_URL (read through getenv): the in-process HubSpot runs only
// when asked for by name (fake) or when no input is named (the demo), and a
// run on named input with neither a token, fake nor dryRun is refused, as
// is a run that would write the embedded sample to a real HubSpot. The
// error never holds the token.
func ChooseTarget(getenv func(string) string, fake, dryRun, namedInput bool) (Target, error) {
	t := Target{Token: strings.TrimSpace(getenv("HUBSPOT_ACCESS_TOKEN")), BaseURL: strings.TrimSpace(getenv("HUBSPOT_BASE_URL")), Fake: fake}
	if fake && (t.Token != "" || t.BaseURL != "") {
		return t, errors.New("-fake-hubspot and HUBSPOT_ACCESS_TOKEN or HUBSPOT_BASE_URL are both set: unset them to run against the in-process HubSpot, or drop -fake-hubspot to write to HubSpot")
	}
	if t.Token != "" && !namedInput && !dryRun {
		return t, errors.New("HUBSPOT_ACCESS_TOKEN is set but no input is named: the embedded sample is demo data and is never written to a real HubSpot; " +
			"name the input, or unset the token to run the demo")
	}
	if t.BaseURL != "" && t.Token == "" {
		return t, errors.New("HUBSPOT_BASE_URL is set but HUBSPOT_ACCESS_TOKEN is not")
	}
	if t.Token == "" && !fake && !dryRun {
		if namedInput {
			return t, ErrNoToken
		}
		t.Fake, t.Demo = true, true
	}
	return t, nil
}

// IdentityKey reads CDP_IDENTITY_KEY through getenv: the secret that keys
// canonical person IDs, and from which the returned Masker's key is
// derived. It is required (an error without it) when required is true,
// that is when the run writes to a real HubSpot; without it the IDs are
// unkeyed and the Masker keyless. The error never holds the key.
func IdentityKey(getenv func(string) string, required bool) ([]byte, cdp.Masker, error) {
	key := getenv("CDP_IDENTITY_KEY")
	switch {
	case key == "" && required:
		return nil, cdp.Masker{}, errors.New("CDP_IDENTITY_KEY is not set: a run that writes to HubSpot needs the secret that keys person IDs (16 bytes or more)")
	case key == "":
		return nil, cdp.Masker{}, nil
	case len(key) < identity.MinKeyLen:
		return nil, cdp.Masker{}, fmt.Errorf("CDP_IDENTITY_KEY is %d bytes: want at least %d", len(key), identity.MinKeyLen)
	}
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte("customerdata/masking"))
	m, err := cdp.NewMasker(mac.Sum(nil))
	return []byte(key), m, err
}

// CallCounter is an http.RoundTripper that counts the requests it passes to
// Next (http.DefaultTransport when nil) and the 429 answers. It is safe for
// concurrent use.
type CallCounter struct {
	Next          http.RoundTripper
	calls, status atomic.Int64
}

// RoundTrip counts r and sends it.
func (c *CallCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	next := c.Next
	if next == nil {
		next = http.DefaultTransport
	}
	c.calls.Add(1)
	resp, err := next.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		c.status.Add(1)
	}
	return resp, err
}

// Calls returns the requests sent so far.
func (c *CallCounter) Calls() int64 { return c.calls.Load() }

// RateLimited returns the 429 answers seen so far.
func (c *CallCounter) RateLimited() int64 { return c.status.Load() }

// CheckToken makes one cheap authenticated read (the contact property
// "email", which needs the crm.schemas.contacts.read scope) within limit,
// so that a bad token, a missing scope, a wrong base URL or a HubSpot that
// does not answer is found before the first write.
// A run cancelled meanwhile (a signal) is not reported as HubSpot's silence.
func CheckToken(ctx context.Context, c *hubspot.Client, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	_, err := c.Properties.Get(ctx, "contacts", hubspot.KeyEmail)
	var he *hubspot.Error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, hubspot.ErrUnauthorized):
		return errors.New("HubSpot refused HUBSPOT_ACCESS_TOKEN (401): the token is missing, expired or revoked; create or rotate the private app's token")
	case errors.Is(err, hubspot.ErrForbidden) && errors.As(err, &he) && len(he.MissingScopes()) > 0:
		return fmt.Errorf("HubSpot accepted the token but it lacks a scope (403): add %s to the private app", strings.Join(he.MissingScopes(), ", "))
	case errors.Is(err, hubspot.ErrForbidden):
		return errors.New("HubSpot accepted the token but it lacks a scope (403): add the scopes listed in the README to the private app")
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		return fmt.Errorf("HubSpot did not answer the token check within %s: check HUBSPOT_BASE_URL and the network", FormatDuration(limit))
	}
	return fmt.Errorf("checking the token against HubSpot: %w", err)
}

// FormatOfName tells the format of an input by its name alone, as FormatOf
// does for a file: .parquet is Parquet, .ndjson, .jsonl and .json are
// NDJSON, anything else is CSV. It suits embedded inputs.
func FormatOfName(name string) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".parquet":
		return FormatParquet
	case ".ndjson", ".jsonl", ".json":
		return FormatNDJSON
	}
	return FormatCSV
}
