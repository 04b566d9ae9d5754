package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
)

// Position is one fixed-income position from the positions CSV.
type Position struct {
	ID          string
	UserID      string
	CPF         string
	ProductName string
	ProductType string
	Maturity    calendar.Date
	Amount      decimal.Decimal
	Line        int // the CSV line it came from, for messages
}

// requiredColumns are the header names a positions CSV must have.
var requiredColumns = []string{"position_id", "user_id", "cpf", "product_name", "product_type", "maturity_date", "amount"}

// InputError is a bad positions row: its line, column and what is wrong.
type InputError struct {
	Line   int
	Column string
	Err    error
}

func (e *InputError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("line %d, column %s: %v", e.Line, e.Column, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

// maxInputErrors bounds how many row errors are collected before reading
// stops, so a wrong file does not print a million lines.
const maxInputErrors = 50

// readPositions reads a positions CSV. The header may order columns freely
// and carry extra ones. Every bad row is reported (up to maxInputErrors) with
// its line and column; any error means no position may be sent.
func readPositions(r io.Reader) ([]Position, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &InputError{Line: 1, Err: errors.New("empty file: want a header with " + strings.Join(requiredColumns, ","))}
	}
	if err != nil {
		return nil, &InputError{Line: 1, Err: err}
	}
	col := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := col[h]; dup {
			return nil, &InputError{Line: 1, Column: h, Err: errors.New("duplicate column")}
		}
		col[h] = i
	}
	var missing []string
	for _, name := range requiredColumns {
		if _, ok := col[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, &InputError{Line: 1, Err: fmt.Errorf("header lacks column(s) %s", strings.Join(missing, ", "))}
	}

	var (
		positions []Position
		errs      []error
		seen      = make(map[string]int)
	)
	fail := func(line int, column string, format string, args ...any) {
		errs = append(errs, &InputError{Line: line, Column: column, Err: fmt.Errorf(format, args...)})
	}
	for len(errs) < maxInputErrors {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			errs = append(errs, &InputError{Line: line, Err: err})
			if pe == nil || !errors.Is(pe.Err, csv.ErrFieldCount) {
				break // the reader cannot resynchronise after a quoting error
			}
			continue
		}
		field := func(name string) string {
			i := col[name]
			if i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		if len(rec) != len(header) {
			fail(line, "", "has %d fields, the header has %d", len(rec), len(header))
			continue
		}
		p := Position{
			ID:          field("position_id"),
			UserID:      field("user_id"),
			CPF:         field("cpf"),
			ProductName: field("product_name"),
			ProductType: field("product_type"),
			Line:        line,
		}
		bad := len(errs)
		if p.ID == "" {
			fail(line, "position_id", "is required")
		} else if first, dup := seen[p.ID]; dup {
			fail(line, "position_id", "%q repeats the position on line %d", p.ID, first)
		} else {
			seen[p.ID] = line
		}
		if p.UserID == "" && p.CPF == "" {
			fail(line, "user_id", "user_id and cpf are both empty: one is required")
		}
		if p.ProductName == "" {
			fail(line, "product_name", "is required")
		}
		if d, err := calendar.ParseDate(field("maturity_date")); err != nil {
			fail(line, "maturity_date", "%v", err)
		} else {
			p.Maturity = d
		}
		if a, err := parseAmount(field("amount")); err != nil {
			fail(line, "amount", "%v", err)
		} else {
			p.Amount = a
		}
		if len(errs) == bad {
			positions = append(positions, p)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return positions, nil
}

// parseAmount accepts a non-negative decimal with '.' as the separator and no
// exponent or thousands separator: "1234.56", "0.10", "1000".
func parseAmount(s string) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Decimal{}, errors.New("is required")
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		case c == '-' && i == 0:
			return decimal.Decimal{}, fmt.Errorf("%q is negative: want an amount >= 0", s)
		default:
			return decimal.Decimal{}, fmt.Errorf("%q is not a decimal amount like 1234.56", s)
		}
	}
	return decimal.NewFromString(s)
}
