// Package cdp holds the core data model of the customer data platform:
// identifiers, typed values, traits, profiles and events, with their JSON
// and NDJSON forms and a deterministic profile merge.
//
// # Identifiers
//
// An Identifier is a typed value that reaches a customer: an e-mail address,
// a CPF, a phone number, a platform or HubSpot id. Identifier, Profile and
// Event implement slog.LogValuer, so logging them never prints a full e-mail
// address, CPF or phone number (see Identifier.Masked).
//
// # Masking personal data
//
// Masker is the one place personal data is masked for logs, errors and
// printed output: Identifier, Email, CPF, Phone and ID mask one value, Key
// masks a record key of unknown kind, and Text masks every e-mail-like,
// CPF-like and phone-like substring of free text (a server's error
// message, say). Each masked value keeps a little of the original and a
// short tag, so rows stay distinguishable: "g***@exemplo.com.br#c8af". The
// zero Masker is keyless; NewMasker takes a secret key, which makes the
// tags useless to anyone without it. Masker.Handler and Masker.ReplaceAttr
// plug Text into log/slog.
//
// # Values
//
// A Value is a typed trait value: a string, an exact decimal number
// (decimal.Decimal, never a float), a bool, a civil date (calendar.Date), a
// timestamp or a list of strings. Its JSON form names the kind and keeps the
// value exactly:
//
//	{"kind":"number","value":"0.10"}
//	{"kind":"date","value":"2025-06-23"}
//	{"kind":"strings","value":["cdb","lci"]}
//
// ParseValue and ParseKind read values from text such as CSV cells. Equal
// compares values; Compare is a total order used to break ties.
//
// # Profiles and merging
//
// A Profile is one person: a canonical ID, identifiers and traits. Each
// Trait records when it was observed and by which source. Merge combines two
// profiles: for each trait the newer observation wins, a tie goes to the
// source ranked higher in a caller-given priority, then to the greater value.
// Merge is commutative and associative, so profiles merged in any order and
// grouping give the same result, and it never modifies its arguments.
//
// # Events
//
// An Event is something that happened to a customer: a name, a time, the
// identifiers seen with it and its properties. Validate reports every
// problem as a *FieldError naming the field; all such errors match
// ErrInvalid.
//
// # NDJSON
//
// NewProfileDecoder and NewEventDecoder read one JSON record per line from an
// io.Reader. Blank lines are skipped; each bad line is reported as a
// *LineError with its 1-based line number, and decoding goes on (or stops,
// with DecodeConfig.StopAtFirstError). ReadProfiles and ReadEvents read a
// whole stream; WriteProfiles and WriteEvents write one.
//
// Every NDJSON reader of the module follows one policy, set by
// DefaultMaxLineBytes and DefaultMaxErrors: a line longer than 1 MiB (line
// ending not counted) is a bad line and reading goes on; the first 50 bad
// lines are kept in input order and the others are only counted, reported
// as "and 9,950 more bad lines", so memory is bounded by the limits, not by
// the input. DecodeConfig is a plain struct whose zero value is that
// default; a negative field is refused with a *ConfigError naming it.
package cdp
