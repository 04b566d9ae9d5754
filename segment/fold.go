package segment

import (
	"unicode"
	"unicode/utf8"
)

// prefixFold reports whether s starts with prefix under Unicode simple
// case folding, and returns how many bytes of s the prefix covered.
func prefixFold(s, prefix string) (int, bool) {
	i := 0
	for _, pr := range prefix {
		if i >= len(s) {
			return 0, false
		}
		sr, size := utf8.DecodeRuneInString(s[i:])
		if !runeFold(sr, pr) {
			return 0, false
		}
		i += size
	}
	return i, true
}

func hasPrefixFold(s, prefix string) bool {
	_, ok := prefixFold(s, prefix)
	return ok
}

func hasSuffixFold(s, suffix string) bool {
	for i := len(s); i >= 0; i-- {
		if i < len(s) && !utf8.RuneStart(s[i]) {
			continue
		}
		if n, ok := prefixFold(s[i:], suffix); ok && i+n == len(s) {
			return true
		}
	}
	return false
}

func containsFold(s, sub string) bool {
	for i := 0; i <= len(s); i++ {
		if i < len(s) && !utf8.RuneStart(s[i]) {
			continue
		}
		if hasPrefixFold(s[i:], sub) {
			return true
		}
	}
	return false
}

// runeFold reports whether a and b are equal under Unicode simple case
// folding, as strings.EqualFold compares runes.
func runeFold(a, b rune) bool {
	if a == b {
		return true
	}
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		return a == b
	}
	r := unicode.SimpleFold(a)
	for r != a && r != b {
		r = unicode.SimpleFold(r)
	}
	return r == b
}
