package rows

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// openInput does what every text reader does first: it checks its
// arguments (constructor names the caller in the error), applies opts and
// opens r with openText.
func openInput(constructor string, r io.Reader, name string, s *Schema, opts []Option) (*bufio.Reader, Config, error) {
	if s == nil || r == nil {
		return nil, Config{}, errors.New("rows: " + constructor + " needs a reader and a schema")
	}
	c, err := NewConfig(opts...)
	if err != nil {
		return nil, Config{}, err
	}
	br, err := openText(r, name)
	return br, c, err
}

// openText wraps r in a buffered reader, skips a UTF-8 byte-order mark and
// refuses UTF-16 (by its byte-order mark, or by NUL bytes in the first
// bytes) with a hint.
func openText(r io.Reader, name string) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(64)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}), bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return nil, utf16Error(name, "it starts with a UTF-16 byte-order mark")
	case bytes.IndexByte(head, 0) >= 0:
		return nil, utf16Error(name, "it has NUL bytes, as UTF-16 text does")
	}
	return br, nil
}

func utf16Error(name, why string) error {
	return &Error{Source: name, Line: 1, Err: fmt.Errorf("%w: the file looks UTF-16 encoded (%s): save it as UTF-8 (in Excel: \"CSV UTF-8\")", ErrHeader, why)}
}

// separatorHint says when a CSV header read with comma looks separated
// by ';' or a tab instead.
func separatorHint(header []string, comma rune) string {
	if len(header) != 1 {
		return ""
	}
	h := header[0]
	switch {
	case comma != ';' && strings.Contains(h, ";"):
		return "the header looks semicolon-separated (Excel's default in Brazil): save the file with ',' separators, or read it with the Comma(';') option"
	case comma != '\t' && strings.Contains(h, "\t"):
		return "the header looks tab-separated: save the file with ',' separators, or read it with the Comma('\\t') option"
	}
	return ""
}

// caseHint is the message for a name that matches a schema column only
// when case is ignored.
func caseHint(what, got, want string) error {
	return fmt.Errorf("%w: %s %q differs from %q only in case: rename it, or read with the FoldCase option", ErrMissingColumn, what, got, want)
}
