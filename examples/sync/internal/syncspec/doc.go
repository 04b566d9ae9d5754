// Package syncspec reads the declarative spec of a customer-data-to-HubSpot
// sync and runs its data side: it reads the sources into typed rows,
// stitches their identifiers into persons, merges each person's traits,
// evaluates the audience and the named segments, and turns every member
// into a hubspot.SyncRecord. Sending is left to hubspot.ContactSync, whose
// configuration the spec also gives (SyncConfig).
//
// # Checking
//
// Parse is strict: an unknown field, a wrong JSON type, a trait missing
// from the catalog, a segment that does not type-check against it, an
// invalid HubSpot property name or a type that does not fit the trait's
// kind are all refused, every one of them at once, each named by its JSON
// path:
//
//	mappings[2].property: "Saldo" is not a valid HubSpot property name (want ^[a-z][a-z0-9_]*$)
//
// The error is a Problems (errors.Is ErrInvalid). Nothing is read before the
// spec is valid.
//
// # Reading
//
// Build reads every source twice, streaming: the first pass checks every
// row and feeds the identity graph, the second resolves each row to its
// person and merges its traits (the newest observation wins; see
// cdp.MergeTrait). Memory grows with the persons, not with the rows. Any bad
// row of any source fails Build with the rows package's errors, which name
// the source, the line and the column, never a personal value.
//
// The package opens no file itself: the caller gives an Opener.
package syncspec
