package segment

import (
	"errors"
	"strings"
)

// Sentinel errors. Every *PathError wraps exactly one of them, so callers can
// classify a problem with errors.Is without reading the message.
var (
	// ErrSyntax: the document is not well-formed JSON.
	ErrSyntax = errors.New("segment: malformed JSON")
	// ErrLimit: the document or segment exceeds a size, depth or node limit.
	ErrLimit = errors.New("segment: limit exceeded")
	// ErrInvalid: the document is JSON but not a valid segment (unknown field,
	// unknown operator, missing or misplaced operand, wrong JSON type).
	ErrInvalid = errors.New("segment: invalid segment")
	// ErrUnknownTrait: a condition names a trait that is not in the catalog.
	ErrUnknownTrait = errors.New("segment: unknown trait")
	// ErrType: an operator does not fit the trait's kind, or a value does not
	// parse as that kind.
	ErrType = errors.New("segment: type error")
	// ErrUnknownCalendar: a business-day window names a calendar that the
	// compile options do not provide.
	ErrUnknownCalendar = errors.New("segment: unknown calendar")
	// ErrOptions: the compile or evaluate options are invalid or lack what the
	// segment needs (an as-of date for a date window, for example).
	ErrOptions = errors.New("segment: invalid options")
)

// PathError is one problem found at one place in a segment. Path is the
// JSON path of the element, such as "all[1].op"; it is empty for the whole
// document. The message never contains more of the document than the
// offending value.
type PathError struct {
	Path string // JSON path: "all[0].any[2].value"; "" for the document
	Msg  string // what is wrong, in plain words
	Err  error  // the sentinel (ErrInvalid, ErrType, ...)
}

// Error returns "path: message", or the message alone for the document.
func (e *PathError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Unwrap returns the sentinel.
func (e *PathError) Unwrap() error { return e.Err }

// Errors is every problem found in a segment at once, in document order.
// Parse and Compile return it (never empty) when they fail; use errors.As to
// get it, or errors.Is with a sentinel to ask whether any problem is of that
// class.
type Errors []*PathError

// Error returns one line per problem.
func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the individual errors, for errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// errList collects problems during a walk.
type errList struct {
	errs Errors
}

func (l *errList) add(path string, sentinel error, msg string) {
	l.errs = append(l.errs, &PathError{Path: path, Msg: msg, Err: sentinel})
}

func (l *errList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	return l.errs
}

func joinPath(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func indexPath(path string, i int) string {
	return path + "[" + itoa(i) + "]"
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}
