// Package identity normalises customer identifiers and stitches them into
// persons, without over-merging.
//
// The same customer reaches Warren through the platform (user_id, e-mail),
// the transactional systems (CPF), chat (phone, e-mail) and the CRM
// (HubSpot contact id). An [Observation] is a set of identifiers seen
// together by a source at a time; a [Graph] links identifiers seen together
// into one [Person] (union-find with path halving and union by size), under
// rules that keep a family e-mail or a shared device from merging two
// customers.
//
// # Normalisers
//
// [NormalizeEmail], [NormalizeCPF], [NormalizePhone] and [NormalizeID]
// turn what sources write into one normal form each ("Ana@Example.com" →
// "ana@example.com", "529.982.247-25" → "52998224725", "(11) 91234-5678" →
// "+5511912345678"), or return an [*InvalidError] whose [Reason] says why
// (errors.Is [ErrInvalid]). Error messages mask the value; the raw value is
// in the error's Value field. Callers register normalisers for their own
// identifier types in [Config].Normalizers; other types use NormalizeID.
// Normalisers must be idempotent. [Normalize] normalises one value of a
// given type exactly as observations are normalised, for the identifiers a
// job looks up or joins on outside a graph; [ValidateCPF] checks a CPF's
// check digits. [Graph.Resolve], [Graph.PersonOf] and [Graph.Explain]
// normalise their input themselves.
//
// Phone numbers are never guessed: an eight-digit Brazilian mobile number
// (an old number without its ninth digit) is dropped as
// [ReasonLegacyMobile] and counted, because prepending a 9 makes a valid
// number that may be someone else's. [Config].RepairLegacyMobile opts in
// to the repair.
//
// # Rules
//
// [New] validates a [Config]; its zero value means the defaults:
//
//   - per-type limits: at most one user_id and one cpf per person
//     ([DefaultLimits]), and at most [DefaultMaxIdentifiers] identifiers per
//     person;
//   - blocked values ([DefaultBlocked]): placeholder e-mails such as
//     test@test.com, example and test domains, all-same-digit CPFs, "null",
//     "undefined", "n/a", "0"... A blocked value links nothing: it is
//     dropped and counted as [ReasonBlocked]. Callers may add regular
//     expressions in BlockedPatterns;
//   - a type priority ([DefaultPriority]): user_id > cpf > email > phone >
//     hubspot_id > anonymous_id.
//
// Within an observation, identifiers are sorted by type priority, then
// value; the first is the anchor. Every other identifier is linked to the
// anchor's person unless the merged person would break a limit: that one
// link is refused and recorded as a [Conflict] (the observation, the two
// identifiers, the rule), and the rest of the observation still applies.
// So {user_id:u2, email:e, phone:p}, where e already belongs to u1's
// person, leaves e with u1, links p to u2, and records the refused link
// u2–e. Invalid identifiers are dropped and counted ([Graph.Stats]); they
// never fail an observation.
//
// # Determinism
//
// Observations apply in order of observed time, ties in the order they
// were added. An observation older than one already applied marks the
// graph for a rebuild, which the next query performs by replaying the
// compact observation log in order: for the same set of observations the
// persons, canonical IDs and conflicts are identical whatever order they
// were added in.
//
// A person's canonical ID derives from its top-priority identifier (the
// smallest value when there are several of that type): a type prefix and
// the first 16 hex digits of SHA-256("type:value"), as [CanonicalID]
// computes, e.g. "u_a8ae9346b4f3e606" for user_id u-1. IDs are stable from
// run to run, so daily jobs on separate partitions join cleanly.
//
// An unkeyed ID can be reversed by hashing candidates: there are only
// about 10⁹ valid CPFs. Production sets [Config].Key, a secret: IDs then
// use HMAC-SHA-256 under the key ([KeyedCanonicalID], [Graph.CanonicalID])
// and cannot be reversed without it. Snapshots record a fingerprint of the
// key, never the key; [Load] refuses a snapshot saved under another key
// ([ErrKeyMismatch]) and [LoadRekeyed] changes keys on purpose.
//
// # Queries
//
// [Graph.Resolve] maps an identifier to its person ID; [Graph.Person],
// [Graph.PersonOf] and [Graph.Persons] return persons with every
// identifier, when it was first and last seen and by which sources
// ([Person.Latest] picks "the most recently observed e-mail");
// [Graph.Conflicts] lists refused links; [Graph.Explain] returns the chain
// of observations linking two identifiers, or the conflicts keeping them
// apart. [Graph.Profiles] groups per-system cdp.Profile records by person
// and merges their traits with cdp.Merge.
//
// # Input and snapshots
//
// [ReadObservations] and [Graph.ReadNDJSON] read observations as NDJSON,
// one a line:
//
//	{"source":"crm","observed_at":"2026-11-20T10:00:00Z","identifiers":{"user_id":"u-1","email":"Ana@Example.com"}}
//
// A bad line (including one longer than [MaxLineBytes], 1 MiB) is reported
// with its number ([LineError]) and reading goes on; the first
// [MaxLineErrors] (50) are kept and the rest counted, as everywhere in the
// module (see cdp.DefaultMaxErrors). An invalid identifier is dropped and
// counted per type and reason.
//
// [Graph.Save] writes a versioned snapshot (magic, version, the observation
// log, CRC-32C) and [Load] reads it back under a Config, so a job can carry
// the graph from run to run: adding observations after Load gives the same
// graph as one run over all of them. A truncated or corrupt snapshot gives
// [ErrCorruptSnapshot] and no graph.
//
// # Performance
//
// Identifier values are interned once, in pointer-free arenas, with an
// open-addressing table and 32-byte per-identifier records (internal ids
// are int32), so a graph of millions of identifiers costs the garbage
// collector little. Exact blocked values live in the same table, so the
// lookup a new identifier needs anyway also checks the blocklist. Add
// queues up to 32 observations and applies them together, loading their
// table slots first so that the cache misses overlap; every query applies
// the queue first, so the queueing is never visible. The links behind
// [Graph.Explain] are recorded only from its first call on (by replaying
// the log once). See the package benchmarks: BenchmarkStitch reports ns
// per observation and heap bytes per identifier, BenchmarkResolve the cost
// of a lookup by working-set size.
//
// A Graph is safe for concurrent use.
package identity
