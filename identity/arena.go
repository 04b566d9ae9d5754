package identity

// arena stores the bytes of interned values in large pointer-free pages,
// so the garbage collector never scans them and each value costs its
// length plus eight bytes for its reference. Values are never modified
// once written.
type arena struct {
	pages [][]byte
}

const (
	arenaPageBits = 20 // 1 MiB pages
	arenaPageSize = 1 << arenaPageBits
	arenaLenBits  = 20
	// maxValueLen is the longest value a Graph interns.
	maxValueLen = 1<<arenaLenBits - 1
)

// add copies v into the arena and returns its reference: page index,
// offset and length packed into a uint64. v must not exceed maxValueLen.
func (a *arena) add(v string) uint64 {
	n := len(a.pages)
	if n == 0 || len(a.pages[n-1])+len(v) > cap(a.pages[n-1]) {
		size := arenaPageSize
		if n > 0 && n < 8 { // small graphs stay small: 8 KiB, 16 KiB, ... then 1 MiB
			size = min(size, 8<<10<<n)
		} else if n == 0 {
			size = 8 << 10
		}
		size = max(size, len(v))
		a.pages = append(a.pages, make([]byte, 0, size))
		n++
	}
	p := a.pages[n-1]
	off := len(p)
	a.pages[n-1] = append(p, v...)
	return uint64(n-1)<<(arenaPageBits+arenaLenBits) | uint64(off)<<arenaLenBits | uint64(len(v))
}

// bytes returns the value with reference ref. The caller must not modify it.
func (a *arena) bytes(ref uint64) []byte {
	page := ref >> (arenaPageBits + arenaLenBits)
	off := ref >> arenaLenBits & (arenaPageSize - 1)
	n := ref & (1<<arenaLenBits - 1)
	return a.pages[page][off : off+n : off+n]
}
