package identity

import "encoding/binary"

// arena stores the bytes of interned values in pointer-free pages of at
// most 1 MiB, so the garbage collector never scans them. Each value is
// stored as its length (a uvarint) then its bytes, and referred to by a
// uint32: page index and offset. Values are never modified once written.
type arena struct {
	pages [][]byte
}

const (
	arenaPageBits = 20 // 1 MiB pages at most
	arenaPageSize = 1 << arenaPageBits
	arenaMaxPages = 1 << (32 - arenaPageBits)
	// maxValueLen is the longest value a Graph interns.
	maxValueLen = 1<<16 - 1
)

// add copies v into the arena and returns its reference, or false when
// the arena is full (4 GiB). v must not exceed maxValueLen.
func (a *arena) add(v string) (uint32, bool) {
	need := binary.MaxVarintLen32 + len(v)
	n := len(a.pages)
	if n == 0 || len(a.pages[n-1])+need > cap(a.pages[n-1]) {
		if n == arenaMaxPages {
			return 0, false
		}
		size := arenaPageSize
		if n < 7 { // small graphs stay small: 8 KiB, 16 KiB, ... then 1 MiB
			size = 8 << 10 << n
		}
		size = max(size, need)
		a.pages = append(a.pages, make([]byte, 0, size))
		n++
	}
	p := a.pages[n-1]
	off := len(p)
	p = binary.AppendUvarint(p, uint64(len(v)))
	a.pages[n-1] = append(p, v...)
	return uint32(n-1)<<arenaPageBits | uint32(off), true
}

// bytes returns the value with reference ref. The caller must not modify it.
func (a *arena) bytes(ref uint32) []byte {
	p := a.pages[ref>>arenaPageBits][ref&(arenaPageSize-1):]
	if p[0] < 0x80 { // the usual one-byte length
		return p[1 : 1+p[0] : 1+p[0]]
	}
	n, k := binary.Uvarint(p)
	return p[k : k+int(n) : k+int(n)]
}
