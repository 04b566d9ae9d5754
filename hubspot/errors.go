package hubspot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
)

// Sentinels for errors.Is. An *Error or *RateLimitError matches the sentinel
// of its status or policy.
var (
	ErrUnauthorized = errors.New("hubspot: unauthorized (401): missing, expired or revoked token")
	ErrForbidden    = errors.New("hubspot: forbidden (403): the token lacks a scope")
	ErrNotFound     = errors.New("hubspot: not found (404)")
	ErrConflict     = errors.New("hubspot: conflict (409)")
	ErrRateLimited  = errors.New("hubspot: rate limited (429)")
	ErrDailyLimit   = errors.New("hubspot: daily request limit reached")
)

// Policy is the HubSpot rate-limit policy a 429 names.
type Policy string

// The rate-limit policies of HubSpot's 429 bodies.
const (
	TenSecondly Policy = "TEN_SECONDLY_ROLLING" // the per-10-second burst budget
	Secondly    Policy = "SECONDLY"             // the search budget, per second
	Daily       Policy = "DAILY"                // the daily account budget
)

// ValidationDetail is one element of the validation report HubSpot embeds as
// JSON inside an error message ("Property values were not valid: [...]").
type ValidationDetail struct {
	IsValid bool   `json:"isValid"`
	Message string `json:"message"`
	Error   string `json:"error"` // e.g. INVALID_EMAIL, PROPERTY_DOESNT_EXIST
	Name    string `json:"name"`  // the property
}

// ErrorDetail is one nested element of an error body's errors[].
type ErrorDetail struct {
	Message     string              `json:"message"`
	Code        string              `json:"code,omitempty"`
	In          string              `json:"in,omitempty"`
	SubCategory string              `json:"subCategory,omitempty"`
	Context     map[string][]string `json:"context,omitempty"`
}

// Error is a HubSpot error: a non-2xx response, or one input's failure
// inside a 207 batch response (then Status is 207 and the input is named by
// its objectWriteTraceId in Context). Every field may be empty.
type Error struct {
	Status        int                 // HTTP status code
	Category      string              // category, or errorType (RATE_LIMIT) when there is no category
	SubCategory   string              // e.g. a missing-scope or conflict subcategory
	Message       string              // HubSpot's message, as sent: it may quote personal data (Error masks it)
	CorrelationID string              // quote it to HubSpot support
	Context       map[string][]string // e.g. missingScopes, objectWriteTraceId, id
	Details       []ValidationDetail  // validation details parsed from Message
	Errors        []ErrorDetail       // nested errors
	RetryAfter    time.Duration       // the Retry-After header (423, 477, 5xx); a 429's is on its RateLimitError
}

// Error gives the status, category, subcategory, message and correlation
// id. HubSpot's message often quotes the values sent ("Email address
// maria@exemplo.com.br is invalid"), and errors reach logs and dead
// letters: every e-mail-like, CPF-like and phone-like text in it is masked
// (see cdp.Masker.Text).
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("hubspot: ")
	if e.Status != 0 {
		b.WriteString(strconv.Itoa(e.Status))
	}
	if e.Category != "" {
		b.WriteString(" " + e.Category)
	}
	if e.SubCategory != "" {
		b.WriteString("/" + e.SubCategory)
	}
	if e.Message != "" {
		b.WriteString(": " + scrub(e.Message))
	}
	if e.CorrelationID != "" {
		b.WriteString(" (correlation id " + e.CorrelationID + ")")
	}
	return b.String()
}

// Is matches the sentinel of e's status; a per-input error of a 207 matches
// ErrNotFound or ErrConflict by its category (OBJECT_NOT_FOUND, CONFLICT).
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized
	case ErrForbidden:
		return e.Status == http.StatusForbidden
	case ErrNotFound:
		return e.Status == http.StatusNotFound || e.Category == "OBJECT_NOT_FOUND"
	case ErrConflict:
		return e.Status == http.StatusConflict || e.Category == "CONFLICT"
	case ErrRateLimited:
		return e.Status == http.StatusTooManyRequests
	}
	return false
}

// Reason is a short machine-readable cause for dead letters: the first
// validation detail's code (INVALID_EMAIL, PROPERTY_DOESNT_EXIST...), else
// the subcategory, else the category, else "HTTP_<status>".
func (e *Error) Reason() string {
	for _, d := range e.Details {
		if d.Error != "" {
			return d.Error
		}
	}
	switch {
	case e.SubCategory != "":
		return e.SubCategory
	case e.Category != "":
		return e.Category
	}
	return "HTTP_" + strconv.Itoa(e.Status)
}

// MissingScopes returns the scopes a 403 says the token lacks.
func (e *Error) MissingScopes() []string { return e.Context["missingScopes"] }

// RateLimitError is a 429 (or a daily budget the client knows is spent).
// It wraps the *Error of the body.
type RateLimitError struct {
	Policy     Policy        // which budget ran out
	RetryAfter time.Duration // the Retry-After header; zero when absent
	Local      bool          // refused by the client without a request
	Err        *Error
}

// Error gives the policy, whether it was refused locally, the wait and the
// message, masked as in Error.Error.
func (e *RateLimitError) Error() string {
	s := "hubspot: rate limited (" + string(e.Policy) + ")"
	if e.Local {
		s += " locally"
	}
	if e.RetryAfter > 0 {
		s += ", retry after " + e.RetryAfter.String()
	}
	if e.Err != nil && e.Err.Message != "" {
		s += ": " + scrub(e.Err.Message)
	}
	return s
}

// Is matches ErrRateLimited, and ErrDailyLimit for the daily policy.
func (e *RateLimitError) Is(target error) bool {
	return target == ErrRateLimited || target == ErrDailyLimit && e.Policy == Daily
}

// Unwrap returns the body's *Error.
func (e *RateLimitError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// Reason is "RATE_LIMIT_<policy>".
func (e *RateLimitError) Reason() string { return "RATE_LIMIT_" + string(e.Policy) }

// scrub masks the personal data in text HubSpot echoes back.
func scrub(text string) string { return cdp.Masker{}.Text(text) }

// errorBody is HubSpot's error envelope; every field optional.
type errorBody struct {
	Status        string              `json:"status"`
	Message       string              `json:"message"`
	CorrelationID string              `json:"correlationId"`
	Category      string              `json:"category"`
	SubCategory   json.RawMessage     `json:"subCategory"`
	ErrorType     string              `json:"errorType"`
	PolicyName    string              `json:"policyName"`
	Context       map[string][]string `json:"context"`
	Errors        []ErrorDetail       `json:"errors"`
}

// CheckResponse returns nil for a 2xx response and otherwise an *Error or,
// for a 429, a *RateLimitError. It reads at most 1 MiB of the body and puts
// the bytes read back into resp.Body.
func CheckResponse(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	var data []byte
	if resp.Body != nil {
		data, _ = io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(data), resp.Body))
	}
	e := &Error{Status: resp.StatusCode}
	var body errorBody
	if len(bytes.TrimSpace(data)) > 0 && json.Unmarshal(data, &body) == nil {
		e.fill(body)
	} else if len(data) > 0 {
		e.Message = strings.TrimSpace(string(data[:min(len(data), 512)]))
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	if e.CorrelationID == "" {
		e.CorrelationID = resp.Header.Get("X-HubSpot-Correlation-Id")
	}
	if resp.StatusCode != http.StatusTooManyRequests {
		e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		return e
	}
	rl := &RateLimitError{Policy: Policy(body.PolicyName), Err: e}
	if rl.Policy == "" {
		rl.Policy = TenSecondly
		if strings.Contains(strings.ToLower(e.Message), "secondly limit") {
			rl.Policy = Secondly
		}
	}
	rl.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	return rl
}

func (e *Error) fill(body errorBody) {
	e.Message = body.Message
	e.CorrelationID = body.CorrelationID
	e.Category = body.Category
	if e.Category == "" {
		e.Category = body.ErrorType
	}
	e.SubCategory = rawString(body.SubCategory)
	e.Context = body.Context
	e.Errors = body.Errors
	e.Details = parseDetails(body.Message)
}

// rawString reads a subCategory, which HubSpot sends as a string or, in some
// bodies, an object: an object is kept as its JSON text.
func rawString(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// parseDetails extracts the JSON array HubSpot embeds in validation messages.
func parseDetails(msg string) []ValidationDetail {
	i := strings.IndexByte(msg, '[')
	j := strings.LastIndexByte(msg, ']')
	if i < 0 || j < i {
		return nil
	}
	var d []ValidationDetail
	if json.Unmarshal([]byte(msg[i:j+1]), &d) != nil || len(d) == 0 {
		return nil
	}
	return d
}

// parseRetryAfter reads seconds or an HTTP date; zero when absent or invalid.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 || n > 7*24*3600 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// ValueError is a value EncodeValue or a call refuses before sending.
type ValueError struct {
	Property string // the property, when known
	Problem  string // what is wrong with it
}

// Error names the property and the problem.
func (e *ValueError) Error() string {
	if e.Property == "" {
		return "hubspot: invalid value: " + e.Problem
	}
	return fmt.Sprintf("hubspot: invalid value for property %q: %s", e.Property, e.Problem)
}

// Reason is "INVALID_VALUE".
func (e *ValueError) Reason() string { return "INVALID_VALUE" }
