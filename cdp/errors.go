package cdp

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched (errors.Is) by every error that reports invalid
// input: *FieldError, *ValueError and the *LineError of a bad NDJSON line.
var ErrInvalid = errors.New("cdp: invalid input")

// FieldError reports a problem with one field of an Event or Profile. Field
// is a path such as "name", "identifiers[0].value" or "traits.age.value".
// It matches ErrInvalid with errors.Is; Err, when set, is the underlying
// cause (a *ValueError, say) and is reachable with errors.As.
type FieldError struct {
	Field  string // path of the offending field
	Reason string // what is wrong with it
	Err    error  // the underlying error, if any
}

// Error returns "cdp: field F: reason".
func (e *FieldError) Error() string {
	return fmt.Sprintf("cdp: field %s: %s", e.Field, e.Reason)
}

// Is reports whether target is ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the underlying cause, if any.
func (e *FieldError) Unwrap() error { return e.Err }

// inField wraps err as a problem with field: a *FieldError gets field
// prefixed to its path; any other error becomes the cause of a new one.
func inField(field string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) && fe == err {
		sep := "."
		if len(fe.Field) > 0 && fe.Field[0] == '[' {
			sep = ""
		}
		return &FieldError{Field: field + sep + fe.Field, Reason: fe.Reason, Err: fe.Err}
	}
	reason := err.Error()
	var ve *ValueError
	if errors.As(err, &ve) {
		reason = ve.Error()[len("cdp: "):]
	}
	return &FieldError{Field: field, Reason: reason, Err: err}
}
