package identity

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/warrenbrasil/customerdata/cdp"
)

// Sentinel errors, for errors.Is.
var (
	// ErrInvalid is matched by every *InvalidError: an identifier value
	// was rejected by a normaliser or a blocklist.
	ErrInvalid = errors.New("identity: invalid identifier")
	// ErrInvalidConfig is matched by every *ConfigError.
	ErrInvalidConfig = errors.New("identity: invalid config")
	// ErrInvalidObservation reports an observation that cannot be used at
	// all (no time, or a time outside the range of Unix nanoseconds).
	ErrInvalidObservation = errors.New("identity: invalid observation")
	// ErrCorruptSnapshot is matched by every *SnapshotError: the snapshot
	// is truncated, corrupt or of an unknown version. No graph is returned.
	ErrCorruptSnapshot = errors.New("identity: corrupt snapshot")
	// ErrBadLine is matched by every *LineError from the NDJSON reader.
	ErrBadLine = errors.New("identity: bad observation line")
	// ErrNoIdentifier reports a source profile given to Profiles without
	// any valid identifier.
	ErrNoIdentifier = errors.New("identity: no valid identifier")
	// ErrLineTooLong is the cause of a *LineError whose line exceeds
	// MaxLineBytes.
	ErrLineTooLong = errors.New("identity: line too long")
	// ErrKeyMismatch reports a snapshot saved under another Config.Key
	// (or with a key when the Config has none, or the reverse): its
	// canonical IDs would not be the ones the Config makes. See
	// LoadRekeyed to change the key on purpose.
	ErrKeyMismatch = errors.New("identity: snapshot key does not match the config's")
)

// Reason says why an identifier value was rejected.
type Reason string

// The reasons an identifier is rejected.
const (
	ReasonEmpty          Reason = "empty"           // nothing left after trimming
	ReasonMalformed      Reason = "malformed"       // characters or shape not allowed for the type
	ReasonLength         Reason = "length"          // too many or too few characters or digits
	ReasonCheckDigit     Reason = "check_digit"     // a CPF whose check digits do not match
	ReasonRepeatedDigits Reason = "repeated_digits" // a CPF made of one repeated digit
	ReasonAreaCode       Reason = "area_code"       // a Brazilian phone with an unassigned DDD
	ReasonLegacyMobile   Reason = "legacy_mobile"   // a Brazilian mobile number without its ninth digit
	ReasonBlocked        Reason = "blocked"         // a value on the blocklist (exact or pattern)
	ReasonType           Reason = "type"            // an empty identifier type, or too many distinct types
	ReasonCapacity       Reason = "capacity"        // the graph is full: 2³¹−1 identifiers or 4 GiB of values
)

// InvalidError reports an identifier value that was rejected. Value holds
// the raw input for the caller; Error and LogValue mask it, because errors
// reach logs.
type InvalidError struct {
	Type   cdp.IdentifierType
	Value  string
	Reason Reason
}

// Error returns a message naming the type, the masked value and the reason.
func (e *InvalidError) Error() string {
	return "identity: invalid " + string(e.Type) + " " + strconv.Quote(maskValue(e.Type, e.Value)) + ": " + string(e.Reason)
}

// Is reports whether target is ErrInvalid.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

// LogValue logs the type, the reason and the masked value.
func (e *InvalidError) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("type", string(e.Type)),
		slog.String("value", maskValue(e.Type, e.Value)),
		slog.String("reason", string(e.Reason)),
	)
}

// maskValue masks v, a value of type t, for an error or a log (keyless:
// errors are made where no key is at hand).
func maskValue(t cdp.IdentifierType, v string) string { return cdp.Masker{}.Value(t, v) }

func invalid(t cdp.IdentifierType, v string, r Reason) *InvalidError {
	return &InvalidError{Type: t, Value: v, Reason: r}
}

// ConfigError reports a Config field that New or Load rejected.
type ConfigError struct {
	Field  string // e.g. "Limits[cpf]" or "BlockedPatterns[email][0]"
	Reason string
}

// Error returns "identity: config Field: Reason".
func (e *ConfigError) Error() string { return "identity: config " + e.Field + ": " + e.Reason }

// Is reports whether target is ErrInvalidConfig.
func (e *ConfigError) Is(target error) bool { return target == ErrInvalidConfig }

// LineError reports one bad NDJSON line: its 1-based number and the cause.
type LineError struct {
	Line int
	Err  error
}

// Error returns "identity: line N: cause".
func (e *LineError) Error() string { return fmt.Sprintf("identity: line %d: %v", e.Line, e.Err) }

// Unwrap returns the cause.
func (e *LineError) Unwrap() error { return e.Err }

// Is reports whether target is ErrBadLine.
func (e *LineError) Is(target error) bool { return target == ErrBadLine }

// SnapshotError reports why a snapshot could not be loaded. It matches
// ErrCorruptSnapshot and unwraps to the underlying cause, if any (for
// example io.ErrUnexpectedEOF for a truncated snapshot).
type SnapshotError struct {
	Reason string
	Err    error
}

// Error returns "identity: corrupt snapshot: reason[: cause]".
func (e *SnapshotError) Error() string {
	if e.Err != nil {
		return "identity: corrupt snapshot: " + e.Reason + ": " + e.Err.Error()
	}
	return "identity: corrupt snapshot: " + e.Reason
}

// Unwrap returns the underlying cause, if any.
func (e *SnapshotError) Unwrap() error { return e.Err }

// Is reports whether target is ErrCorruptSnapshot.
func (e *SnapshotError) Is(target error) bool { return target == ErrCorruptSnapshot }
