package cdp

import (
	"errors"
	"math"
	"strconv"
)

// The NDJSON reading policy of the module. Every NDJSON reader of
// customerdata (the Decoder here, identity's observation readers and
// cdp/rows) uses these defaults: a line longer than DefaultMaxLineBytes is
// a bad line and reading goes on; the first DefaultMaxErrors bad lines are
// kept in input order and the rest are only counted, so a reader's memory
// is bounded by these limits, never by the size of the input.
const (
	// DefaultMaxLineBytes is the longest NDJSON line accepted, not counting
	// the line ending ("\n" or "\r\n"): 1 MiB.
	DefaultMaxLineBytes = 1 << 20
	// DefaultMaxErrors is how many bad lines a reader keeps; it counts the
	// others ("and 9,950 more bad lines").
	DefaultMaxErrors = 50
)

// ErrInvalidConfig is matched (errors.Is) by every *ConfigError.
var ErrInvalidConfig = errors.New("cdp: invalid config")

// ConfigError reports a DecodeConfig field that a constructor refused.
type ConfigError struct {
	Field  string // the field, e.g. "MaxLineBytes"
	Reason string // what is wrong with it
}

// Error returns "cdp: invalid config Field: Reason".
func (e *ConfigError) Error() string { return "cdp: invalid config " + e.Field + ": " + e.Reason }

// Is reports whether target is ErrInvalidConfig.
func (e *ConfigError) Is(target error) bool { return target == ErrInvalidConfig }

// DecodeConfig configures a Decoder (and ReadProfiles and ReadEvents). The
// zero value is the default policy; a zero field takes its default. A
// negative field is refused with a *ConfigError naming it.
type DecodeConfig struct {
	// MaxLineBytes is the longest line accepted, in bytes, not counting
	// the line ending; 0 means DefaultMaxLineBytes. A longer line is a
	// *LineError wrapping ErrLineTooLong: it is skipped without being held
	// in memory, and decoding goes on.
	MaxLineBytes int
	// MaxErrors is how many bad lines DecodeErrors keeps; 0 means
	// DefaultMaxErrors. Later bad lines are counted in DecodeErrors.More.
	MaxErrors int
	// StopAtFirstError makes the decoder stop at the first bad line
	// instead of skipping it and going on.
	StopAtFirstError bool
}

// DecodeOption is another name for DecodeConfig. ReadProfiles and
// ReadEvents take an optional DecodeConfig as a variadic argument, so that
// function types written as func(io.Reader, ...cdp.DecodeOption) still
// match them; new code should write DecodeConfig.
type DecodeOption = DecodeConfig

// settings returns c with its defaults applied, or a *ConfigError naming
// the first bad field.
func (c DecodeConfig) settings() (DecodeConfig, error) {
	if c.MaxLineBytes < 0 {
		return c, &ConfigError{Field: "MaxLineBytes", Reason: "negative (" + strconv.Itoa(c.MaxLineBytes) + "); 0 means the default"}
	}
	if c.MaxErrors < 0 {
		return c, &ConfigError{Field: "MaxErrors", Reason: "negative (" + strconv.Itoa(c.MaxErrors) + "); 0 means the default"}
	}
	if c.MaxLineBytes == 0 {
		c.MaxLineBytes = DefaultMaxLineBytes
	}
	c.MaxLineBytes = min(c.MaxLineBytes, math.MaxInt/2) // room for the line ending
	if c.MaxErrors == 0 {
		c.MaxErrors = DefaultMaxErrors
	}
	return c, nil
}

// oneConfig returns the single optional config of a variadic argument.
func oneConfig(cfgs []DecodeConfig) (DecodeConfig, error) {
	switch len(cfgs) {
	case 0:
		return DecodeConfig{}, nil
	case 1:
		return cfgs[0], nil
	}
	return DecodeConfig{}, &ConfigError{Field: "DecodeConfig", Reason: strconv.Itoa(len(cfgs)) + " given; want at most one"}
}

// groupThousands formats n with a comma between groups of three digits:
// 9950 as "9,950", for counts in messages.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
