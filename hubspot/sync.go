package hubspot

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
)

// SyncMode says what a ContactSync does with the contacts of a run.
type SyncMode uint8

// The modes of a ContactSync. The zero SyncMode is SyncUpsert.
const (
	// SyncUpsert creates the contacts that do not exist and updates the
	// others.
	SyncUpsert SyncMode = iota
	// SyncUpdate updates existing contacts only: a record whose contact
	// does not exist is a dead letter with ReasonNotFound.
	SyncUpdate
	// SyncMirror upserts, then clears the managed properties of the
	// contacts the state knows that are not in this run: HubSpot mirrors
	// the run's set. It needs a State.
	SyncMirror
)

// String returns "upsert", "update" or "mirror".
func (m SyncMode) String() string {
	switch m {
	case SyncUpsert:
		return "upsert"
	case SyncUpdate:
		return "update"
	case SyncMirror:
		return "mirror"
	}
	return fmt.Sprintf("SyncMode(%d)", uint8(m))
}

// Defaults applied to the zero fields of a SyncConfig.
const (
	DefaultMaxClearPercent = 80
	DefaultSyncGrace       = 10 * time.Second
	// DefaultSyncQueueSize is the pipeline's QueueSize for a sync: a run
	// holds about twice as many records (each with its properties map) at
	// a time. It keeps ten batches of 100 queued, plenty ahead of the
	// batches in flight.
	DefaultSyncQueueSize = 1000
)

// KeyEmail is the default contact key: contacts are found by e-mail
// address.
const KeyEmail = "email"

// SyncConfig configures a ContactSync. It is a plain struct: the zero value
// of a field means its default, and NewContactSync refuses a bad field with
// a *ConfigError naming it.
type SyncConfig struct {
	// Group is the property group of the managed properties (and of the
	// key property, with a custom Key). It is created if missing. Required
	// when Properties is not empty or Key is a custom property.
	Group PropertyGroup
	// Properties are the managed contact properties: ensured (created if
	// missing, checked if present) before the first write of each run, and,
	// in SyncMirror, the properties cleared on contacts that left the set.
	// A definition with an empty GroupName goes into Group.
	Properties []Property

	// Key is the property contacts are found by: KeyEmail (the default,
	// also for "") or the name of a custom property holding the platform
	// user id. A custom key property is created as a unique ("hasUniqueValue")
	// string property when missing; an existing one must be unique. Choose
	// the user id when e-mail addresses change or are missing: the contact
	// keeps its identity, and its e-mail is written as an ordinary value.
	Key string
	// KeyLabel is the label of a custom key property HubSpot users see.
	// Required with a custom Key, ignored otherwise.
	KeyLabel string

	// Mode is SyncUpsert (the default), SyncUpdate or SyncMirror.
	Mode SyncMode

	// MaxClearPercent is the largest share of the contacts the state knows
	// that one SyncMirror run may clear (default DefaultMaxClearPercent,
	// at most 100). A run that would clear more is refused with a
	// *MassClearError before anything is sent: the usual cause is an empty
	// or truncated input. AllowMassClear lifts the guard.
	MaxClearPercent int
	AllowMassClear  bool

	// State remembers what was confirmed per key: unchanged records are
	// skipped, and in SyncMirror it lists the contacts to clear. Required
	// in SyncMirror. The sync never saves it: call the store's Save (a
	// destination.FileStore) after Run, also when Run returns an error.
	State destination.StateStore
	// DeadLetters receives the records that could not be written. Nil keeps
	// them in SyncReport.DeadLetters.
	DeadLetters destination.DeadLetterSink
	// Logger receives structured logs (keys masked); nil discards them.
	Logger *slog.Logger
	// Progress, ProgressInterval and OnWait are passed to the pipeline (see
	// destination.Config).
	Progress         func(destination.Stats)
	ProgressInterval time.Duration
	OnWait           func(destination.WaitInfo)

	// BatchSize, Parallelism, QueueSize, MaxAttempts, BackoffBase,
	// BackoffMax, MaxElapsed and SendTimeout tune the pipeline (see
	// destination.Config; zero means its default, except QueueSize whose
	// default is DefaultSyncQueueSize).
	BatchSize   int
	Parallelism int
	QueueSize   int
	MaxAttempts int
	BackoffBase time.Duration
	BackoffMax  time.Duration
	MaxElapsed  time.Duration
	SendTimeout time.Duration

	// Grace is how long a cancelled Run lets the batches in flight settle
	// before it gives up on them (default DefaultSyncGrace).
	Grace time.Duration
}

// ContactSync writes a set of contacts to HubSpot: it ensures the schema,
// skips the contacts unchanged since the last confirmed write, upserts or
// updates the others through a destination.Pipeline, clears the contacts
// that left the set (SyncMirror), dead-letters what cannot be written with a
// reason, and counts every outcome. Build it with NewContactSync.
//
// A ContactSync keeps no state between runs besides its configuration. Runs
// that share a State must not overlap.
type ContactSync struct {
	c       *Client
	cfg     SyncConfig
	key     string
	managed []string   // names of the managed properties, in definition order
	defs    []Property // managed definitions, plus the key property when custom
}

// ErrKeyNotUnique is returned by Run when the custom key property exists
// in HubSpot without unique values: HubSpot cannot upsert by it.
var ErrKeyNotUnique = errors.New("hubspot: the contact key property does not have unique values")

// NewContactSync returns a sync writing contacts through c as cfg says. A
// bad field is a *ConfigError naming it; nothing is sent.
func NewContactSync(c *Client, cfg SyncConfig) (*ContactSync, error) {
	if c == nil {
		return nil, &ConfigError{Field: "Client", Reason: "nil"}
	}
	s := &ContactSync{c: c, cfg: cfg, key: cfg.Key}
	if s.key == "" {
		s.key = KeyEmail
	}
	if err := s.checkConfig(); err != nil {
		return nil, err
	}
	if s.cfg.MaxClearPercent == 0 {
		s.cfg.MaxClearPercent = DefaultMaxClearPercent
	}
	if s.cfg.Grace == 0 {
		s.cfg.Grace = DefaultSyncGrace
	}
	if s.cfg.QueueSize == 0 {
		s.cfg.QueueSize = DefaultSyncQueueSize
	}
	if s.cfg.Logger == nil {
		s.cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

// checkConfig validates the configuration and fills managed and defs.
func (s *ContactSync) checkConfig() error {
	cfg := &s.cfg
	custom := s.key != KeyEmail
	switch {
	case cfg.Mode > SyncMirror:
		return &ConfigError{Field: "Mode", Reason: fmt.Sprintf("unknown mode %d", cfg.Mode)}
	case cfg.MaxClearPercent < 0 || cfg.MaxClearPercent > 100:
		return &ConfigError{Field: "MaxClearPercent", Reason: fmt.Sprintf("%d is not in 0..100", cfg.MaxClearPercent)}
	case cfg.Mode == SyncMirror && cfg.State == nil:
		return &ConfigError{Field: "State", Reason: "SyncMirror needs a state to know whom to clear"}
	case cfg.Mode == SyncMirror && len(cfg.Properties) == 0:
		return &ConfigError{Field: "Properties", Reason: "SyncMirror needs the managed properties it clears"}
	case custom && !validName(s.key):
		return &ConfigError{Field: "Key", Reason: fmt.Sprintf("%q is not a property name (^[a-z][a-z0-9_]*$)", s.key)}
	case custom && s.key == "hs_object_id":
		return &ConfigError{Field: "Key", Reason: "hs_object_id cannot identify an upsert; use email or a unique property"}
	case custom && cfg.KeyLabel == "":
		return &ConfigError{Field: "KeyLabel", Reason: "required with a custom Key"}
	case (custom || len(cfg.Properties) > 0) && cfg.Group.Name == "":
		return &ConfigError{Field: "Group", Reason: "a name is required to hold the properties"}
	}
	if cfg.Group.Name != "" {
		if !validName(cfg.Group.Name) || cfg.Group.Label == "" {
			return &ConfigError{Field: "Group", Reason: fmt.Sprintf("%q needs a name matching ^[a-z][a-z0-9_]*$ and a label", cfg.Group.Name)}
		}
	}
	seen := map[string]bool{}
	for _, p := range cfg.Properties {
		if p.GroupName == "" {
			p.GroupName = cfg.Group.Name
		}
		if err := p.Validate(); err != nil {
			return &ConfigError{Field: "Properties", Reason: err.Error()}
		}
		switch {
		case p.Name == s.key || p.Name == KeyEmail:
			return &ConfigError{Field: "Properties", Reason: fmt.Sprintf("%q is written from the record's key or e-mail, it cannot be managed", p.Name)}
		case seen[p.Name]:
			return &ConfigError{Field: "Properties", Reason: fmt.Sprintf("%q defined twice", p.Name)}
		}
		seen[p.Name] = true
		s.managed = append(s.managed, p.Name)
		s.defs = append(s.defs, p)
	}
	if custom {
		s.defs = append(s.defs, Property{Name: s.key, Label: cfg.KeyLabel, Type: "string", FieldType: "text",
			GroupName: cfg.Group.Name, HasUniqueValue: true,
			Description: "Platform user id: the unique key the customer data platform finds this contact by."})
	}
	ints := []struct {
		name string
		v    int
	}{{"BatchSize", cfg.BatchSize}, {"Parallelism", cfg.Parallelism}, {"QueueSize", cfg.QueueSize}, {"MaxAttempts", cfg.MaxAttempts}}
	for _, f := range ints {
		if f.v < 0 {
			return &ConfigError{Field: f.name, Reason: fmt.Sprintf("%d is negative", f.v)}
		}
	}
	durs := []struct {
		name string
		v    time.Duration
	}{{"BackoffBase", cfg.BackoffBase}, {"BackoffMax", cfg.BackoffMax}, {"MaxElapsed", cfg.MaxElapsed},
		{"SendTimeout", cfg.SendTimeout}, {"ProgressInterval", cfg.ProgressInterval}, {"Grace", cfg.Grace}}
	for _, f := range durs {
		if f.v < 0 {
			return &ConfigError{Field: f.name, Reason: fmt.Sprintf("%v is negative", f.v)}
		}
	}
	base, hi := cfg.BackoffBase, cfg.BackoffMax
	if base == 0 {
		base = destination.DefaultBackoffBase
	}
	if hi == 0 {
		hi = destination.DefaultBackoffMax
	}
	if hi < base {
		return &ConfigError{Field: "BackoffMax", Reason: fmt.Sprintf("%v is less than BackoffBase %v", hi, base)}
	}
	return nil
}

// Mode returns the sync's mode.
func (s *ContactSync) Mode() SyncMode { return s.cfg.Mode }

// Key returns the contact key property: KeyEmail or the custom property.
func (s *ContactSync) Key() string { return s.key }

// Managed returns the names of the managed properties, in definition order.
func (s *ContactSync) Managed() []string { return append([]string(nil), s.managed...) }

// MassClearError refuses a SyncMirror run that would clear more of the
// contacts the state knows than SyncConfig.MaxClearPercent allows. It
// matches ErrMassClear with errors.Is. Nothing was sent.
type MassClearError struct {
	Clears     int // contacts the run would clear
	Known      int // contacts the state knows
	MaxPercent int // SyncConfig.MaxClearPercent
}

// ErrMassClear is matched by every *MassClearError.
var ErrMassClear = errors.New("hubspot: contact sync refused a mass clear")

// Error gives the counts and what to do.
func (e *MassClearError) Error() string {
	return fmt.Sprintf("hubspot: contact sync would clear %d of the %d contacts the state knows (%d%%, more than MaxClearPercent %d%%); "+
		"nothing was sent: the input may be empty or truncated; if the contacts really left, set AllowMassClear",
		e.Clears, e.Known, e.Clears*100/max(e.Known, 1), e.MaxPercent)
}

// Is reports whether target is ErrMassClear.
func (e *MassClearError) Is(target error) bool { return target == ErrMassClear }

// guard returns a *MassClearError when clears exceed the share of known
// keys the configuration allows.
func (s *ContactSync) guard(clears, known int) error {
	if s.cfg.AllowMassClear || known == 0 || clears*100 <= known*s.cfg.MaxClearPercent {
		return nil
	}
	return &MassClearError{Clears: clears, Known: known, MaxPercent: s.cfg.MaxClearPercent}
}

// CheckClears runs the mass-clear guard alone, over the keys of the
// records a run will write (as SyncRecord.Key), reading only the state: a
// caller can refuse a mass clear before its first request to HubSpot (a
// token check, say). It returns the *MassClearError Run would return, nil,
// or the state's error. Outside SyncMirror it returns nil.
func (s *ContactSync) CheckClears(ctx context.Context, keys iter.Seq[string]) error {
	if s.cfg.Mode != SyncMirror {
		return nil
	}
	seen := map[string]bool{}
	for k := range keys {
		seen[s.normKey(k)] = true
	}
	clears, known, err := s.absent(ctx, func(k string) bool { return seen[k] })
	if err != nil {
		return err
	}
	return s.guard(len(clears), known)
}
