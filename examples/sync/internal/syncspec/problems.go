package syncspec

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is matched by every Problems: the spec was refused.
var ErrInvalid = errors.New("syncspec: invalid spec")

// Problem is one thing wrong with a spec, at one JSON path ("" for the
// whole document). Messages quote spec values, never data rows.
type Problem struct {
	Path string
	Msg  string
}

// Error returns "path: message".
func (p Problem) Error() string {
	if p.Path == "" {
		return p.Msg
	}
	return p.Path + ": " + p.Msg
}

// Problems is every problem of a refused spec, in the order found.
type Problems []Problem

// Error returns one problem a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Is reports whether target is ErrInvalid.
func (ps Problems) Is(target error) bool { return target == ErrInvalid }

// problems collects Problems while a spec is checked.
type problems struct{ list Problems }

func (p *problems) add(path, format string, args ...any) {
	p.list = append(p.list, Problem{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return p.list
}

// join returns the path of field inside path.
func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// index returns the path of element i of the array at path.
func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }
