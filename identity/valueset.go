package identity

// valueSet is an immutable set of strings with a Bloom filter in front of
// its map: most values not in the set are rejected by one hash and two bit
// tests, without the map lookup. The blocklists are checked for every new
// identifier, so this is on the stitching hot path.
type valueSet struct {
	bits []uint64 // the filter; len is a power of two
	m    map[string]struct{}
}

// newValueSet returns the set of vs.
func newValueSet(vs []string) valueSet {
	if len(vs) == 0 {
		return valueSet{}
	}
	s := valueSet{m: make(map[string]struct{}, len(vs))}
	words := 8 // at least 512 bits, and about 32 bits per value
	for words*64 < 32*len(vs) {
		words *= 2
	}
	s.bits = make([]uint64, words)
	for _, v := range vs {
		s.m[v] = struct{}{}
		b1, b2 := s.bitsOf(v)
		s.bits[b1/64] |= 1 << (b1 % 64)
		s.bits[b2/64] |= 1 << (b2 % 64)
	}
	return s
}

// bitsOf returns the two filter bits of v.
func (s *valueSet) bitsOf(v string) (uint, uint) {
	h := filterHash(v)
	mask := uint(len(s.bits)*64 - 1)
	return uint(h) & mask, uint(h>>32) & mask
}

// len returns the number of values in the set.
func (s *valueSet) len() int { return len(s.m) }

// contains reports whether v is in the set.
func (s *valueSet) contains(v string) bool {
	if len(s.m) == 0 {
		return false
	}
	b1, b2 := s.bitsOf(v)
	if s.bits[b1/64]&(1<<(b1%64)) == 0 || s.bits[b2/64]&(1<<(b2%64)) == 0 {
		return false
	}
	_, ok := s.m[v]
	return ok
}

// filterHash is a cheap hash of v for the filter: its length and its first
// and last eight bytes, mixed. The map behind the filter has the last
// word, so a poor spread only costs map lookups.
func filterHash(v string) uint64 {
	n := len(v)
	var a, b uint64
	if n >= 8 {
		a = le64(v)
		b = le64(v[n-8:])
	} else {
		for i := 0; i < n; i++ {
			a = a<<8 | uint64(v[i])
		}
	}
	h := (a ^ uint64(n)*0x9E3779B97F4A7C15) * 0xBF58476D1CE4E5B9
	h ^= b * 0x94D049BB133111EB
	h ^= h >> 31
	h *= 0xD6E8FEB86659FD93
	return h ^ h>>32
}

// le64 reads the first eight bytes of s, little-endian.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
