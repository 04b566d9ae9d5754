package alert

import (
	"context"
	"fmt"
	"hash/maphash"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/examples/internal/jobkit"
	"github.com/warrenbrasil/customerdata/identity"
)

// Position is one fixed-income position of the positions input.
type Position struct {
	ID          string
	UserID      string // normalised
	CPF         string // normalised: 11 digits
	ProductName string
	ProductType string
	Maturity    calendar.Date
	Amount      decimal.Decimal
}

// The positions columns, by index in Schema.
const (
	colPositionID = iota
	colUserID
	colCPF
	colProductName
	colProductType
	colMaturity
	colAmount
)

// MaxProductName bounds a product name: each due position becomes one line
// of the cdp_expiring_products property, whose value HubSpot caps at 65,536
// characters, and an advisor reads it in a task.
const MaxProductName = 200

// Schema is what a positions input (CSV, NDJSON or Parquet) holds.
var Schema = rows.MustSchema(
	rows.Column{Name: "position_id", Kind: rows.String, Required: true, MaxLen: 100},
	rows.Column{Name: "user_id", Kind: rows.String, MaxLen: 100, PII: true},
	rows.Column{Name: "cpf", Kind: rows.String, MaxLen: 20, PII: true},
	rows.Column{Name: "product_name", Kind: rows.String, Required: true, MaxLen: MaxProductName},
	rows.Column{Name: "product_type", Kind: rows.String, MaxLen: 50},
	rows.Column{Name: "maturity_date", Kind: rows.Date, Required: true},
	rows.Column{Name: "amount", Kind: rows.Decimal, Required: true},
)

// Read streams the positions of r to fn, checking what the schema
// cannot: unique position IDs, a holder (user_id or a CPF with valid check
// digits) and a non-negative amount. Bad rows are not given to fn; the
// error at the end lists them (the first 50, and how many more).
func Read(ctx context.Context, r *rows.Reader, fn func(Position)) (read int, err error) {
	seen := make(map[uint64]rows.Pos) // by a hash of the position ID: 1,000,000 IDs in a few MB
	seed := maphash.MakeSeed()
	for r.Next(ctx) {
		row := r.Row()
		p := Position{
			ID:          row.String(colPositionID),
			ProductName: row.String(colProductName),
			ProductType: row.String(colProductType),
			Maturity:    row.Date(colMaturity),
			Amount:      row.Decimal(colAmount),
		}
		good := true
		reject := func(col int, msg string) {
			r.Reject(col, rows.Fail(msg))
			good = false
		}
		h := maphash.String(seed, p.ID)
		if first, dup := seen[h]; dup {
			reject(colPositionID, fmt.Sprintf("%q repeats the position of %s", p.ID, jobkit.Where(first)))
		} else {
			seen[h] = row.Pos()
		}
		if v := row.String(colUserID); v != "" {
			if p.UserID, err = identity.Normalize(cdp.UserID, v); err != nil {
				reject(colUserID, "is not a valid user id")
			}
		}
		if v := row.String(colCPF); v != "" {
			if p.CPF, err = identity.NormalizeCPF(v); err != nil {
				reject(colCPF, "is not a valid CPF (wrong check digits or length)")
			}
		}
		if row.String(colUserID) == "" && row.String(colCPF) == "" {
			reject(colUserID, "user_id and cpf are both empty: one is required")
		}
		if p.Amount.IsNegative() {
			reject(colAmount, "is negative: want an amount >= 0")
		}
		if good {
			read++
			fn(p)
		}
	}
	return read, r.Err()
}

// Identifiers are the position's holder Identifiers, in the order they
// resolve: the platform user id first, then the CPF.
func (p Position) Identifiers() [2]cdp.Identifier {
	return [2]cdp.Identifier{{Type: cdp.UserID, Value: p.UserID}, {Type: cdp.CPF, Value: p.CPF}}
}
