package identity

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"

	"github.com/warrenbrasil/customerdata/cdp"
)

// internRulesLabel names the standard normalisers of this release in
// internFingerprint. Change it whenever a standard normaliser, or a rule
// that decides whether a value is interned, changes what it returns: the
// values of snapshots saved before must then be normalised again on Load.
const internRulesLabel = "customerdata/identity: interning rules v1"

// internFingerprint identifies the rules that decide whether a value is
// interned and in which form (its normal value): the blocked values and
// patterns and the legacy mobile repair, under this release's standard
// normalisers. Two configs with one fingerprint intern the same values the
// same way, so Load can intern a snapshot's values as they are. It is nil
// when c has Normalizers: functions cannot be compared. Limits,
// MaxIdentifiers, Priority and Key are not part of it: they decide links
// and IDs, which Load computes again under the loading config.
func internFingerprint(c *Config) []byte {
	if len(c.Normalizers) > 0 {
		return nil
	}
	b := put(nil, internRulesLabel)
	b = binary.AppendUvarint(b, boolInt(c.RepairLegacyMobile))
	for _, m := range []map[cdp.IdentifierType][]string{c.Blocked, c.BlockedPatterns} {
		types := sortedKeys(m)
		b = binary.AppendUvarint(b, uint64(len(types)))
		for _, t := range types {
			vs := slices.Compact(slices.Sorted(slices.Values(m[t])))
			b = put(b, string(t))
			b = binary.AppendUvarint(b, uint64(len(vs)))
			for _, v := range vs {
				b = put(b, v)
			}
		}
	}
	sum := sha256.Sum256(b)
	return sum[:16]
}

// put appends s to b, prefixed by its length so that no two sequences of
// strings give the same bytes.
func put(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func boolInt(v bool) uint64 {
	if v {
		return 1
	}
	return 0
}
